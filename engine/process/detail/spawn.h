// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>

#include <sys/types.h>

namespace workbench::engine::process::detail {

/// Everything spawn() needs, already encoded (no allocation happens after fork()).
struct SpawnRequest {
    QByteArray program;             ///< absolute path
    QList<QByteArray> arguments;    ///< argv[1..]
    QList<QByteArray> environment;  ///< "NAME=VALUE"
    QByteArray workingDirectory;    ///< empty: inherit
    bool stdinPipe = false;
    int terminateGraceMs = 1500;
    bool stopDescendantsOnExit = true;
};

/// The parent's ends of a spawned program's pipes (close-on-exec, non-blocking) and of the
/// control socket to its supervisor.
struct SpawnedProcess {
    pid_t supervisor = -1;
    int stdinFd = -1;
    int stdoutFd = -1;
    int stderrFd = -1;
    int controlFd = -1;
};

/// Control messages (one byte; parent -> supervisor).
inline constexpr char ControlTerminate = 'T';  ///< SIGTERM to the tree, SIGKILL after the grace period
inline constexpr char ControlKill = 'K';       ///< SIGKILL to the tree now
/// Reports (supervisor -> parent): a tag byte and a 32-bit value in host order.
inline constexpr char ReportPid = 'P';     ///< the program's pid
inline constexpr char ReportStatus = 'X';  ///< the program's wait status

/// Starts @p request under a supervisor process and returns once the program has been exec'd
/// (or failed to be). The layout of the process tree:
///
///     workbench ── supervisor (own session, child subreaper, all signals blocked)
///                     └── program (own process group, parent-death signal SIGKILL)
///                            └── whatever the program starts (same group unless it moves)
///
/// The supervisor signals the program's group and every process re-parented to it (the
/// subreaper sees descendants that left the group), on request over the control socket, when
/// the program exits (stopDescendantsOnExit) and when the control socket closes, i.e. when
/// the workbench exits or is killed. SIGTERM first, SIGKILL after the grace period. It exits
/// once nothing is left, after reporting the program's pid and wait status.
///
/// Blocks the calling thread until exec (about a millisecond). Call from an I/O thread.
Result<SpawnedProcess> spawn(const SpawnRequest &request);

/// Closes every fd of @p p that is open.
void closeAll(SpawnedProcess &p);

}  // namespace workbench::engine::process::detail
