// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "manifest/servicemanifest.h"

#include <QList>
#include <QString>

namespace workbench::models::build {

/// How a service image is built.
enum class BuildRoute {
    Sconectl,  ///< `sconectl apply -f service.yaml` (confidential image, signed)
    Native,    ///< a generated Containerfile built with buildah, podman or docker (no enclave)
};

/// One project file or folder that goes into a build context.
struct ContextEntry {
    enum class Kind {
        Copy,          ///< a `build.copy` entry
        Requirements,  ///< `build.requirements`
        SigningKey,    ///< `build.signature.key` (default `target/identity.pem`), sconectl route only
    };
    Kind kind = Kind::Copy;
    QString path;  ///< relative to the service folder (clean; `.` for the folder itself)
    bool isFolder = false;
};

/// The build context of one service inside the working folder. The working folder mirrors the
/// project: the service folder `flask-api/` of the project becomes `<work>/flask-api/`, holding
/// the rendered manifest, the files the build names and (native route) the Containerfile. That
/// is also where sconectl runs: it only sees files under its working directory.
struct BuildContext {
    QString serviceName;  ///< `build.name`
    BuildRoute route = BuildRoute::Native;
    QString manifestPath;      ///< project-relative path of the manifest (`flask-api/service.yaml.template`)
    QString serviceFolder;     ///< project-relative folder of the manifest; "" for the project root
    QString renderedManifest;  ///< work-relative path of the rendered manifest (`flask-api/service.yaml`)
    QString containerfile;     ///< work-relative path of the Containerfile (native route; else empty)
    QList<ContextEntry> entries;

    /// `workDir/serviceFolder`: the context directory given to the image builder and the
    /// working directory of sconectl.
    QString contextDir(const QString &workDir) const;
};

/// Plans the build context of the service manifest @p manifestPath (relative to @p projectDir)
/// from its *rendered* build section: the `copy` entries and `requirements` (both routes), and
/// for the sconectl route the signing key when it exists (sconectl generates one otherwise).
/// Checks that every named file exists inside the service folder. Errors: `build.copy.path`
/// (see cleanCopyPath()), `build.copy.missing`.
Result<BuildContext> planBuildContext(const QString &projectDir, const QString &manifestPath,
                                      const BuildSection &renderedBuild, BuildRoute route);

/// Copies the context's entries from the project into `context.contextDir(workDir)` (folders
/// recursively, hidden files included, the workbench's own `.scone-workbench` folder excluded;
/// a symbolic link is followed only when it stays inside the project). When @p containerfile
/// is not empty it is written to `context.containerfile`. The rendered manifest is written by
/// writeRenderedManifests(). Errors: `build.copy.missing`, `build.copy.link`, `build.write`.
Status writeBuildContext(const QString &projectDir, const QString &workDir, const BuildContext &context,
                         const QByteArray &containerfile = {});

}  // namespace workbench::models::build
