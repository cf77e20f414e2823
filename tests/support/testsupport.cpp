// SPDX-License-Identifier: Apache-2.0
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace workbench::test {

QString dataPath(const QString &relative)
{
    return QDir(QStringLiteral(WORKBENCH_TEST_DATA_DIR)).filePath(relative);
}

QString exampleDir()
{
    return QStringLiteral(WORKBENCH_EXAMPLE_DIR);
}

bool copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = QDir(to).filePath(QDir(from).relativeFilePath(src));
        if (!QDir().mkpath(QFileInfo(dst).absolutePath()))
            return false;
        QFile::remove(dst);
        if (!QFile::copy(src, dst))
            return false;
        QFile::setPermissions(dst, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

namespace {
void snapshotInto(const QString &root, const QString &rel, QMap<QString, QByteArray> &out, int depth)
{
    const QString abs = rel.isEmpty() ? root : root + QLatin1Char('/') + rel;
    struct stat st {
    };
    if (::lstat(QFile::encodeName(abs).constData(), &st) != 0)
        return;
    QByteArray d = QByteArray::number(st.st_mode, 8);
    if (S_ISLNK(st.st_mode)) {
        d += " link " + QFile::encodeName(QFileInfo(abs).symLinkTarget());
    } else if (S_ISREG(st.st_mode)) {
        d += " file " + readFile(abs).toHex();
    } else if (S_ISDIR(st.st_mode) && depth < 64) {
        d += " dir";
        const QStringList names =
            QDir(abs).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &n : names)
            snapshotInto(root, rel.isEmpty() ? n : rel + QLatin1Char('/') + n, out, depth + 1);
    }
    out.insert(rel.isEmpty() ? QStringLiteral(".") : rel, d);
}
}  // namespace

QMap<QString, QByteArray> snapshotTree(const QString &dir)
{
    QMap<QString, QByteArray> out;
    snapshotInto(dir, QString(), out, 0);
    return out;
}

ClosingServer::ClosingServer()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_fd, 64) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        return;
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] {
        while (!m_stop.load()) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c >= 0) {
                ++m_accepted;  // before the close the client waits for
                ::close(c);
            }
        }
    });
}

ClosingServer::~ClosingServer()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_fd >= 0)
        ::close(m_fd);
}

QByteArray treeDigest(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(dir).relativeFilePath(it.next());
    files.sort();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &f : std::as_const(files)) {
        const QString path = QDir(dir).filePath(f);
        hash.addData(f.toUtf8());
        hash.addData(QByteArray::number(int(QFileInfo(path).permissions())));
        hash.addData(readFile(path));
    }
    return hash.result().toHex();
}

CliResult runCli(const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    QProcess p;
    QProcessEnvironment e = env;
    e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(WORKBENCH_CLI_PATH), args);
    CliResult r;
    if (!p.waitForStarted(10000))
        return r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

}  // namespace workbench::test
