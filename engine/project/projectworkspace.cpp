// SPDX-License-Identifier: Apache-2.0
#include "project/projectworkspace.h"

#include "core/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace workbench::engine {

ProjectWorkspace::ProjectWorkspace(QObject *parent)
    : QObject(parent)
{}

bool ProjectWorkspace::open(const QString &dir, QString *error)
{
    const QFileInfo fi(dir);
    if (!fi.isDir()) {
        if (error)
            *error = QStringLiteral("%1 is not a folder.").arg(QDir::toNativeSeparators(dir));
        return false;
    }
    if (!fi.isReadable()) {
        if (error)
            *error = QStringLiteral("%1 is not readable.").arg(QDir::toNativeSeparators(dir));
        return false;
    }
    m_projectDir = fi.canonicalFilePath();
    m_buffers.clear();
    m_files = models::scanProjectFiles(m_projectDir);
    Q_EMIT projectOpened(m_projectDir);
    Q_EMIT filesChanged();
    return true;
}

void ProjectWorkspace::rescan()
{
    if (m_projectDir.isEmpty())
        return;
    auto files = models::scanProjectFiles(m_projectDir);
    bool same = files.size() == m_files.size();
    for (qsizetype i = 0; same && i < files.size(); ++i)
        same = files.at(i).absolutePath == m_files.at(i).absolutePath && files.at(i).category == m_files.at(i).category;
    if (same)
        return;
    m_files = std::move(files);
    Q_EMIT filesChanged();
}

QStringList ProjectWorkspace::paths(models::ProjectFileCategory category) const
{
    QStringList out;
    for (const auto &f : m_files)
        if (f.category == category)
            out << f.absolutePath;
    return out;
}

QByteArray ProjectWorkspace::text(const QString &absolutePath) const
{
    const auto it = m_buffers.constFind(absolutePath);
    if (it != m_buffers.constEnd())
        return it.value();
    // A file that cannot be read (gone, a FIFO, /dev/zero behind a link, too large) reads as
    // nothing here; opening it in an editor reports why (Document::readDisk()).
    Result<QByteArray> text = models::readFileBounded(absolutePath);
    return text.ok() ? std::move(text).value() : QByteArray();
}

void ProjectWorkspace::setDocumentText(const QString &absolutePath, const QByteArray &text)
{
    m_buffers.insert(absolutePath, text);
    Q_EMIT documentChanged(absolutePath);
}

void ProjectWorkspace::clearDocumentText(const QString &absolutePath)
{
    if (m_buffers.remove(absolutePath) > 0)
        Q_EMIT documentChanged(absolutePath);
}

void ProjectWorkspace::notifyFileChangedOnDisk(const QString &absolutePath)
{
    Q_EMIT documentChanged(absolutePath);
}

}  // namespace workbench::engine
