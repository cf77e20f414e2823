// SPDX-License-Identifier: Apache-2.0
#include "proctree.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QMultiHash>
#include <QThread>

#include <unistd.h>

namespace workbench::test {

namespace {
QByteArray stat(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}
}  // namespace

pid_t parentOf(pid_t pid)
{
    const QByteArray s = stat(pid);
    const qsizetype close = s.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = s.mid(close + 2).split(' ');
    return fields.size() > 1 ? pid_t(fields.at(1).toInt()) : 0;
}

namespace {
QList<pid_t> allPids()
{
    QList<pid_t> out;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const int pid = entry.toInt(&ok);
        if (ok)
            out << pid_t(pid);
    }
    return out;
}
}  // namespace

QList<pid_t> descendantsOf(pid_t root)
{
    QMultiHash<pid_t, pid_t> children;
    for (pid_t pid : allPids())
        children.insert(parentOf(pid), pid);
    QList<pid_t> out;
    QList<pid_t> todo{root};
    while (!todo.isEmpty()) {
        const pid_t p = todo.takeFirst();
        for (pid_t c : children.values(p)) {
            out << c;
            todo << c;
        }
    }
    return out;
}

QList<pid_t> processesMentioning(const QByteArray &text)
{
    QList<pid_t> out;
    const pid_t self = ::getpid();
    for (pid_t pid : allPids()) {
        if (pid == self)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QByteArray cmdline = f.readAll();
        cmdline.replace('\0', ' ');
        if (cmdline.contains(text) && processAlive(pid))
            out << pid;
    }
    return out;
}

QList<pid_t> waitUntilGone(const QList<pid_t> &pids, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        QList<pid_t> alive;
        for (pid_t p : pids)
            if (processAlive(p))
                alive << p;
        if (alive.isEmpty() || deadline.hasExpired())
            return alive;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(5);
    }
}

QList<pid_t> readPidFile(const QString &path, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!QFile::exists(path) && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(5);
    }
    QFile f(path);
    QList<pid_t> pids;
    if (!f.open(QIODevice::ReadOnly))
        return pids;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            pids << pid_t(line.trimmed().toInt());
    return pids;
}

}  // namespace workbench::test
