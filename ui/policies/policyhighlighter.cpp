// SPDX-License-Identifier: Apache-2.0
#include "policies/policyhighlighter.h"

#include "common/theme.h"
#include "policy/variableresolver.h"

#include <QRegularExpression>

namespace workbench::ui {

PolicyHighlighter::PolicyHighlighter(QTextDocument *document, bool yaml)
    : QSyntaxHighlighter(document)
    , m_yaml(yaml)
{
    const bool dark = theme::isDark();
    m_key.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1f, 0x4e, 0xa8));
    m_comment.setForeground(dark ? QColor(0x80, 0x88, 0x90) : QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_string.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
    m_placeholder.setForeground(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x8a, 0x4b, 0x00));
    m_placeholder.setBackground(dark ? QColor(0x45, 0x3a, 0x1a) : QColor(0xff, 0xf3, 0xd6));
    m_placeholder.setFontWeight(QFont::DemiBold);
    m_placeholder.setToolTip(QStringLiteral("Filled in by the CAS when the attested service starts"));
    m_unresolved.setForeground(theme::errorColor());
    m_unresolved.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_unresolved.setUnderlineColor(theme::errorColor());
    m_unresolved.setToolTip(QStringLiteral("Unresolved variable"));
    m_mrenclave.setForeground(theme::warningColor());
    m_mrenclave.setFontItalic(true);
    m_added.setBackground(dark ? QColor(0x1e, 0x3d, 0x25) : QColor(0xe6, 0xff, 0xec));
    m_removed.setBackground(dark ? QColor(0x4a, 0x1f, 0x24) : QColor(0xff, 0xeb, 0xe9));
}

void PolicyHighlighter::highlightBlock(const QString &text)
{
    int start = 0;
    if (m_diff && !text.isEmpty()) {
        if (text.front() == QLatin1Char('+'))
            setFormat(0, int(text.size()), m_added);
        else if (text.front() == QLatin1Char('-'))
            setFormat(0, int(text.size()), m_removed);
        start = 2;  // "+ ", "- ", "  " prefix
    }
    auto merge = [this](int from, int len, const QTextCharFormat &f) {
        for (int i = from; i < from + len; ++i) {
            QTextCharFormat cur = format(i);
            cur.merge(f);
            setFormat(i, 1, cur);
        }
    };
    const QString body = text.mid(start);
    if (m_yaml) {
        static const QRegularExpression key(QStringLiteral("^(\\s*(?:- )?)([^\\s#:\"'][^:#]*?|\"[^\"]*\"):(?=\\s|$)"));
        static const QRegularExpression comment(QStringLiteral("(^|\\s)#.*$"));
        static const QRegularExpression dq(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\""));
        if (const auto m = key.match(body); m.hasMatch())
            merge(start + int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
        for (auto it = dq.globalMatch(body); it.hasNext();) {
            const auto m = it.next();
            merge(start + int(m.capturedStart()), int(m.capturedLength()), m_string);
        }
        if (const auto m = comment.match(body); m.hasMatch() && !body.contains(QLatin1String("$$SCONE::")))
            merge(start + int(m.capturedStart()), int(m.capturedLength()), m_comment);
    }
    static const QRegularExpression mrenclave(QStringLiteral("<MRENCLAVE[^>]*>"));
    for (auto it = mrenclave.globalMatch(body); it.hasNext();) {
        const auto m = it.next();
        merge(start + int(m.capturedStart()), int(m.capturedLength()), m_mrenclave);
    }
    for (const models::policy::SconePlaceholder &p : models::policy::findSconePlaceholders(body))
        merge(start + p.offset, p.length, m_placeholder);
    if (!m_markVariables)
        return;
    for (const models::policy::VariableReference &r : models::policy::findVariableReferences(body))
        merge(start + r.offset, r.length, m_unresolved);
}

}  // namespace workbench::ui
