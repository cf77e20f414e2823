// SPDX-License-Identifier: Apache-2.0
#include "project/projectfiles.h"

#include "core/boundedfile.h"
#include "core/outputfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace workbench::models {

namespace {
constexpr qint64 kMaxClassifyBytes = 256 * 1024;
// A guard against opening a home folder by mistake, not a project size limit: a mesh of 10,000
// services (a manifest each, plus their sources) must load whole.
constexpr int kMaxFiles = 100000;

void scanDir(const QDir &root, const QDir &dir, int depth, int maxDepth, bool classify, QList<ProjectFileInfo> &out)
{
    if (depth > maxDepth || out.size() >= kMaxFiles)
        return;
    const auto entries = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &fi : entries) {
        if (out.size() >= kMaxFiles)
            return;
        const QString name = fi.fileName();
        if (name.startsWith(QLatin1Char('.')))
            continue;
        if (fi.isDir()) {
            if (fi.isSymLink())
                continue;  // avoid loops
            if (depth == 0 && (name == QLatin1String("target") || name == QLatin1String("build")))
                continue;
            if (name == QLatin1String("__pycache__") || name == QLatin1String("node_modules"))
                continue;
            // A folder `render`/`certs --out` wrote (it lists what it wrote) is the workbench's
            // own output, not manifests of the project: read back, its generated sessions would
            // be checked as the user's files, and the next render or certs would stop on them.
            if (QFileInfo::exists(QDir(fi.absoluteFilePath()).filePath(QString::fromLatin1(kOutputListName))))
                continue;
            scanDir(root, QDir(fi.absoluteFilePath()), depth + 1, maxDepth, classify, out);
            continue;
        }
        ProjectFileInfo info;
        info.absolutePath = fi.absoluteFilePath();
        info.relativePath = root.relativeFilePath(fi.absoluteFilePath());
        if (classify && isYamlFileName(name)) {
            // Never blocks on a FIFO named like a manifest, never reads more than the head.
            const Result<QByteArray> head = readFileHead(info.absolutePath, kMaxClassifyBytes);
            info.category = head.ok() ? classifyYamlText(head.value(), &info.kind) : ProjectFileCategory::OtherYaml;
        }
        out.append(info);
    }
}
}  // namespace

bool isYamlFileName(const QString &fileName)
{
    const QString n = fileName.toLower();
    return n.endsWith(QLatin1String(".yaml")) || n.endsWith(QLatin1String(".yml")) ||
           n.endsWith(QLatin1String(".yaml.template")) || n.endsWith(QLatin1String(".yml.template"));
}

ProjectFileCategory classifyYamlText(const QByteArray &text, QString *kindOut)
{
    static const QRegularExpression kindRe(QStringLiteral(R"(^kind:[ \t]*["']?([A-Za-z0-9_$.{}-]+))"),
                                           QRegularExpression::MultilineOption);
    static const QRegularExpression nameRe(QStringLiteral(R"(^name:)"), QRegularExpression::MultilineOption);
    static const QRegularExpression sessionRe(QStringLiteral(R"(^(services|secrets|images|access_policy|security):)"),
                                              QRegularExpression::MultilineOption);
    QString s = QString::fromUtf8(text);
    s.replace(QLatin1Char('\r'), QLatin1Char('\n'));  // CR-only files are manifests too (and then refused as such)
    const auto m = kindRe.match(s);
    if (m.hasMatch()) {
        const QString kind = m.captured(1);
        if (kindOut)
            *kindOut = kind;
        if (kind == QLatin1String("genservice") || kind == QLatin1String("genAppImage"))
            return ProjectFileCategory::ServiceManifest;
        if (kind == QLatin1String("mesh"))
            return ProjectFileCategory::MeshManifest;
        return ProjectFileCategory::OtherYaml;
    }
    if (nameRe.match(s).hasMatch() && sessionRe.match(s).hasMatch())
        return ProjectFileCategory::CasSession;
    return ProjectFileCategory::OtherYaml;
}

QList<ProjectFileInfo> scanProjectFiles(const QString &projectDir, int maxDepth, bool classify)
{
    QList<ProjectFileInfo> out;
    const QDir root(projectDir);
    if (!root.exists())
        return out;
    scanDir(root, root, 0, maxDepth, classify, out);
    std::sort(out.begin(), out.end(),
              [](const ProjectFileInfo &a, const ProjectFileInfo &b) { return a.relativePath < b.relativePath; });
    return out;
}

}  // namespace workbench::models
