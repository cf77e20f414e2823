// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

namespace workbench::models {

struct ManifestFile;

/// How a mesh service was paired with the service manifest that builds what it runs.
enum class ServiceMatchKind {
    None,       ///< no manifest: an external (curated) image
    Image,      ///< the manifest's `build.to` is the image the mesh service runs
    BuildName,  ///< no image matched; the manifest's `build.name` is the mesh service's name
    Folder,     ///< no image or build.name matched; the manifest's folder has the service's name
};

struct ServiceMatch {
    const ManifestFile *file = nullptr;
    ServiceMatchKind kind = ServiceMatchKind::None;

    bool matched() const { return file != nullptr; }
};

/// The form in which image references are compared: `${VAR}` written as `$VAR`, surrounding
/// white space dropped.
QString normalizedImageReference(const QString &image);

/// The one rule that pairs the services of a mesh with the service manifests of a project (the
/// validator, the policy generator and ManifestProject::serviceForImage() all use it):
///
/// 1. **Image**: the manifest whose `build.to` equals the mesh service's `image`, both compared
///    as normalizedImageReference() after the caller's resolution (the policy generator
///    substitutes the deployment settings first, so `$APP_IMAGE_REPO/api:1` and
///    `registry.example.com/api:1` are the same image there). This is how sconectl pairs them.
///    Several mesh services may run the same image, and so share its manifest.
/// 2. **build.name**: when no manifest builds that image, the manifest whose `build.name` is the
///    mesh service's name (the image references differ, e.g. a tag bumped on one side only).
/// 3. **Folder**: else the manifest in a sub-folder named like the mesh service
///    (`api/service.yaml` for service `api`; a manifest at the top of the project has none).
///
/// When several manifests qualify at one level, the first in the order given wins. The
/// fallbacks (2, 3) only consider manifests that no mesh service runs by image, and each such
/// manifest serves at most one mesh service (the first, in mesh order, that falls back to it),
/// so a fallback never takes another service's manifest. Callers report a fallback as a
/// mismatch: the image the mesh runs is not the one the manifest builds.
///
/// Built once per analysis: hash lookups, linear in the number of manifests and services.
/// Holds pointers to the files given; they must outlive the index.
class ServiceManifestIndex
{
public:
    /// The image a manifest builds, as the caller resolves it (default: `build.to` as written).
    using ImageOf = std::function<QString(const ManifestFile &)>;

    /// @p serviceFiles are service manifests (ManifestFile::service set; others are ignored), in
    /// priority order. @p rootDir is the project folder (files directly in it have no folder
    /// name); empty for in-memory projects, where a path without a folder has none.
    explicit ServiceManifestIndex(const QList<const ManifestFile *> &serviceFiles, const QString &rootDir = {},
                                  const ImageOf &imageOf = {});

    /// The first manifest that builds @p image (compared normalized), or nullptr.
    const ManifestFile *byImage(const QString &image) const;

    /// One match per mesh service, parallel to @p meshServices: (name, image as the caller
    /// resolved it).
    QList<ServiceMatch> match(const QList<QPair<QString, QString>> &meshServices) const;

    const QList<const ManifestFile *> &files() const { return m_files; }

private:
    QList<const ManifestFile *> m_files;
    QHash<QString, const ManifestFile *> m_byImage;          ///< normalized image -> first manifest
    QHash<QString, QList<const ManifestFile *>> m_byName;    ///< build.name -> manifests, in order
    QHash<QString, QList<const ManifestFile *>> m_byFolder;  ///< folder name -> manifests, in order
};

}  // namespace workbench::models
