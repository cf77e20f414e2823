// SPDX-License-Identifier: Apache-2.0
// `scone-workbench edit FILE [--set PATH=VALUE]... [--add PATH=YAML]... [--remove PATH]... [--in-place]`
#include "cli/cli.h"
#include "cli/commands.h"

#include "core/displaytext.h"
#include "manifest/yamldocument.h"
#include "manifest/yamlpath.h"
#include "validation/schematypes.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

namespace workbench::cli {

using namespace workbench::models;

namespace {

/// Splits `PATH=VALUE` at the first `=` that is not inside `[...]` or a quoted path key.
bool splitAssignment(const QString &arg, QString *path, QString *value)
{
    int depth = 0;
    bool quoted = false;
    for (int i = 0; i < arg.size(); ++i) {
        const QChar c = arg.at(i);
        if (c == QLatin1Char('\\') && quoted) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && c == QLatin1Char('['))
            ++depth;
        else if (!quoted && c == QLatin1Char(']'))
            --depth;
        else if (!quoted && depth == 0 && c == QLatin1Char('=')) {
            *path = arg.left(i);
            *value = arg.mid(i + 1);
            return !path->isEmpty();
        }
    }
    return false;
}

/// How `--set PATH=VALUE` writes VALUE: as the format types the field (`export_public: false`
/// plain, `name: "yes"` quoted); for a field the format does not know, as the value there is
/// (a plain boolean or number stays one).
YamlScalarType scalarTypeFor(const YamlDocument &doc, const QString &path)
{
    switch (schemaValueKind(doc, path)) {
    case SchemaValueKind::Boolean:
    case SchemaValueKind::Integer:
        return YamlScalarType::Typed;
    case SchemaValueKind::String:
        return YamlScalarType::String;
    case SchemaValueKind::Unknown:
        break;
    }
    const YamlNode *n = doc.node(path);
    const bool typedNow = n && n->isScalar() && n->style() == YamlNode::Style::Plain &&
                          n->tag() == QLatin1String("?") && YamlDocument::readsAsNonString(n->scalar());
    return typedNow ? YamlScalarType::Typed : YamlScalarType::String;
}

}  // namespace

int runEdit(const QStringList &args)
{
    QString file;
    bool inPlace = false;
    QList<YamlEdit> edits;
    QList<QPair<QString, QString>> sets;  ///< --set PATH, VALUE in the order of `edits` (empty: not a --set)
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto takeValue = [&](const QString &option, QString *outValue) -> bool {
            if (a.startsWith(option + QLatin1Char('='))) {
                *outValue = a.mid(option.size() + 1);
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            *outValue = args.at(++i);
            return true;
        };
        QString v;
        if (a == QLatin1String("--in-place") || a == QLatin1String("-i")) {
            inPlace = true;
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << "usage: scone-workbench edit FILE [--set PATH=VALUE]... [--add PATH=YAML]... [--remove PATH]... "
                     "[--in-place]\n"
                     "  PATH: build.to, environment.local[2].value, secrets.global[name=flask].dns\n"
                     "  --set    replace a scalar: booleans and integers of the format unquoted, strings quoted\n"
                     "           only where YAML would read another type (\"yes\", \"1.0\"); the scalar keeps its\n"
                     "           style (plain, quoted, | or >) where the value fits it\n"
                     "  --add    append YAML to a list, insert at [N], or add a missing key (one YAML document;\n"
                     "           its values keep the types the YAML gives them)\n"
                     "  --remove remove a key or a list item\n"
                     "  Edits keep comments, order and formatting of everything else. Prints the result,\n"
                     "  or writes FILE atomically with --in-place.\n";
            out().flush();
            return ExitOk;
        } else if (a == QLatin1String("--set") || a.startsWith(QLatin1String("--set="))) {
            QString path, value;
            if (!takeValue(QStringLiteral("--set"), &v) || !splitAssignment(v, &path, &value))
                return usageError(QStringLiteral("edit: --set needs PATH=VALUE"));
            edits.append(YamlEdit::setScalar(path, value));
            sets.append({path, value});
        } else if (a == QLatin1String("--add") || a.startsWith(QLatin1String("--add="))) {
            QString path, value;
            if (!takeValue(QStringLiteral("--add"), &v) || !splitAssignment(v, &path, &value))
                return usageError(QStringLiteral("edit: --add needs PATH=YAML"));
            edits.append(YamlEdit::add(path, value));
            sets.append(QPair<QString, QString>());
        } else if (a == QLatin1String("--remove") || a.startsWith(QLatin1String("--remove="))) {
            if (!takeValue(QStringLiteral("--remove"), &v) || v.isEmpty())
                return usageError(QStringLiteral("edit: --remove needs PATH"));
            edits.append(YamlEdit::remove(v));
            sets.append(QPair<QString, QString>());
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(QStringLiteral("edit: unknown option %1").arg(a));
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return usageError(QStringLiteral("edit: more than one FILE given (%1, %2)").arg(file, a));
        }
    }
    if (file.isEmpty())
        return usageError(QStringLiteral("edit: no FILE given"));

    // Like every other command: a missing input is a usage error. Anything else that exists (a
    // FIFO, a device, a folder) goes to the bounded reader, which says what it is.
    if (!QFileInfo::exists(file))
        return usageError(QStringLiteral("edit: %1: no such file").arg(file));
    auto loaded = YamlDocument::fromFile(file);
    if (!loaded) {
        err() << "scone-workbench: edit: " << escapeControlCharacters(loaded.error().toString()) << '\n';
        err().flush();
        return ExitFailure;
    }
    YamlDocument doc = std::move(loaded).value();
    if (const auto syntax = doc.syntaxError()) {
        err() << "scone-workbench: edit: "
              << escapeControlCharacters(file + QLatin1Char(':') + QString::number(syntax->location.line) +
                                         QLatin1Char(':') + QString::number(std::max(1, syntax->location.column)) +
                                         QStringLiteral(": ") + syntax->message)
              << '\n';
        err().flush();
        return ExitFailure;
    }
    for (qsizetype i = 0; i < edits.size(); ++i) {
        YamlEdit e = edits.at(i);
        if (e.op == YamlEdit::Op::SetScalar)
            e.scalarType = scalarTypeFor(doc, e.path);
        const auto change = doc.apply(e);
        if (!change) {
            QString message = file + QStringLiteral(": ") + change.error().message;
            // --set only replaces; a key that is missing where its parent is a mapping is added.
            const auto &[setPath, setValue] = sets.at(i);
            if (!setPath.isEmpty() && !doc.node(setPath)) {
                const auto parsed = YamlPath::parse(setPath);
                const YamlNode *parent = parsed ? doc.node(parsed->parentPath()) : nullptr;
                if (parent && parent->resolved() && parent->resolved()->isMapping())
                    message += QStringLiteral("; use --add ") + setPath + QLatin1Char('=') + setValue +
                               QStringLiteral(" to add it");
            }
            err() << "scone-workbench: edit: " << escapeControlCharacters(message) << '\n';
            err().flush();
            return ExitFailure;
        }
    }

    if (inPlace) {
        QSaveFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(doc.text()) != doc.text().size() || !f.commit()) {
            err() << "scone-workbench: edit: "
                  << escapeControlCharacters(QStringLiteral("cannot write ") + file + QStringLiteral(": ") +
                                             f.errorString())
                  << '\n';
            err().flush();
            return ExitFailure;
        }
        return ExitOk;
    }
    out().flush();
    std::fwrite(doc.text().constData(), 1, size_t(doc.text().size()), stdout);
    std::fflush(stdout);
    return ExitOk;
}

}  // namespace workbench::cli
