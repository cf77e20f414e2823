// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "localrun/hostsystem.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace workbench::engine::localrun {

/// Runs @p program with @p arguments through the engine's process runner (stdin closed, the
/// workbench's environment) and returns its standard output once it exited with 0; an error
/// when it cannot start, exits otherwise or runs longer than @p timeoutMs (then its tree is
/// stopped). Waits in a local event loop: call it from the command line or a worker thread,
/// never from the UI thread.
Result<QByteArray> runHostProbe(const QString &program, const QStringList &arguments, int timeoutMs = 30000);

/// This machine for the local-run planner: models::localrun::HostSystem::local() with
/// runHostProbe() as its probe.
models::localrun::HostSystem localHostSystem();

}  // namespace workbench::engine::localrun
