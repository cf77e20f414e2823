// SPDX-License-Identifier: Apache-2.0
#include "build/containerfile.h"

#include "build/commandline.h"
#include "build/toolinvocation.h"

#include <QDir>

namespace workbench::models::build {

namespace {

const QLatin1String kTemurin17("docker.io/library/eclipse-temurin:17-jre");

bool needsJsonForm(const QString &path)
{
    for (const QChar c : path)
        if (c.isSpace() || c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            return true;
    return false;
}

QString copyInstruction(const QString &source, const QString &destination)
{
    if (needsJsonForm(source) || needsJsonForm(destination))
        return QStringLiteral("COPY [") + jsonString(source) + QStringLiteral(", ") + jsonString(destination) +
               QStringLiteral("]\n");
    return QStringLiteral("COPY ") + source + QLatin1Char(' ') + destination + QLatin1Char('\n');
}

QString destinationOf(const QString &pwd, const QString &relative)
{
    if (pwd.isEmpty())
        return relative == QLatin1String(".") ? QStringLiteral("./") : relative;
    if (relative == QLatin1String("."))
        return pwd;
    if (pwd.endsWith(QLatin1Char('/')))
        return pwd + relative;
    return pwd + QLatin1Char('/') + relative;
}

QString runInstruction(const QString &text)
{
    if (text.contains(QLatin1Char('\n')) || text.startsWith(QLatin1Char('[')) || text.endsWith(QLatin1Char('\\')))
        return QStringLiteral("RUN [\"/bin/sh\", \"-c\", ") + jsonString(text) + QStringLiteral("]\n");
    return QStringLiteral("RUN ") + text + QLatin1Char('\n');
}

Error withLocation(Error e, const LocatedString &where)
{
    if (where.location.isValid()) {
        e.line = where.location.line;
        e.column = where.location.column;
    }
    return e;
}

}  // namespace

QString baseImageVariable(const QString &kind)
{
    QString suffix;
    for (const QChar c : kind.trimmed()) {
        if (c.unicode() < 0x80 && c.isLetterOrNumber())
            suffix += c.toUpper();
        else
            suffix += QLatin1Char('_');
    }
    return QStringLiteral("NATIVE_BASE_IMAGE_") + suffix;
}

QString builtinBaseImage(const QString &kind)
{
    const QString k = kind.trimmed().toLower();
    if (k == QLatin1String("python"))
        return QStringLiteral("docker.io/library/python:3.11-slim");
    if (k == QLatin1String("java") || k == QLatin1String("java17") || k == QLatin1String("java-glibc") ||
        k == QLatin1String("java17-glibc"))
        return kTemurin17;
    if (k == QLatin1String("java21") || k == QLatin1String("java21-ubuntu"))
        return QStringLiteral("docker.io/library/eclipse-temurin:21-jre");
    if (k == QLatin1String("java8") || k == QLatin1String("java 8"))
        return QStringLiteral("docker.io/library/eclipse-temurin:8-jre");
    return {};
}

Result<QString> nativeBaseImage(const BuildSection &build, const policy::DeploymentSettings &settings)
{
    if (build.from && !build.from->value.trimmed().isEmpty())
        return build.from->value.trimmed();
    const QString kind = build.kind.value.trimmed();
    if (kind.isEmpty())
        return withLocation(makeError(QStringLiteral("build.base-image"),
                                      QStringLiteral("the build has neither `from` nor `kind`, so the native build "
                                                     "has no base image")),
                            build.kind);
    const QString variable = baseImageVariable(kind);
    const QString configured = settings.value(variable).trimmed();
    if (!configured.isEmpty())
        return configured;
    const QString builtin = builtinBaseImage(kind);
    if (!builtin.isEmpty())
        return builtin;
    return withLocation(makeError(QStringLiteral("build.base-image"),
                                  QStringLiteral("there is no default base image for kind `%1`: set `from` in the "
                                                 "build section or the setting %2")
                                      .arg(kind, variable)),
                        build.kind);
}

Result<QString> cleanCopyPath(const QString &entry)
{
    const QString e = entry.trimmed();
    auto fail = [&](const QString &why) {
        return makeError(QStringLiteral("build.copy.path"), QStringLiteral("`%1` %2").arg(entry, why));
    };
    if (e.isEmpty())
        return makeError(QStringLiteral("build.copy.path"), QStringLiteral("a file to copy has an empty name"));
    if (e.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("is an absolute path; files to copy are named relative to the service folder"));
    for (const QChar c : e) {
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('['))
            return fail(QStringLiteral("is a file pattern; the native build copies named files and folders only"));
        if (c == QLatin1Char('$') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            return fail(QStringLiteral("contains `%1`, which a Containerfile would interpret")
                            .arg(c == QLatin1Char('$') ? QStringLiteral("$") : QStringLiteral("a line break")));
    }
    const QString clean = QDir::cleanPath(e);
    if (clean == QLatin1String("..") || clean.startsWith(QLatin1String("../")))
        return fail(QStringLiteral("is outside the service folder"));
    return clean;
}

QString jsonString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

Result<QString> generateContainerfile(const BuildSection &build, const QString &baseImage, const QString &manifestLabel)
{
    if (baseImage.trimmed().isEmpty() || baseImage.contains(QLatin1Char('\n')))
        return makeError(QStringLiteral("build.base-image"), QStringLiteral("the native build has no base image"));

    QString pwd;
    if (build.pwd && !build.pwd->value.trimmed().isEmpty()) {
        pwd = build.pwd->value.trimmed();
        if (!pwd.startsWith(QLatin1Char('/')) || pwd.contains(QLatin1Char('\n')))
            return withLocation(
                makeError(QStringLiteral("build.pwd"),
                          QStringLiteral("`pwd` must be an absolute path inside the image, not `%1`").arg(pwd)),
                *build.pwd);
        if (pwd.size() > 1)
            pwd = QDir::cleanPath(pwd);
    }

    const Result<QStringList> argv = splitCommandLine(build.command.value);
    if (!argv)
        return withLocation(argv.error(), build.command);

    QString out;
    out += QStringLiteral("# Generated by SCONE Workbench from %1: native build of service %2 (no enclave).\n")
               .arg(manifestLabel, build.name.value.isEmpty() ? QStringLiteral("(unnamed)") : build.name.value);
    out += QStringLiteral("# Edit the service manifest, not this file.\n");
    out += QStringLiteral("FROM ") + baseImage.trimmed() + QLatin1Char('\n');
    if (!pwd.isEmpty())
        out += QStringLiteral("WORKDIR ") + pwd + QLatin1Char('\n');

    QStringList copied;
    if (build.copy) {
        for (const LocatedString &entry : build.copy->items) {
            const Result<QString> rel = cleanCopyPath(entry.value);
            if (!rel)
                return withLocation(rel.error(), entry);
            if (copied.contains(*rel))
                continue;
            copied << *rel;
            out += copyInstruction(*rel, destinationOf(pwd, *rel));
        }
    }
    if (build.requirements && !build.requirements->value.trimmed().isEmpty()) {
        const Result<QString> rel = cleanCopyPath(build.requirements->value);
        if (!rel)
            return withLocation(rel.error(), *build.requirements);
        if (!copied.contains(*rel) && !copied.contains(QStringLiteral(".")))
            out += copyInstruction(*rel, destinationOf(pwd, *rel));
        out += runInstruction(QStringLiteral("pip install -r ") + shellQuote(*rel));
    }
    if (build.run) {
        for (const LocatedString &entry : build.run->items) {
            QString text = entry.value;
            while (!text.isEmpty() && text.back().isSpace())
                text.chop(1);
            while (!text.isEmpty() && text.front().isSpace())
                text.remove(0, 1);
            if (text.isEmpty())
                return withLocation(
                    makeError(QStringLiteral("build.run.empty"), QStringLiteral("a `run` entry of the build is empty")),
                    entry);
            out += runInstruction(text);
        }
    }
    QStringList quoted;
    for (const QString &word : *argv)
        quoted << jsonString(word);
    out += QStringLiteral("CMD [") + quoted.join(QStringLiteral(", ")) + QStringLiteral("]\n");
    return out;
}

}  // namespace workbench::models::build
