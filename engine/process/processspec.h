// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "process/commandline.h"
#include "process/processenvironment.h"

#include "certs/secretbytes.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace workbench::engine::process {

/// Everything about one run of an external program.
struct ProcessSpec {
    /// The program is a tool name (found on the PATH of `environment`, or at `toolPath`) or a
    /// path containing '/'.
    CommandLine command;
    /// From the settings: where this tool is, overriding PATH. Empty: search PATH.
    QString toolPath;
    ProcessEnvironment environment = ProcessEnvironment::inherit();
    /// Empty: the workbench's current directory.
    QString workingDirectory;

    /// Written to the program's stdin, which is then closed. Neither set: stdin is /dev/null.
    std::optional<QByteArray> stdinData;
    /// Like stdinData, for passwords (`docker login --password-stdin`): scrubbed after writing.
    std::shared_ptr<const models::certs::SecretBytes> secretStdin;

    /// Cancel: SIGTERM to the whole process tree, SIGKILL after this grace period.
    int terminateGraceMs = 1500;
    /// When the program exits, whatever it left running in its tree is stopped the same way
    /// (false: left alone, e.g. a container runtime's daemonised monitor).
    bool stopDescendantsOnExit = true;
    /// Output (lines, progress) is delivered to the owner at most this often (ms).
    int batchIntervalMs = 50;
    /// > 0: also keep stdout's raw bytes (up to this many) in ProcessResult::stdoutBytes.
    qint64 collectStdoutLimit = 0;
    /// Lines of stderr kept for ProcessResult::stderrTail (and error messages).
    int stderrTailLines = 20;
    /// Longer lines are split (at a UTF-8 boundary).
    qsizetype maxLineBytes = 1024 * 1024;
};

}  // namespace workbench::engine::process
