// SPDX-License-Identifier: Apache-2.0
#include "manifest/servicematch.h"

#include "manifest/manifestproject.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace workbench::models {

namespace {

/// Name of the folder that holds @p path, empty when it is the project folder itself.
QString folderName(const QString &path, const QString &rootDir)
{
    const QFileInfo fi(path);
    if (rootDir.isEmpty()) {
        const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
        return slash <= 0 ? QString() : QFileInfo(path.left(slash)).fileName();
    }
    const QString dir = QDir::cleanPath(fi.absolutePath());
    if (dir == QDir::cleanPath(QFileInfo(rootDir).absoluteFilePath()))
        return {};
    return QFileInfo(dir).fileName();
}

}  // namespace

QString normalizedImageReference(const QString &image)
{
    if (!image.contains(QLatin1String("${")))
        return image.trimmed();
    QString out;
    out.reserve(image.size());
    for (qsizetype i = 0; i < image.size(); ++i) {
        if (image.at(i) == QLatin1Char('$') && i + 1 < image.size() && image.at(i + 1) == QLatin1Char('{')) {
            const qsizetype close = image.indexOf(QLatin1Char('}'), i + 2);
            if (close > 0) {
                out += QLatin1Char('$');
                out += QStringView(image).mid(i + 2, close - i - 2);
                i = close;
                continue;
            }
        }
        out += image.at(i);
    }
    return out.trimmed();
}

ServiceManifestIndex::ServiceManifestIndex(const QList<const ManifestFile *> &serviceFiles, const QString &rootDir,
                                           const ImageOf &imageOf)
{
    m_files.reserve(serviceFiles.size());
    m_byImage.reserve(serviceFiles.size());
    for (const ManifestFile *f : serviceFiles) {
        if (!f || !f->service)
            continue;
        m_files.append(f);
        const QString image = normalizedImageReference(imageOf ? imageOf(*f) : f->service->build.to.value);
        if (!image.isEmpty() && !m_byImage.contains(image))
            m_byImage.insert(image, f);
        if (const QString &name = f->service->build.name.value; !name.isEmpty())
            m_byName[name].append(f);
        if (const QString folder = folderName(f->path, rootDir); !folder.isEmpty())
            m_byFolder[folder].append(f);
    }
}

const ManifestFile *ServiceManifestIndex::byImage(const QString &image) const
{
    const QString key = normalizedImageReference(image);
    return key.isEmpty() ? nullptr : m_byImage.value(key);
}

QList<ServiceMatch> ServiceManifestIndex::match(const QList<QPair<QString, QString>> &meshServices) const
{
    QList<ServiceMatch> out(meshServices.size());
    // 1. By image; what is run by image is no fallback's to take.
    QSet<const ManifestFile *> taken;
    for (qsizetype i = 0; i < meshServices.size(); ++i)
        if (const ManifestFile *f = byImage(meshServices.at(i).second)) {
            out[i] = {f, ServiceMatchKind::Image};
            taken.insert(f);
        }
    // 2. and 3., in mesh order; each fallback manifest serves one mesh service.
    auto firstFree = [&taken](const QList<const ManifestFile *> &candidates) -> const ManifestFile * {
        for (const ManifestFile *f : candidates)
            if (!taken.contains(f))
                return f;
        return nullptr;
    };
    for (const auto &[level, table] :
         {std::pair{ServiceMatchKind::BuildName, &m_byName}, std::pair{ServiceMatchKind::Folder, &m_byFolder}}) {
        for (qsizetype i = 0; i < meshServices.size(); ++i) {
            const QString &name = meshServices.at(i).first;
            if (out.at(i).matched() || name.isEmpty())
                continue;
            const auto it = table->constFind(name);
            if (it == table->cend())
                continue;
            if (const ManifestFile *f = firstFree(*it)) {
                out[i] = {f, level};
                taken.insert(f);
            }
        }
    }
    return out;
}

}  // namespace workbench::models
