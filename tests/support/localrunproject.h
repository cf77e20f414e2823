// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <optional>

namespace workbench::test {

/// What the example's local run needs on this machine (bwrap, redis-server, /usr/bin/python3
/// with flask and redis): nullopt when everything is there, else a message naming what is
/// missing. Puts /usr/bin first in PATH (Debian's python3 before a pyenv one), as the local-run
/// tests do.
std::optional<QString> missingLocalRunTools();

/// WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS=1 (CI): a missing tool fails the test instead of skipping it.
bool localRunToolsRequired();

/// A free TCP port (asked of the OS; free again when this returns, for a service to bind).
quint16 freeTcpPort();

/// A copy of the example project in @p dir whose Redis and API listen on @p redisPort and
/// @p apiPort (tests never use the manifests' fixed 6379 and 4996). Empty on failure.
QString localRunExampleCopy(const QString &dir, quint16 redisPort, quint16 apiPort);

}  // namespace workbench::test
