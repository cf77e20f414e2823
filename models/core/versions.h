// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace workbench::models {

/// Versions of the libraries this layer is built on (Qt, OpenSSL, yaml-cpp), as
/// (component, version) pairs, for the About box and `--version`.
QList<QPair<QString, QString>> libraryVersions();

}  // namespace workbench::models
