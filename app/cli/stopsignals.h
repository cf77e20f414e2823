// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <csignal>

namespace workbench::cli {

/// SIGINT and SIGTERM turned into readable bytes for the event loop (the self-pipe trick), so a
/// long-running command (`logs -f`, `run`) ends cleanly on either: the handler only writes one byte;
/// the command watches readFd() with a QSocketNotifier, calls drain() and stops its work.
/// Installed even when SIGINT was inherited as ignored (a background job of a script): the commands
/// document that SIGINT ends them cleanly. The previous handlers come back on destruction.
/// One instance at a time per process.
class StopSignals
{
public:
    StopSignals() = default;
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;
    ~StopSignals();

    /// False (errno set) when the pipe or the handlers cannot be set up.
    bool install();
    int readFd() const;
    /// Reads every pending byte; returns how many signals arrived since the last call.
    int drain();

private:
    bool m_installed = false;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

}  // namespace workbench::cli
