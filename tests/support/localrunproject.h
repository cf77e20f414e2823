// SPDX-License-Identifier: Apache-2.0
// A copy of the example project ready for a local run in a test (see localrunsupport.h for the
// tool check and free ports).
#pragma once

#include <QByteArray>
#include <QString>

namespace workbench::test {

/// A copy of the example project in @p dir whose Redis and API listen on @p redisPort and
/// @p apiPort (tests never use the manifests' fixed 6379 and 4996). Empty on failure.
QString localRunExampleCopy(const QString &dir, quint16 redisPort, quint16 apiPort);

/// Replaces every occurrence of @p from in @p dir/@p file by @p to; false when the
/// file does not contain @p from (the example changed: the test must notice) or cannot be written.
bool replaceInFile(const QString &dir, const QString &file, const QByteArray &from, const QByteArray &to);

/// Puts /usr/bin first in PATH (Debian's python3, with python3-flask and python3-redis, before a
/// pyenv one), as the local runs of the example need, and returns the skip/fail message of the
/// tools this machine lacks (empty when everything is there).
QString prepareLocalRunTools();

}  // namespace workbench::test
