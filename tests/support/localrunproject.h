// SPDX-License-Identifier: Apache-2.0
// A copy of the example project ready for a local run in a test (see localrunsupport.h for the
// tool check and free ports).
#pragma once

#include <QString>

namespace workbench::test {

/// A copy of the example project in @p dir whose Redis and API listen on @p redisPort and
/// @p apiPort (tests never use the manifests' fixed 6379 and 4996). Empty on failure.
QString localRunExampleCopy(const QString &dir, quint16 redisPort, quint16 apiPort);

/// Puts /usr/bin first in PATH (Debian's python3, with python3-flask and python3-redis, before a
/// pyenv one), as the local runs of the example need, and returns the skip/fail message of the
/// tools this machine lacks (empty when everything is there).
QString prepareLocalRunTools();

}  // namespace workbench::test
