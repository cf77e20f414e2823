// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sessiondiff.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;

namespace workbench::ui {

/// The preview of one session against a reference (the last rendered/uploaded version, or a
/// session file the user opened): security relaxations listed first, in red, then the line
/// diff. Selecting a security change scrolls the diff to its line.
class SessionDiffView : public QWidget
{
    Q_OBJECT
public:
    explicit SessionDiffView(QWidget *parent = nullptr);

    /// @p referenceLabel says what the reference is ("last rendered, 2024-…", "file x.yaml").
    void setTexts(const QString &referenceLabel, const QString &referenceText, const QString &previewText);
    /// No reference available: shows @p message.
    void setNoReference(const QString &message);

    const models::policy::SessionDiff &diff() const { return m_diff; }
    int securityChangeCount() const { return int(m_diff.securityChanges.size()); }
    QListWidget *securityList() const { return m_security; }
    QPlainTextEdit *diffText() const { return m_text; }
    /// 1-based line of the diff text showing line @p previewLine of the preview (0 if none).
    int diffLineOfPreviewLine(int previewLine) const;

private:
    QLabel *m_header = nullptr;
    QListWidget *m_security = nullptr;
    QPlainTextEdit *m_text = nullptr;
    models::policy::SessionDiff m_diff;
};

}  // namespace workbench::ui
