// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/parallelfor.h"
#include "core/result.h"
#include "manifest/casessionfile.h"
#include "manifest/meshmanifest.h"
#include "manifest/servicemanifest.h"
#include "manifest/yamldocument.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

namespace workbench::models {

/// One YAML file of a project: its document and, according to its `kind`, a typed view.
struct ManifestFile {
    enum class Kind { Service, Mesh, Session, Other };

    QString path;  ///< as added; loadFolder(dir) gives `dir/relative/path` with `dir` as passed
    Kind kind = Kind::Other;
    YamlDocument document;
    /// Exactly one of these is set for Service / Mesh / Session files.
    std::shared_ptr<const ServiceManifest> service;
    std::shared_ptr<const MeshManifest> mesh;
    std::shared_ptr<const CasSessionFile> session;
};

/// The manifests of a project: service manifests, mesh manifest(s), session files, recognised by
/// their content (`kind: genservice` / `kind: mesh` / a CAS session), not their file name.
/// Built from a folder on disk, or from texts in memory so the editor can validate unsaved
/// buffers (`setText(path, bytes)` replaces one file and re-reads only that one).
class ManifestProject
{
public:
    ManifestProject();

    /// Loads every YAML file (*.yaml, *.yml, *.yaml.template, *.yml.template) of @p dir, using
    /// models/project's scanner (hidden folders and target/ are skipped).
    /// The files are read and parsed through @p parallelFor when given (the same project as
    /// without it: files in scan order, the first failing file's error).
    static Result<ManifestProject> loadFolder(const QString &dir, const ParallelFor &parallelFor = {});
    /// Loads the given files; each is classified by content.
    static Result<ManifestProject> loadFiles(const QStringList &paths);

    /// Folder the project was loaded from (used to resolve `copy:`/`requirements:` paths); may
    /// be empty for in-memory projects.
    QString rootDir() const { return m_rootDir; }
    void setRootDir(const QString &dir) { m_rootDir = dir; }
    /// The folder as given to loadFolder() (for messages); empty for in-memory projects.
    QString folder() const { return m_folder; }

    /// Adds or replaces a file from memory; classified by content. Cheap: re-parses only it.
    void setText(const QString &path, const QByteArray &text);
    bool removeFile(const QString &path);
    void clear();

    const QList<ManifestFile> &files() const { return m_files; }
    const ManifestFile *file(const QString &path) const;
    QList<const ManifestFile *> serviceFiles() const;
    QList<const ManifestFile *> meshFiles() const;
    QList<const ManifestFile *> sessionFiles() const;

    /// The service manifest whose `build.to` equals @p image (compared as
    /// normalizedImageReference(), the first in file order), if any. Builds a
    /// ServiceManifestIndex: to pair a whole mesh, build one and use it.
    const ManifestFile *serviceForImage(const QString &image) const;

    /// Classifies a document: genservice/genAppImage → Service, mesh → Mesh, top-level `name` +
    /// session sections → Session.
    static ManifestFile::Kind classify(const YamlDocument &doc);

private:
    void rebuildIndex();

    QString m_rootDir;
    QString m_folder;
    QList<ManifestFile> m_files;
    QHash<QString, int> m_indexByPath;
};

}  // namespace workbench::models
