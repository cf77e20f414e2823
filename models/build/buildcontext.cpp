// SPDX-License-Identifier: Apache-2.0
#include "build/buildcontext.h"

#include "build/containerfile.h"
#include "build/templaterender.h"
#include "build/workfolder.h"
#include "policy/sessionwriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace workbench::models::build {

namespace {

const QLatin1String kWorkbenchFolder(".scone-workbench");

Error located(Error e, const LocatedString &where, const QString &file)
{
    e.file = file;
    if (where.location.isValid()) {
        e.line = where.location.line;
        e.column = where.location.column;
    }
    return e;
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

/// Copies one regular file (following a link that stays in @p projectRoot).
Status copyFile(const QString &from, const QString &to, const QString &projectRoot)
{
    const QFileInfo info(from);
    if (info.isSymLink() && !isInside(info.canonicalFilePath(), projectRoot))
        return makeError(QStringLiteral("build.copy.link"),
                         QStringLiteral("%1 is a link to %2, outside the project; the build copies project files only")
                             .arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(info.symLinkTarget())));
    // Opening a FIFO would wait for a writer for ever, a device would never end: regular files only.
    if (info.exists() && !info.isFile()) {
        Error e = makeError(QStringLiteral("build.copy.type"),
                            QStringLiteral("%1 is not a regular file (a folder, a FIFO or a device); the build copies "
                                           "regular files only")
                                .arg(QDir::toNativeSeparators(from)));
        e.file = from;
        return e;
    }
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) {
        Error e = makeError(QStringLiteral("build.copy.missing"), QStringLiteral("cannot read a file to copy"),
                            in.errorString());
        e.file = from;
        return e;
    }
    if (Status s = makePrivateFolder(QFileInfo(to).absolutePath()); !s)
        return s;
    QFile::remove(to);
    QFile out(to);
    if (!out.open(QIODevice::WriteOnly)) {
        Error e = makeError(QStringLiteral("build.write"), QStringLiteral("cannot write the file"), out.errorString());
        e.file = to;
        return e;
    }
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 16);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError)
            break;
        if (out.write(chunk) != chunk.size()) {
            Error e =
                makeError(QStringLiteral("build.write"), QStringLiteral("cannot write the file"), out.errorString());
            e.file = to;
            return e;
        }
    }
    out.setPermissions(in.permissions());
    return Ok{};
}

Status copyFolder(const QString &from, const QString &to, const QString &projectRoot)
{
    if (Status s = makePrivateFolder(to); !s)
        return s;
    const QDir source(from);
    const QFileInfoList items =
        source.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &item : items) {
        if (item.fileName() == kWorkbenchFolder)
            continue;
        const QString target = to + QLatin1Char('/') + item.fileName();
        if (item.isSymLink() && !isInside(item.canonicalFilePath(), projectRoot))
            return makeError(
                QStringLiteral("build.copy.link"),
                QStringLiteral("%1 is a link to %2, outside the project; the build copies project files "
                               "only")
                    .arg(QDir::toNativeSeparators(item.filePath()), QDir::toNativeSeparators(item.symLinkTarget())));
        const Status s = item.isDir() ? copyFolder(item.filePath(), target, projectRoot)
                                      : copyFile(item.filePath(), target, projectRoot);
        if (!s)
            return s;
    }
    return Ok{};
}

}  // namespace

QString BuildContext::contextDir(const QString &workDir) const
{
    return serviceFolder.isEmpty() ? workDir : workDir + QLatin1Char('/') + serviceFolder;
}

Result<BuildContext> planBuildContext(const QString &projectDir, const QString &manifestPath,
                                      const BuildSection &renderedBuild, BuildRoute route)
{
    const Result<QString> manifest = cleanProjectPath(manifestPath);
    if (!manifest)
        return manifest.error();
    BuildContext ctx;
    ctx.serviceName = renderedBuild.name.value;
    ctx.route = route;
    ctx.manifestPath = *manifest;
    const int slash = int(manifest->lastIndexOf(QLatin1Char('/')));
    ctx.serviceFolder = slash < 0 ? QString() : manifest->left(slash);
    ctx.renderedManifest = renderedFileName(*manifest);
    if (route == BuildRoute::Native) {
        QString name =
            policy::safeRelativePath(ctx.serviceName.isEmpty() ? QStringLiteral("service") : ctx.serviceName);
        name.replace(QLatin1Char('/'), QLatin1Char('_'));
        const QString file = QStringLiteral("Containerfile.") + name;
        ctx.containerfile = ctx.serviceFolder.isEmpty() ? file : ctx.serviceFolder + QLatin1Char('/') + file;
    }

    const QString folder = ctx.serviceFolder.isEmpty() ? projectDir : projectDir + QLatin1Char('/') + ctx.serviceFolder;
    const QString manifestFile = projectDir + QLatin1Char('/') + *manifest;
    auto add = [&](ContextEntry::Kind kind, const LocatedString &entry) -> Status {
        const Result<QString> rel = cleanCopyPath(entry.value);
        if (!rel)
            return located(rel.error(), entry, manifestFile);
        for (const ContextEntry &e : std::as_const(ctx.entries))
            if (e.path == *rel)
                return Ok{};
        const QFileInfo info(folder + QLatin1Char('/') + *rel);
        if (!info.exists())
            return located(
                makeError(
                    QStringLiteral("build.copy.missing"),
                    QStringLiteral("%1 `%2` does not exist in %3")
                        .arg(kind == ContextEntry::Kind::Requirements ? QStringLiteral("the requirements file")
                                                                      : QStringLiteral("the file to copy"),
                             entry.value,
                             QDir::toNativeSeparators(ctx.serviceFolder.isEmpty() ? QStringLiteral("the project folder")
                                                                                  : ctx.serviceFolder))),
                entry, manifestFile);
        ctx.entries.append({kind, *rel, info.isDir()});
        return Ok{};
    };
    if (renderedBuild.copy)
        for (const LocatedString &entry : renderedBuild.copy->items)
            if (Status s = add(ContextEntry::Kind::Copy, entry); !s)
                return s.error();
    if (renderedBuild.requirements && !renderedBuild.requirements->value.trimmed().isEmpty())
        if (Status s = add(ContextEntry::Kind::Requirements, *renderedBuild.requirements); !s)
            return s.error();
    if (route == BuildRoute::Sconectl) {
        const QString key = renderedBuild.signatureKey && !renderedBuild.signatureKey->value.trimmed().isEmpty()
                                ? renderedBuild.signatureKey->value.trimmed()
                                : QStringLiteral("target/identity.pem");
        const Result<QString> rel = cleanCopyPath(key);
        if (rel && QFileInfo(folder + QLatin1Char('/') + *rel).isFile())
            ctx.entries.append({ContextEntry::Kind::SigningKey, *rel, false});
    }
    return ctx;
}

Status writeBuildContext(const QString &projectDir, const QString &workDir, const BuildContext &context,
                         const QByteArray &containerfile)
{
    const QString projectRoot = QFileInfo(projectDir).canonicalFilePath();
    const QString from =
        context.serviceFolder.isEmpty() ? projectDir : projectDir + QLatin1Char('/') + context.serviceFolder;
    const QString to = context.contextDir(workDir);
    if (Status s = makePrivateFolder(to); !s)
        return s;
    for (const ContextEntry &entry : context.entries) {
        const QString source = entry.path == QLatin1String(".") ? from : from + QLatin1Char('/') + entry.path;
        const QString target = entry.path == QLatin1String(".") ? to : to + QLatin1Char('/') + entry.path;
        const QFileInfo info(source);
        if (!info.exists())
            return makeError(QStringLiteral("build.copy.missing"),
                             QStringLiteral("%1 does not exist any more").arg(QDir::toNativeSeparators(source)));
        const Status s = info.isDir() ? copyFolder(source, target, projectRoot) : copyFile(source, target, projectRoot);
        if (!s)
            return s;
    }
    if (!containerfile.isEmpty() && !context.containerfile.isEmpty())
        return writeWorkFile(workDir, context.containerfile, containerfile);
    return Ok{};
}

}  // namespace workbench::models::build
