// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace workbench::engine::process {

/// How a program run ended (it did start; a failure to start is an Error instead).
struct ProcessResult {
    qint64 pid = 0;
    int exitCode = -1;       ///< valid when signal == 0
    int signal = 0;          ///< the signal that ended the program, 0 when it exited
    bool cancelled = false;  ///< cancel() was called before it ended
    qint64 elapsedMs = 0;
    QString commandLine;     ///< redacted display form
    QString stderrTail;      ///< the last stderr lines (secrets redacted)
    QByteArray stdoutBytes;  ///< when ProcessSpec::collectStdoutLimit > 0
    bool stdoutTruncated = false;
    qint64 stdoutLines = 0;
    qint64 stderrLines = 0;

    bool exitedNormally() const { return signal == 0; }
    bool succeeded() const { return signal == 0 && exitCode == 0; }
};

}  // namespace workbench::engine::process
