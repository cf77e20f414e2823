// SPDX-License-Identifier: Apache-2.0
#include "project/projectfiles.h"

#include "core/boundedfile.h"
#include "core/outputfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace workbench::models {

namespace {
constexpr qint64 kMaxClassifyBytes = 256 * 1024;
// A guard against opening a home folder by mistake, not a project size limit: a mesh of 10,000
// services (a manifest each, plus their sources) must load whole.
constexpr int kMaxFiles = 100000;

enum class EntryKind { File, Dir, Skipped };

/// What the scan does with entry @p de of the folder open as @p dirFd, as QDir::Files did:
/// regular files are listed, and so is whatever a symbolic link leads to unless it is a folder
/// (no loops) or nothing (a dangling link); a link to a device or a FIFO is listed, so that
/// reading it says why it cannot be read. Folders are entered. A FIFO, socket or device that is
/// no link is left out.
EntryKind kindOf(int dirFd, const dirent *de)
{
    unsigned char type = de->d_type;
    struct stat st;
    if (type == DT_UNKNOWN) {
        if (::fstatat(dirFd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            return EntryKind::Skipped;
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR)
        return EntryKind::Dir;
    if (type == DT_REG)
        return EntryKind::File;
    if (type == DT_LNK && ::fstatat(dirFd, de->d_name, &st, 0) == 0 && !S_ISDIR(st.st_mode))
        return EntryKind::File;
    return EntryKind::Skipped;
}

/// The visible entries of folder @p absolute, by name; false when it cannot be read.
bool listEntries(const QString &absolute, QList<QPair<QString, EntryKind>> &entries)
{
    const QByteArray path = absolute.isEmpty() ? QByteArrayLiteral("/") : QFile::encodeName(absolute);
    const int fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    DIR *d = ::fdopendir(fd);
    if (!d) {
        ::close(fd);
        return false;
    }
    while (const dirent *de = ::readdir(d)) {
        if (de->d_name[0] == '.' && std::strcmp(de->d_name, kOutputListName) != 0)
            continue;  // hidden, `.` and `..`
        entries.append({QFile::decodeName(de->d_name), kindOf(fd, de)});
    }
    ::closedir(d);
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return true;
}

/// Lists the files below @p absolute (whose path in the project is @p relative, "" or ending
/// in '/'), one directory read per folder: a project of 10,000 service folders is scanned in
/// milliseconds.
void scanDir(const QString &absolute, const QString &relative, int depth, int maxDepth, bool classify,
             QList<ProjectFileInfo> &out)
{
    if (depth > maxDepth || out.size() >= kMaxFiles)
        return;
    QList<QPair<QString, EntryKind>> entries;
    if (!listEntries(absolute, entries))
        return;
    // A folder `render`/`certs --out` wrote (it lists what it wrote) is the workbench's own
    // output, not manifests of the project: read back, its generated sessions would be checked
    // as the user's files, and the next render or certs would stop on them.
    const QLatin1String outputList(kOutputListName);
    if (depth > 0 &&
        std::any_of(entries.cbegin(), entries.cend(), [&](const auto &e) { return e.first == outputList; }))
        return;
    for (const auto &[name, kind] : std::as_const(entries)) {
        if (out.size() >= kMaxFiles)
            return;
        if (name.startsWith(QLatin1Char('.')) || kind == EntryKind::Skipped)
            continue;
        if (kind == EntryKind::Dir) {
            if (depth == 0 && (name == QLatin1String("target") || name == QLatin1String("build")))
                continue;
            if (name == QLatin1String("__pycache__") || name == QLatin1String("node_modules"))
                continue;
            scanDir(absolute + QLatin1Char('/') + name, relative + name + QLatin1Char('/'), depth + 1, maxDepth,
                    classify, out);
            continue;
        }
        ProjectFileInfo info;
        info.absolutePath = absolute + QLatin1Char('/') + name;
        info.relativePath = relative + name;
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
    QString absolute = root.absolutePath();
    if (absolute.endsWith(QLatin1Char('/')))
        absolute.chop(1);  // the file system's root
    scanDir(absolute, QString(), 0, maxDepth, classify, out);
    std::sort(out.begin(), out.end(),
              [](const ProjectFileInfo &a, const ProjectFileInfo &b) { return a.relativePath < b.relativePath; });
    return out;
}

}  // namespace workbench::models
