// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace workbench::ui {

/// YAML syntax highlighting for manifests: keys, scalars, numbers and booleans, comments,
/// anchors/aliases/tags, block scalars (`|`, `>`) and multi-line quoted strings. The three
/// template syntaxes of a SCONE project are shown distinctly (spec "three variable syntaxes"):
/// `$VAR`/`${VAR}` (envsubst), `{{var}}`/`{% … %}` (mesh time) and `$$SCONE::name$$` (CAS).
///
/// A hand-written scanner per line (no regular expressions on the hot path): re-highlighting a
/// line while typing costs microseconds. Block state: >= 0 inside a block scalar whose parent
/// is indented that much; kInDoubleQuoted / kInSingleQuoted inside a multi-line quoted string.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    enum class Token {
        Key,
        String,
        Number,
        Constant,
        Comment,
        Punctuation,
        Anchor,
        Tag,
        DocumentMarker,
        BlockScalar,
        ShellVariable,
        MeshVariable,
        SconePlaceholder,
    };

    explicit YamlHighlighter(QTextDocument *document);

    /// The format used for a token (for tests and for a legend).
    QTextCharFormat format(Token token) const;
    /// Re-reads colours from the application palette (light/dark).
    void updateColors();

    static constexpr int kInDoubleQuoted = -2;
    static constexpr int kInSingleQuoted = -3;

protected:
    void highlightBlock(const QString &text) override;

private:
    int scanValue(const QString &text, int i, int parentIndent);
    int scanQuoted(const QString &text, int i, QChar quote, bool *closed);
    void scanFlow(const QString &text, int from, int to);
    void highlightTemplates(const QString &text, int from, int to);
    void setTokenFormat(int start, int length, Token token);

    QTextCharFormat m_formats[13];
};

}  // namespace workbench::ui
