// SPDX-License-Identifier: Apache-2.0
#include "build/templaterender.h"

#include "build/workfolder.h"
#include "core/boundedfile.h"
#include "manifest/yamldocument.h"
#include "manifest/yamlnode.h"

#include <QFile>

namespace workbench::models::build {

namespace {

/// 1-based line and column (in UTF-16 code units) of @p offset in @p text.
void lineColumn(const QString &text, int offset, int *line, int *column)
{
    int l = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\n')) {
            ++l;
            lineStart = i + 1;
        }
    }
    *line = l;
    *column = offset - lineStart + 1;
}

/// True when the token at UTF-16 @p offset stands in a YAML comment: a `#` before it on its line
/// that starts a comment (at the line start or after a blank) and is not part of a scalar.
bool inComment(const QString &text, int offset, const YamlDocument &doc)
{
    const int lineStart = int(text.lastIndexOf(QLatin1Char('\n'), offset > 0 ? offset - 1 : 0)) + 1;
    for (int p = lineStart; p < offset; ++p) {
        if (text.at(p) != QLatin1Char('#'))
            continue;
        if (p > lineStart && text.at(p - 1) != QLatin1Char(' ') && text.at(p - 1) != QLatin1Char('\t'))
            continue;
        const YamlNode *node = doc.nodeAt(doc.byteOffset(p));
        if (!node || !node->isScalar())
            return true;
    }
    return false;
}

}  // namespace

QString renderedFileName(const QString &path)
{
    const QLatin1String suffix(".template");
    if (path.endsWith(suffix) && path.size() > suffix.size())
        return path.left(path.size() - suffix.size());
    return path;
}

Result<QByteArray> renderTemplate(const QByteArray &text, const policy::VariableMap &variables, const QString &fileName)
{
    const QString source = QString::fromUtf8(text);
    const policy::ResolvedText resolved = policy::resolveShellVariables(source, variables);
    if (resolved.ok())
        return resolved.text.toUtf8();
    // An unset variable in a comment is kept as written: it changes nothing the tools read.
    QList<policy::VariableReference> unset;
    const YamlDocument doc = YamlDocument::fromText(text, fileName);
    for (const policy::VariableReference &ref : resolved.unresolved)
        if (!doc.isValid() || !inComment(source, ref.offset, doc))
            unset << ref;
    if (unset.isEmpty())
        return resolved.text.toUtf8();
    QStringList names;
    for (const policy::VariableReference &ref : unset)
        if (!names.contains(ref.name))
            names << ref.name;
    const policy::VariableReference &first = unset.front();
    QStringList shown;
    for (const QString &n : names)
        shown << QLatin1Char('$') + n;
    Error e = makeError(QStringLiteral("build.render.unset"),
                        (names.size() == 1 ? QStringLiteral("%1 is not set: set it in the deployment settings or with "
                                                            "--set NAME=VALUE")
                                           : QStringLiteral("%1 are not set: set them in the deployment settings or "
                                                            "with --set NAME=VALUE"))
                            .arg(shown.join(QStringLiteral(", "))));
    e.file = fileName;
    lineColumn(source, first.offset, &e.line, &e.column);
    return e;
}

Result<QList<RenderedManifest>> renderManifests(const QString &projectDir, const QStringList &relativePaths,
                                                const policy::VariableMap &variables)
{
    QList<RenderedManifest> out;
    out.reserve(relativePaths.size());
    for (const QString &rel : relativePaths) {
        const Result<QString> clean = cleanProjectPath(rel);
        if (!clean)
            return clean.error();
        const QString path = projectDir + QLatin1Char('/') + *clean;
        const Result<QByteArray> read = readFileBounded(path);
        if (!read.ok()) {
            Error e = makeError(QStringLiteral("build.render.read"), QStringLiteral("cannot read the manifest"),
                                read.error().message);
            e.file = path;
            return e;
        }
        const Result<QByteArray> text = renderTemplate(read.value(), variables, path);
        if (!text)
            return text.error();
        out.append({*clean, renderedFileName(*clean), *text});
    }
    return out;
}

}  // namespace workbench::models::build
