// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <atomic>
#include <thread>

namespace workbench::test {

/// Absolute path of a file under tests/data.
QString dataPath(const QString &relative);

/// The bundled example project in the source tree (read-only for tests: copy before editing).
QString exampleDir();

/// Copies a directory tree (used to give each test a private copy of a project).
bool copyTree(const QString &from, const QString &to);

/// Reads a whole file; empty on error.
QByteArray readFile(const QString &path);

/// Writes (replaces) a whole file, creating its folder; false on error.
bool writeFile(const QString &path, const QByteArray &bytes);

/// Everything under @p dir, without following symbolic links: relative path -> a description of
/// the entry (type, mode, content of a file, target of a link). Two equal snapshots mean the
/// tree was not touched (for "the folder is untouched" assertions).
QMap<QString, QByteArray> snapshotTree(const QString &dir);

/// A loopback TCP server on a port the OS picks that accepts every connection and closes it at
/// once (the peer that makes a TLS client's next write fail with EPIPE). It runs in a thread of
/// its own, so a test blocked in runCli() is still served. Stops when destroyed.
class ClosingServer
{
public:
    ClosingServer();
    ~ClosingServer();
    ClosingServer(const ClosingServer &) = delete;
    ClosingServer &operator=(const ClosingServer &) = delete;
    bool isListening() const { return m_fd >= 0; }
    quint16 port() const { return m_port; }
    int accepted() const { return m_accepted.load(); }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::thread m_thread;
};
/// A digest of every file under @p dir (hidden ones included): relative paths, contents and
/// permissions. Two equal digests mean nothing under @p dir was added, removed or changed.
QByteArray treeDigest(const QString &dir);

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs the real `scone-workbench` executable with @p args (offscreen, fresh environment
/// variables from @p env when given) and waits up to @p timeoutMs.
CliResult runCli(const QStringList &args, int timeoutMs = 60000,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

}  // namespace workbench::test
