// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "standins.h"  // processAlive()

#include <QList>
#include <QString>

#include <sys/types.h>

namespace workbench::test {

/// The parent pid of @p pid from /proc, 0 when unknown.
pid_t parentOf(pid_t pid);

/// Every process below @p root (children, grandchildren, ...), from /proc.
QList<pid_t> descendantsOf(pid_t root);

/// Every process whose command line (/proc/PID/cmdline, arguments joined by spaces) contains
/// @p text, this process excluded.
QList<pid_t> processesMentioning(const QByteArray &text);

/// Polls /proc until none of @p pids is alive (processAlive(): a zombie counts as gone, it has
/// exited and only waits for its parent to collect its status) or @p timeoutMs passed; returns the ones still
/// alive (empty: all gone). Spins the event loop meanwhile.
QList<pid_t> waitUntilGone(const QList<pid_t> &pids, int timeoutMs);

/// Reads a file of one pid per line, waiting up to @p timeoutMs for it to appear.
QList<pid_t> readPidFile(const QString &path, int timeoutMs);

}  // namespace workbench::test
