// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace workbench::test {

/// The folder holding the stand-in `sconectl`, `helm` and `kubectl` (tests/tools/standin_tool.cpp;
/// its header lists the STANDIN_* variables that choose their behaviour).
QString standinBinDir();

/// One recorded call of a stand-in.
struct StandinCall {
    QString tool;      ///< sconectl | helm | kubectl
    QStringList argv;  ///< argv[0] first
    QString cwd;
    qint64 pid = 0;
    qint64 pgid = 0;
    qint64 childPid = 0;  ///< the child it forked (STANDIN_SPAWN_CHILD=1), else 0
    QMap<QString, QString> env;

    /// argv without argv[0].
    QStringList arguments() const { return argv.mid(1); }
};

/// The calls recorded in @p recordFile (STANDIN_RECORD), in call order; empty if none.
QList<StandinCall> readStandinCalls(const QString &recordFile);

/// @p base with standinBinDir() first on PATH and STANDIN_RECORD=@p recordFile.
QProcessEnvironment standinEnvironment(const QString &recordFile,
                                       QProcessEnvironment base = QProcessEnvironment::systemEnvironment());

/// True while process @p pid exists and is not a zombie (reads /proc/<pid>/stat).
bool processAlive(qint64 pid);

}  // namespace workbench::test
