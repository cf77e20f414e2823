// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine::process {

/// Where to get an external tool the workbench runs.
struct ToolInfo {
    QString name;           ///< executable name, "buildah"
    QString description;    ///< "container image builder"
    QString debianPackage;  ///< empty when Debian 12 has none
    QString installUrl;     ///< upstream install instructions

    /// "Install the Debian package "buildah" (sudo apt install buildah), or see URL."
    QString installHint() const;

    /// The table of tools the workbench knows.
    static const QList<ToolInfo> &knownTools();
    static std::optional<ToolInfo> find(const QString &name);
};

}  // namespace workbench::engine::process
