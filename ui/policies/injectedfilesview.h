// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/cassession.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTreeWidget;

namespace workbench::ui {

/// The files a session injects into its service's in-memory file system, with their content
/// as the service will see it: mesh variables already filled in, `$$SCONE::…$$` placeholders
/// marked and explained (which secret, which format, defined here or imported from where).
class InjectedFilesView : public QWidget
{
    Q_OBJECT
public:
    explicit InjectedFilesView(QWidget *parent = nullptr);

    void setSession(const models::policy::CasSession &session);
    int fileCount() const;
    /// Selects the file at @p path; false if the session has none.
    bool selectFile(const QString &path);
    QPlainTextEdit *content() const { return m_content; }
    QListWidget *placeholders() const { return m_placeholders; }

Q_SIGNALS:
    void sourceRequested(const models::policy::SourceRef &source);

private:
    void showFile(int index);

    QTreeWidget *m_files = nullptr;
    QPlainTextEdit *m_content = nullptr;
    QListWidget *m_placeholders = nullptr;
    QLabel *m_empty = nullptr;
    models::policy::CasSession m_session;
    QList<models::policy::CasInjectionFile> m_list;
};

}  // namespace workbench::ui
