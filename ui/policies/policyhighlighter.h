// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace workbench::ui {

/// Highlights generated YAML (sessions, chart files) and injected file contents: keys,
/// comments, quoted strings, `$$SCONE::…$$` placeholders (resolved by the CAS), unresolved
/// `$VAR` / `{{var}}` tokens (errors) and `<MRENCLAVE …>` placeholders. Diff views set
/// diffMode so lines starting with '+'/'-' get a background.
class PolicyHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit PolicyHighlighter(QTextDocument *document, bool yaml = true);
    void setDiffMode(bool on) { m_diff = on; }
    /// Off for helm templates, whose `{{ … }}` are Go-template actions, not unresolved variables.
    void setMarkVariables(bool on)
    {
        m_markVariables = on;
        rehighlight();
    }

protected:
    void highlightBlock(const QString &text) override;

private:
    bool m_yaml = true;
    bool m_diff = false;
    bool m_markVariables = true;
    QTextCharFormat m_key, m_comment, m_string, m_placeholder, m_unresolved, m_mrenclave, m_added, m_removed;
};

}  // namespace workbench::ui
