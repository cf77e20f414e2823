// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "project/projectfiles.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace workbench::engine {

/// The open project as every area sees it: its folder, its files, and the *current* text of
/// each file: the editor's unsaved buffer when the file is open and modified, else the bytes on
/// disk. Areas that derive something from the manifests (policy preview, certificate preview,
/// validation) read texts from here and refresh on documentChanged(), so they follow unsaved
/// edits. The editor publishes its buffers with setDocumentText() / clearDocumentText().
class ProjectWorkspace : public QObject
{
    Q_OBJECT
public:
    explicit ProjectWorkspace(QObject *parent = nullptr);

    /// Opens @p dir (scans its files). Emits projectOpened() and filesChanged().
    bool open(const QString &dir, QString *error = nullptr);
    /// Re-scans the folder; emits filesChanged() when the list differs.
    void rescan();

    QString projectDir() const { return m_projectDir; }
    const QList<models::ProjectFileInfo> &files() const { return m_files; }
    /// Absolute paths of the files of a category, sorted.
    QStringList paths(models::ProjectFileCategory category) const;

    /// Current text of @p absolutePath: the in-memory buffer if one is published, else the file.
    QByteArray text(const QString &absolutePath) const;
    bool hasUnsavedText(const QString &absolutePath) const { return m_buffers.contains(absolutePath); }

    /// Publishes an in-memory buffer for @p absolutePath (emits documentChanged()).
    void setDocumentText(const QString &absolutePath, const QByteArray &text);
    /// Drops the buffer (after save or revert); emits documentChanged().
    void clearDocumentText(const QString &absolutePath);
    /// Tells listeners that the file changed on disk (emits documentChanged()).
    void notifyFileChangedOnDisk(const QString &absolutePath);

Q_SIGNALS:
    void projectOpened(const QString &dir);
    void filesChanged();
    /// The current text of a file changed (typing, save, reload, external change).
    void documentChanged(const QString &absolutePath);

private:
    QString m_projectDir;
    QList<models::ProjectFileInfo> m_files;
    QHash<QString, QByteArray> m_buffers;
};

}  // namespace workbench::engine
