// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace workbench::test {

/// The shape of a generated project: the tutorials' shapes, repeated.
///
/// Service `svc-<i>` (folder `svc-<i>/service.yaml`) has its own CA (`svc_<i>_ca`, a private
/// key for it) and a server certificate (`svc_<i>_cert`) that CA issues for the DNS names
/// `svc-<i>` and `{{svc_<i>_host}}`; it imports the CAs of the @ref importFanOut services before
/// it (an import chain; every CA is exported to that many importers) and injects its
/// certificate, key, its CA and every imported CA as files, plus a resolv.conf with a mesh
/// variable. Its global variables are its own `svc_<i>_host` and that of the previous service
/// (which it talks to through a local variable). The mesh sets every `svc_<i>_host` in its
/// `global` block (the block grows with the mesh), a helm block, and one block per service
/// (`APP_SERVICE_PORT`). CAs that nobody imports are `export_public` (clients fetch them).
/// The project validates without errors and renders and issues with the settings written.
struct ScaleProjectOptions {
    int services = 200;
    int importFanOut = 3;      ///< CAs of the previous services each service imports
    bool withSettings = true;  ///< write `.scone-workbench/settings.yaml` (APP_NAMESPACE fixed)
};

/// The files of the generated project: relative path → content, in a fixed order.
QList<QPair<QString, QByteArray>> scaleProjectFiles(const ScaleProjectOptions &options);

/// Writes the generated project into @p dir (created when missing); false on error.
bool writeScaleProject(const QString &dir, const ScaleProjectOptions &options);

}  // namespace workbench::test
