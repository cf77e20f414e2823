// SPDX-License-Identifier: Apache-2.0
#include "core/outputfolder.h"

#include "core/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace workbench::models {

namespace {

constexpr char kStagingPrefix[] = ".scone-workbench-staging-";
constexpr int kMaxDepth = 256;

enum class EntryType { Missing, Dir, File, Other };

struct Entry {
    EntryType type = EntryType::Missing;
    mode_t mode = 0;
};

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

QString osReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/// lstat: what is at @p path itself (a symbolic link is Other, never what it points to).
Entry entryAt(const QString &path)
{
    struct stat st {
    };
    if (::lstat(native(path).constData(), &st) != 0)
        return {};
    if (S_ISDIR(st.st_mode))
        return {EntryType::Dir, st.st_mode & 07777};
    if (S_ISREG(st.st_mode))
        return {EntryType::File, st.st_mode & 07777};
    return {EntryType::Other, st.st_mode & 07777};
}

Error writeError(const QString &message, int error)
{
    return makeError(QStringLiteral("output.write"),
                     message + QStringLiteral(": ") + osReason(error) + QLatin1Char('.'));
}

/// Names in a folder, without "." and "..", not following a symbolic link to it.
Result<QStringList> listFolder(const QString &path)
{
    const int fd = ::open(native(path).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return writeError(QStringLiteral("Cannot read the folder %1").arg(path), errno);
    DIR *d = ::fdopendir(fd);
    if (!d) {
        const int e = errno;
        ::close(fd);
        return writeError(QStringLiteral("Cannot read the folder %1").arg(path), e);
    }
    QStringList names;
    errno = 0;
    while (const dirent *de = ::readdir(d)) {
        const char *n = de->d_name;
        if (std::strcmp(n, ".") != 0 && std::strcmp(n, "..") != 0)
            names << QFile::decodeName(n);
    }
    ::closedir(d);
    names.sort();
    return names;
}

/// Removes @p path and, for a real folder, what it holds; a symbolic link is removed as the
/// link. Best effort: returns false when something could not be removed.
bool removeNoFollow(const QString &path, int depth = 0)
{
    const Entry e = entryAt(path);
    if (e.type == EntryType::Missing)
        return true;
    if (e.type != EntryType::Dir)
        return ::unlink(native(path).constData()) == 0;
    bool ok = depth < kMaxDepth;
    if (ok) {
        const Result<QStringList> names = listFolder(path);
        if (names.ok()) {
            for (const QString &n : names.value())
                ok = removeNoFollow(path + QLatin1Char('/') + n, depth + 1) && ok;
        } else {
            ok = false;
        }
    }
    return ::rmdir(native(path).constData()) == 0 && ok;
}

/// A relative path of the output: '/'-separated parts, none empty, "." or "..".
bool validRelativePath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.contains(QChar(u'\0')))
        return false;
    for (const QString &part : path.split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return true;
}

QString topOf(const QString &rel)
{
    const qsizetype slash = rel.indexOf(QLatin1Char('/'));
    return slash < 0 ? rel : rel.left(slash);
}

QStringList ancestorsOf(const QString &rel)
{
    QStringList out;
    qsizetype slash = rel.indexOf(QLatin1Char('/'));
    while (slash > 0) {
        out << rel.left(slash);
        slash = rel.indexOf(QLatin1Char('/'), slash + 1);
    }
    return out;
}

/// The list file: a comment line, then one path per line (folders end with '/'); '%', CR and LF
/// in names are percent-encoded.
QByteArray encodeListPath(const QString &path)
{
    QByteArray utf8 = path.toUtf8();
    if (!utf8.contains('%') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    QByteArray out;
    for (const char c : std::as_const(utf8)) {
        if (c == '%' || c == '\n' || c == '\r')
            out += '%' + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0').toUpper();
        else
            out += c;
    }
    return out;
}

QString decodeListLine(const QByteArray &line)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(line));
}

QByteArray listText(const QSet<QString> &files, const QSet<QString> &dirs)
{
    QStringList all;
    all.reserve(files.size() + dirs.size());
    for (const QString &f : files)
        all << f;
    for (const QString &d : dirs)
        all << d + QLatin1Char('/');
    all.sort();
    QByteArray text = "# Written by SCONE Workbench: the files of its last run into this folder. The next run\n"
                      "# replaces exactly these; anything else here is kept (and refused without --force).\n";
    for (const QString &p : std::as_const(all))
        text += encodeListPath(p) + '\n';
    return text;
}

struct PreviousList {
    QSet<QString> files;
    QSet<QString> dirs;
};

PreviousList readPreviousList(const QString &listPath)
{
    PreviousList list;
    if (entryAt(listPath).type != EntryType::File)
        return list;
    const Result<QByteArray> text = readFileBounded(listPath);
    if (!text.ok())
        return list;
    for (const QByteArray &raw : text.value().split('\n')) {
        const QByteArray line = raw.endsWith('\r') ? raw.chopped(1) : raw;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QString p = decodeListLine(line);
        const bool dir = p.endsWith(QLatin1Char('/'));
        if (dir)
            p.chop(1);
        if (!validRelativePath(p))
            continue;  // never trusted to reach outside the folder
        (dir ? list.dirs : list.files).insert(p);
    }
    return list;
}

/// What a scan of the existing folder found.
struct Scan {
    QStringList foreign;                ///< every foreign entry (relative), sorted at the end
    QSet<QString> foreignTopUntouched;  ///< foreign top-level entries outside the output's tops
    QStringList ours;                   ///< files of the previous run (relative)
    QHash<QString, Entry> entries;      ///< every entry seen below the output's tops
    QStringList leftovers;              ///< staging folders of an interrupted earlier run
};

Status scanEntry(const QString &root, const QString &rel, const PreviousList &list, Scan &scan, int depth)
{
    const QString abs = root + QLatin1Char('/') + rel;
    const Entry e = entryAt(abs);
    scan.entries.insert(rel, e);
    if (e.type == EntryType::File) {
        (list.files.contains(rel) ? scan.ours : scan.foreign) << rel;
        return Ok{};
    }
    if (e.type != EntryType::Dir) {
        if (e.type == EntryType::Other)
            scan.foreign << rel;
        return Ok{};
    }
    if (depth > kMaxDepth)
        return makeError(QStringLiteral("output.folder"),
                         QStringLiteral("%1 is nested too deeply to be checked.").arg(abs));
    const Result<QStringList> names = listFolder(abs);
    if (!names.ok())
        return names.error();
    if (names->isEmpty() && !list.dirs.contains(rel))
        scan.foreign << rel;  // an empty folder nobody listed: someone else's
    for (const QString &n : names.value()) {
        const Status st = scanEntry(root, rel + QLatin1Char('/') + n, list, scan, depth + 1);
        if (!st.ok())
            return st;
    }
    return Ok{};
}

QString displayPath(const QString &dirAsGiven, const QString &rel)
{
    return QDir::cleanPath(dirAsGiven + QLatin1Char('/') + rel);
}

/// Creates the folders of @p rel's parent below @p root; @p modes gives the mode of a folder
/// that existed in the old output (so a kept foreign folder keeps its permissions). @p made
/// holds the folders below @p root known to be there (each is looked at once, not once per file).
Status makeParents(const QString &root, const QString &rel, const QHash<QString, Entry> &old, QSet<QString> &made)
{
    for (const QString &dir : ancestorsOf(rel)) {
        if (made.contains(dir))
            continue;
        const QString abs = root + QLatin1Char('/') + dir;
        if (entryAt(abs).type == EntryType::Dir) {
            made.insert(dir);
            continue;
        }
        const auto it = old.constFind(dir);
        const mode_t mode = it != old.constEnd() && it->type == EntryType::Dir ? it->mode : 0777;
        if (::mkdir(native(abs).constData(), mode) != 0)
            return writeError(QStringLiteral("Cannot create the folder %1").arg(abs), errno);
        if (it != old.constEnd() && it->type == EntryType::Dir)
            ::chmod(native(abs).constData(), mode);  // mkdir applied the umask
        made.insert(dir);
    }
    return Ok{};
}

Status writeNewFile(const QString &path, const QByteArray &content, bool secret)
{
    const int fd =
        ::open(native(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, secret ? 0600 : 0666);
    if (fd < 0)
        return writeError(QStringLiteral("Cannot write %1").arg(path), errno);
    if (secret)
        ::fchmod(fd, 0600);
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + done, size_t(content.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int e = n < 0 ? errno : EIO;
            ::close(fd);
            return writeError(QStringLiteral("Cannot write %1").arg(path), e);
        }
        done += n;
    }
    if (::close(fd) != 0)
        return writeError(QStringLiteral("Cannot write %1").arg(path), errno);
    return Ok{};
}

/// Atomically exchanges two paths; where the file system cannot, three renames through a spare name.
int exchangePaths(const QString &a, const QString &b)
{
#ifdef RENAME_EXCHANGE
    if (::renameat2(AT_FDCWD, native(a).constData(), AT_FDCWD, native(b).constData(), RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return errno;
#endif
    // Fallback: b -> spare, a -> b, spare -> a. A crash in between leaves both in the folder or
    // the staging folder, never lost. `a` is always staging/<new|list>/<name>: the spare name is
    // staging/swap, which nothing else uses.
    const QString spare = QFileInfo(QFileInfo(a).absolutePath()).absolutePath() + QStringLiteral("/swap");
    if (::rename(native(b).constData(), native(spare).constData()) != 0)
        return errno;
    if (::rename(native(a).constData(), native(b).constData()) != 0) {
        const int e = errno;
        ::rename(native(spare).constData(), native(b).constData());
        return e;
    }
    if (::rename(native(spare).constData(), native(a).constData()) != 0)
        return errno;
    return 0;
}

/// Renames @p from to @p to, refusing to replace anything at @p to.
int renameNoReplace(const QString &from, const QString &to)
{
#ifdef RENAME_NOREPLACE
    if (::renameat2(AT_FDCWD, native(from).constData(), AT_FDCWD, native(to).constData(), RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return errno;
#endif
    if (entryAt(to).type != EntryType::Missing)
        return EEXIST;
    return ::rename(native(from).constData(), native(to).constData()) == 0 ? 0 : errno;
}

/// One undoable step of the final swap.
struct SwapStep {
    enum class Kind { Exchange, Rename } kind;
    QString a;  ///< Exchange: staged path; Rename: from
    QString b;  ///< Exchange: path in the folder; Rename: to
};

int undo(const SwapStep &s)
{
    return s.kind == SwapStep::Kind::Exchange ? exchangePaths(s.a, s.b) : renameNoReplace(s.b, s.a);
}

/// Everything made on the way, undone unless commit() was called.
class Transaction
{
public:
    ~Transaction()
    {
        if (m_committed)
            return;
        for (auto it = m_done.crbegin(); it != m_done.crend(); ++it)
            undo(*it);
        if (!m_staging.isEmpty())
            removeNoFollow(m_staging);
        for (auto it = m_createdDirs.crbegin(); it != m_createdDirs.crend(); ++it)
            ::rmdir(native(*it).constData());
    }
    void setStaging(const QString &staging) { m_staging = staging; }
    void createdDir(const QString &dir) { m_createdDirs << dir; }
    void done(const SwapStep &step) { m_done << step; }
    void commit() { m_committed = true; }

private:
    QString m_staging;
    QStringList m_createdDirs;
    QList<SwapStep> m_done;
    bool m_committed = false;
};

/// The first few of @p rels for a message, folders with a trailing '/'.
QString listOfNames(const QString &dirAsGiven, const QStringList &rels, const QHash<QString, Entry> &entries)
{
    QStringList shown;
    for (int i = 0; i < rels.size() && i < 3; ++i)
        shown << displayPath(dirAsGiven, rels.at(i)) +
                     (entries.value(rels.at(i)).type == EntryType::Dir ? QStringLiteral("/") : QString());
    QString s = shown.join(QStringLiteral(", "));
    if (rels.size() > 3)
        s += QStringLiteral(" and %1 more").arg(rels.size() - 3);
    return s;
}

/// Resolves the folder to write to, creating it (and missing parents) when absent.
Result<QString> prepareFolder(const QString &dir, const OutputWriteOptions &options, Transaction &tx)
{
    QString target = QDir::cleanPath(QDir(dir).absolutePath());
    if (!options.confinedTo.isEmpty()) {
        const QString base = QDir::cleanPath(QDir(options.confinedTo).absolutePath());
        if (!target.startsWith(base + QLatin1Char('/')))
            return makeError(QStringLiteral("output.folder"),
                             QStringLiteral("%1 is not inside %2.").arg(dir, options.confinedTo));
        // Every existing folder from below the base down to the target must be a real folder.
        const QStringList parts = target.mid(base.size() + 1).split(QLatin1Char('/'));
        QString at = base;
        for (const QString &part : parts) {
            at += QLatin1Char('/') + part;
            const Entry e = entryAt(at);
            if (e.type == EntryType::Missing)
                break;
            if (e.type != EntryType::Dir)
                return makeError(
                    QStringLiteral("output.folder"),
                    QStringLiteral("%1 is not a folder (a symbolic link or a file); nothing was written.").arg(at));
        }
    } else if (QFileInfo(target).isSymLink()) {
        // The user's own argument: follow it, once, and work inside what it points to.
        const QString resolved = QFileInfo(target).canonicalFilePath();
        if (resolved.isEmpty())
            return makeError(QStringLiteral("output.folder"),
                             QStringLiteral("%1 is a symbolic link to nothing.").arg(dir));
        target = resolved;
    }
    const Entry e = entryAt(target);
    if (e.type == EntryType::Dir)
        return target;
    if (e.type != EntryType::Missing)
        return makeError(QStringLiteral("output.folder"), QStringLiteral("%1 is not a folder.").arg(dir));
    // Create the missing folders one by one (so a failure can remove exactly those).
    QStringList missing;
    for (QString at = target; entryAt(at).type == EntryType::Missing; at = QFileInfo(at).absolutePath()) {
        missing.prepend(at);
        if (at == QFileInfo(at).absolutePath())
            break;
    }
    for (const QString &m : std::as_const(missing)) {
        if (::mkdir(native(m).constData(), 0777) != 0)
            return writeError(QStringLiteral("Cannot create %1").arg(m), errno);
        tx.createdDir(m);
    }
    return target;
}

}  // namespace

Result<OutputWriteResult> writeOutputFolder(const QString &dir, const QList<OutputFile> &files,
                                            const OutputWriteOptions &options)
{
    const QString listName = QString::fromLatin1(kOutputListName);
    // 1. The new output: valid paths, no duplicates, no file where another file needs a folder.
    QMap<QString, const OutputFile *> newFiles;
    QSet<QString> newDirs;
    for (const OutputFile &f : files) {
        if (!validRelativePath(f.path) || f.path == listName || topOf(f.path).startsWith(QLatin1String(kStagingPrefix)))
            return makeError(QStringLiteral("output.path"), QStringLiteral("Refusing to write %1: not a plain path "
                                                                           "inside the output folder.")
                                                                .arg(f.path));
        if (newFiles.contains(f.path))
            return makeError(QStringLiteral("output.path"), QStringLiteral("The output names %1 twice.").arg(f.path));
        newFiles.insert(f.path, &f);
        // Deepest first: a folder already known has its parents known too.
        const QStringList ancestors = ancestorsOf(f.path);
        for (auto a = ancestors.crbegin(); a != ancestors.crend() && !newDirs.contains(*a); ++a)
            newDirs.insert(*a);
    }
    for (auto it = newFiles.cbegin(); it != newFiles.cend(); ++it)
        if (newDirs.contains(it.key()))
            return makeError(QStringLiteral("output.path"),
                             QStringLiteral("The output needs %1 as a file and as a folder.").arg(it.key()));

    Transaction tx;
    const Result<QString> prepared = prepareFolder(dir, options, tx);
    if (!prepared.ok())
        return prepared.error();
    const QString root = prepared.value();

    // 2. What the folder holds: the previous run's files, and everything else.
    const QString listPath = root + QLatin1Char('/') + listName;
    const PreviousList previous = readPreviousList(listPath);
    QSet<QString> tops;  // the top-level entries this run owns
    for (auto it = newFiles.cbegin(); it != newFiles.cend(); ++it)
        tops.insert(topOf(it.key()));
    // A list naming the list itself or a staging folder is not followed there.
    auto addPreviousTop = [&](const QString &rel) {
        const QString t = topOf(rel);
        if (t != listName && !t.startsWith(QLatin1String(kStagingPrefix)))
            tops.insert(t);
    };
    for (const QString &f : previous.files)
        addPreviousTop(f);
    for (const QString &d : previous.dirs)
        addPreviousTop(d);
    Scan scan;
    const Result<QStringList> topNames = listFolder(root);
    if (!topNames.ok())
        return topNames.error();
    for (const QString &name : topNames.value()) {
        if (name == listName) {
            if (entryAt(listPath).type != EntryType::File)
                scan.foreign << name;  // a link or folder in the list's place: not ours
            continue;
        }
        if (name.startsWith(QLatin1String(kStagingPrefix))) {
            scan.leftovers << name;  // an interrupted run's; holds only copies (see the header)
            continue;
        }
        if (!tops.contains(name)) {
            scan.entries.insert(name, entryAt(root + QLatin1Char('/') + name));
            scan.foreign << name;
            scan.foreignTopUntouched.insert(name);
            continue;
        }
        const Status st = scanEntry(root, name, previous, scan, 0);
        if (!st.ok())
            return st.error();
    }
    scan.foreign.sort();
    if (!scan.foreign.isEmpty() && !options.force) {
        Error e = makeError(QStringLiteral("output.foreign"),
                            QStringLiteral("%1 holds files the workbench did not write: %2")
                                .arg(QDir::cleanPath(dir), listOfNames(dir, scan.foreign, scan.entries)));
        e.file = displayPath(dir, scan.foreign.constFirst());
        return e;
    }
    // Foreign entries where the new output goes are never replaced, not even with force.
    for (const QString &k : std::as_const(scan.foreign)) {
        bool conflict = newFiles.contains(k) || k == listName;
        if (!conflict && scan.entries.value(k).type != EntryType::Dir)
            conflict = newDirs.contains(k);
        for (const QString &a : ancestorsOf(k))
            conflict = conflict || newFiles.contains(a);
        if (conflict) {
            Error e = makeError(QStringLiteral("output.conflict"),
                                QStringLiteral("%1 was not written by the workbench and is where the output goes; "
                                               "move it away or choose another folder")
                                    .arg(displayPath(dir, k)));
            e.file = displayPath(dir, k);
            return e;
        }
    }

    // 3. Build the new entries in a private staging folder: the new files, and a second name for
    // every foreign entry that lives inside an entry this run replaces.
    QByteArray stagingTemplate = native(root + QLatin1Char('/') + QLatin1String(kStagingPrefix)) + "XXXXXX";
    if (!::mkdtemp(stagingTemplate.data()))
        return writeError(QStringLiteral("Cannot create a staging folder in %1").arg(dir), errno);
    const QString staging = QFile::decodeName(stagingTemplate);
    tx.setStaging(staging);
    const QString stagedNew = staging + QStringLiteral("/new");
    const QString stagedOld = staging + QStringLiteral("/old");
    const QString stagedList = staging + QStringLiteral("/list");
    for (const QString &d : {stagedNew, stagedOld, stagedList})
        if (::mkdir(native(d).constData(), 0700) != 0)
            return writeError(QStringLiteral("Cannot create %1").arg(d), errno);

    OutputWriteResult result;
    result.folder = root;
    // The folders first, then the files (on several threads when the caller gives them: a
    // render of thousands of services writes tens of thousands of files).
    QSet<QString> made;
    QList<QPair<QString, const OutputFile *>> toWrite;
    toWrite.reserve(newFiles.size());
    for (auto it = newFiles.cbegin(); it != newFiles.cend(); ++it) {
        if (Status st = makeParents(stagedNew, it.key(), scan.entries, made); !st.ok())
            return st.error();
        toWrite.append({it.key(), it.value()});
    }
    std::vector<std::optional<Error>> failed(size_t(toWrite.size()));
    runParallel(options.parallelFor, toWrite.size(), [&](qsizetype i) {
        const auto &[rel, file] = toWrite.at(i);
        Status st = writeNewFile(stagedNew + QLatin1Char('/') + rel, file->content, file->secret);
        if (!st.ok())
            failed[size_t(i)] = st.error();
    });
    for (qsizetype i = 0; i < toWrite.size(); ++i) {
        if (failed[size_t(i)])
            return *failed[size_t(i)];
        result.written << toWrite.at(i).first;
    }
    for (const QString &k : std::as_const(scan.foreign)) {
        if (scan.foreignTopUntouched.contains(k) || k == listName)
            continue;
        Status st = makeParents(stagedNew, k, scan.entries, made);
        if (!st.ok())
            return st.error();
        const QString from = root + QLatin1Char('/') + k;
        const QString to = stagedNew + QLatin1Char('/') + k;
        const Entry e = scan.entries.value(k);
        if (e.type == EntryType::Dir) {
            // An empty folder kept as it is (it may already exist as a folder of the new output).
            if (entryAt(to).type != EntryType::Dir && ::mkdir(native(to).constData(), e.mode) != 0)
                return writeError(QStringLiteral("Cannot keep the folder %1").arg(displayPath(dir, k)), errno);
            ::chmod(native(to).constData(), e.mode);
        } else if (::linkat(AT_FDCWD, native(from).constData(), AT_FDCWD, native(to).constData(), 0) != 0) {
            return writeError(QStringLiteral("Cannot keep %1 in place while replacing the output around it "
                                             "(hard link)")
                                  .arg(displayPath(dir, k)),
                              errno);
        }
    }
    for (const QString &k : std::as_const(scan.foreign))
        result.kept << k;
    for (const QString &f : std::as_const(scan.ours))
        if (!newFiles.contains(f))
            result.removed << f;

    // The list is replaced twice: first by the union of old and new (so that a run killed during
    // the swap leaves nothing unlisted that the workbench wrote), at the end by the new list.
    QSet<QString> newFileSet;
    for (auto it = newFiles.cbegin(); it != newFiles.cend(); ++it)
        newFileSet.insert(it.key());
    const QString unionList = stagedList + QStringLiteral("/union");
    const QString finalList = stagedList + QStringLiteral("/final");
    const QByteArray finalText = listText(newFileSet, newDirs);
    const bool nothingOld = (previous.files - newFileSet).isEmpty() && (previous.dirs - newDirs).isEmpty();
    if (Status st = writeNewFile(
            unionList, nothingOld ? finalText : listText(newFileSet | previous.files, newDirs | previous.dirs), false);
        !st.ok())
        return st.error();
    if (Status st = writeNewFile(finalList, finalText, false); !st.ok())
        return st.error();

    // Everything staged reaches the disk before it is swapped in, so a crash after the swap never
    // leaves empty files in place of the output: one syncfs for all of it (thousands of files in
    // a large render), not one fsync per file.
    if (const int fd = ::open(native(staging).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        const int rc = ::syncfs(fd);
        const int e = errno;
        ::close(fd);
        if (rc != 0)
            return writeError(QStringLiteral("Cannot write the output to the disk in %1").arg(dir), e);
    }

    // 4. The swap: each owned top-level entry replaced by its staged version, atomically each,
    // undone in reverse on the first failure (by the transaction).
    int step = 0;
    auto runStep = [&](const SwapStep &s) -> Status {
        if (options.beforeSwapStep) {
            const Status injected = options.beforeSwapStep(step);
            if (!injected.ok())
                return injected;
        }
        ++step;
        const int rc = s.kind == SwapStep::Kind::Exchange ? exchangePaths(s.a, s.b) : renameNoReplace(s.a, s.b);
        if (rc != 0)
            return writeError(QStringLiteral("Cannot move the new output into place (%1)").arg(s.b), rc);
        tx.done(s);
        return Ok{};
    };
    const bool listExists = entryAt(listPath).type == EntryType::File;
    if (Status st = runStep({listExists ? SwapStep::Kind::Exchange : SwapStep::Kind::Rename, unionList, listPath});
        !st.ok())
        return st.error();
    QStringList sortedTops(tops.cbegin(), tops.cend());
    sortedTops.sort();
    for (const QString &t : std::as_const(sortedTops)) {
        const QString inFolder = root + QLatin1Char('/') + t;
        const QString staged = stagedNew + QLatin1Char('/') + t;
        const bool hasStaged = entryAt(staged).type != EntryType::Missing;
        const bool hasOld = entryAt(inFolder).type != EntryType::Missing;
        Status st = Ok{};
        if (hasStaged && hasOld)
            st = runStep({SwapStep::Kind::Exchange, staged, inFolder});
        else if (hasStaged)
            st = runStep({SwapStep::Kind::Rename, staged, inFolder});
        else if (hasOld)
            st = runStep({SwapStep::Kind::Rename, inFolder, stagedOld + QLatin1Char('/') + t});
        if (!st.ok())
            return st.error();
    }
    if (Status st = runStep({SwapStep::Kind::Exchange, finalList, listPath}); !st.ok())
        return st.error();
    tx.commit();

    // 5. What is left in the staging folder is the old output (and second names of kept files,
    // whose first names are now in place): remove it, never following a link. Also the staging
    // folders of an interrupted earlier run.
    removeNoFollow(staging);
    for (const QString &l : std::as_const(scan.leftovers))
        removeNoFollow(root + QLatin1Char('/') + l);
    result.written.sort();
    result.removed.sort();
    result.kept.sort();
    return result;
}

}  // namespace workbench::models
