// SPDX-License-Identifier: Apache-2.0
#include "manifest/manifestproject.h"

#include "manifest/servicematch.h"
#include "project/projectfiles.h"

#include <QDir>
#include <QFileInfo>

#include <optional>
#include <vector>

namespace workbench::models {

namespace {
ManifestFile makeFile(const QString &path, YamlDocument doc)
{
    ManifestFile f;
    f.path = path;
    doc.setFileName(path);
    f.kind = ManifestProject::classify(doc);
    switch (f.kind) {
    case ManifestFile::Kind::Service:
        f.service = std::make_shared<const ServiceManifest>(ServiceManifest::fromDocument(doc));
        break;
    case ManifestFile::Kind::Mesh:
        f.mesh = std::make_shared<const MeshManifest>(MeshManifest::fromDocument(doc));
        break;
    case ManifestFile::Kind::Session:
        f.session = std::make_shared<const CasSessionFile>(CasSessionFile::fromDocument(doc));
        break;
    case ManifestFile::Kind::Other:
        break;
    }
    f.document = std::move(doc);
    return f;
}
}  // namespace

ManifestProject::ManifestProject() = default;

ManifestFile::Kind ManifestProject::classify(const YamlDocument &doc)
{
    const YamlNode *root = doc.root() ? doc.root()->resolved() : nullptr;
    if (!root || !root->isMapping()) {
        if (doc.isValid())
            return ManifestFile::Kind::Other;
        // A file that does not parse is still a manifest if its text says so, so that its
        // syntax error is reported as part of the project.
        QString kind;
        switch (classifyYamlText(doc.text(), &kind)) {
        case ProjectFileCategory::ServiceManifest:
            return ManifestFile::Kind::Service;
        case ProjectFileCategory::MeshManifest:
            return ManifestFile::Kind::Mesh;
        case ProjectFileCategory::CasSession:
            return ManifestFile::Kind::Session;
        default:
            return ManifestFile::Kind::Other;
        }
    }
    const QString kind = doc.kind();
    if (kind == QLatin1String("genservice") || kind == QLatin1String("genAppImage"))
        return ManifestFile::Kind::Service;
    if (kind == QLatin1String("mesh"))
        return ManifestFile::Kind::Mesh;
    if (root->indexOfKey(u"kind") < 0 && root->indexOfKey(u"name") >= 0) {
        for (const char16_t *k : {u"services", u"secrets", u"images", u"access_policy", u"security", u"volumes"})
            if (root->indexOfKey(QStringView(k)) >= 0)
                return ManifestFile::Kind::Session;
    }
    return ManifestFile::Kind::Other;
}

Result<ManifestProject> ManifestProject::loadFolder(const QString &dir, const ParallelFor &parallelFor)
{
    const QFileInfo fi(dir);
    if (!fi.isDir()) {
        Error e = makeError(QStringLiteral("project.not-a-folder"), QStringLiteral("%1 is not a folder").arg(dir));
        e.file = dir;
        return e;
    }
    ManifestProject p;
    p.m_rootDir = fi.absoluteFilePath();
    p.m_folder = QDir::cleanPath(dir);
    // Every YAML file is read and classified by its parse below: the scan only lists them.
    QList<ProjectFileInfo> files = scanProjectFiles(p.m_rootDir, 4, /*classify=*/false);
    files.removeIf(
        [](const ProjectFileInfo &f) { return !isYamlFileName(f.relativePath.section(QLatin1Char('/'), -1)); });
    // Every file is read and parsed on its own (in parallel when the caller gives threads); the
    // project takes them in scan order, and the first file that cannot be read fails the load.
    std::vector<std::optional<Result<ManifestFile>>> loaded(size_t(files.size()));
    runParallel(parallelFor, files.size(), [&](qsizetype i) {
        const ProjectFileInfo &f = files.at(i);
        auto doc = YamlDocument::fromFile(f.absolutePath);
        if (!doc) {
            loaded[size_t(i)].emplace(doc.error());
            return;
        }
        // paths as the caller spelled the folder, so messages show what the user typed
        loaded[size_t(i)].emplace(
            makeFile(QDir::cleanPath(dir + QLatin1Char('/') + f.relativePath), std::move(doc).value()));
    });
    p.m_files.reserve(files.size());
    for (std::optional<Result<ManifestFile>> &f : loaded) {
        if (!f->ok())
            return f->error();
        p.m_files.append(std::move(*f).value());
    }
    p.rebuildIndex();
    return p;
}

Result<ManifestProject> ManifestProject::loadFiles(const QStringList &paths)
{
    ManifestProject p;
    for (const QString &path : paths) {
        auto doc = YamlDocument::fromFile(path);
        if (!doc)
            return doc.error();
        p.m_files.append(makeFile(path, std::move(doc).value()));
    }
    p.rebuildIndex();
    return p;
}

void ManifestProject::setText(const QString &path, const QByteArray &text)
{
    ManifestFile f = makeFile(path, YamlDocument::fromText(text, path));
    const auto it = m_indexByPath.constFind(path);
    if (it != m_indexByPath.constEnd()) {
        m_files[it.value()] = std::move(f);
        return;
    }
    m_files.append(std::move(f));
    m_indexByPath.insert(path, int(m_files.size()) - 1);
}

bool ManifestProject::removeFile(const QString &path)
{
    const auto it = m_indexByPath.constFind(path);
    if (it == m_indexByPath.constEnd())
        return false;
    m_files.removeAt(it.value());
    rebuildIndex();
    return true;
}

void ManifestProject::clear()
{
    m_files.clear();
    m_indexByPath.clear();
}

const ManifestFile *ManifestProject::file(const QString &path) const
{
    const auto it = m_indexByPath.constFind(path);
    return it == m_indexByPath.constEnd() ? nullptr : &m_files.at(it.value());
}

QList<const ManifestFile *> ManifestProject::serviceFiles() const
{
    QList<const ManifestFile *> out;
    for (const ManifestFile &f : m_files)
        if (f.kind == ManifestFile::Kind::Service)
            out.append(&f);
    return out;
}

QList<const ManifestFile *> ManifestProject::meshFiles() const
{
    QList<const ManifestFile *> out;
    for (const ManifestFile &f : m_files)
        if (f.kind == ManifestFile::Kind::Mesh)
            out.append(&f);
    return out;
}

QList<const ManifestFile *> ManifestProject::sessionFiles() const
{
    QList<const ManifestFile *> out;
    for (const ManifestFile &f : m_files)
        if (f.kind == ManifestFile::Kind::Session)
            out.append(&f);
    return out;
}

const ManifestFile *ManifestProject::serviceForImage(const QString &image) const
{
    return ServiceManifestIndex(serviceFiles(), m_rootDir).byImage(image);
}

void ManifestProject::rebuildIndex()
{
    m_indexByPath.clear();
    for (int i = 0; i < m_files.size(); ++i)
        m_indexByPath.insert(m_files.at(i).path, i);
}

}  // namespace workbench::models
