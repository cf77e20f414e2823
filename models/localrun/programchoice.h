// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "localrun/hostsystem.h"
#include "localrun/localrunplan.h"
#include "localrun/packagenames.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::localrun {

/// What one python3 said about itself and the modules a service needs.
struct PythonProbe {
    QString executable;  ///< sys.executable: the real binary (a pyenv shim resolves to it)
    QString prefix;      ///< sys.prefix
    QString basePrefix;  ///< sys.base_prefix (differs inside a venv)
    QString version;     ///< "3.11.2"
    QStringList imported;
    QHash<QString, QString> failed;  ///< module -> "ModuleNotFoundError: No module named 'redis'"
};

/// The arguments that make a python3 report on itself and try to import @p modules:
/// `-I -c <script> <module>...`. Isolated mode (-I: no PYTHON* variables, no user site, no
/// current folder) sees what the sandbox will see: the sandbox neither binds the user's home nor
/// passes the workbench's environment.
QStringList pythonProbeArguments(const QStringList &modules);
/// Parses the probe's output (one JSON object). Fails (`localrun.python.probe`) on anything else.
Result<PythonProbe> parsePythonProbe(const QByteArray &output);

/// How to run one service's command on this machine.
struct ProgramRequest {
    QString service;  ///< for messages
    RuntimeKind runtime = RuntimeKind::Native;
    QString kind;                     ///< build.kind, for messages
    QString program;                  ///< the command's first word as the session has it (`python3`, `redis-server`)
    QList<Requirement> requirements;  ///< python: what must import
    QString requirementsFile;         ///< for messages
    QString pythonOverride;           ///< LOCAL_PYTHON: a path or a name on PATH; then only this one is tried
    QString javaOverride;             ///< LOCAL_JAVA
};

/// Chooses the program (scone-formats.md §1.5 `kind`):
/// - python (the command starts with python, python3 or python3.N): the python3 candidates on
///   PATH in order (or only LOCAL_PYTHON), the first whose probe imports every requirement; the
///   choice is its sys.executable, with its prefix folders as extra read-only paths. None that
///   imports them all: `localrun.python.modules`, naming the modules and the Debian packages
///   (python3-flask, python3-redis, ...).
/// - java kinds (the command starts with java): LOCAL_JAVA or `java` on PATH
///   (`localrun.program.missing` naming default-jre-headless).
/// - anything else (sconify_image, a python service started by another program): the command's
///   executable by its file name on PATH (the image's /usr/local/bin/redis-server is this
///   machine's redis-server), else the path itself when it exists here;
///   `localrun.program.missing` naming the Debian package when it is known.
Result<ProgramChoice> chooseProgram(const ProgramRequest &request, const HostSystem &host);

/// True for `python`, `python3`, `python3.11` (a path's file name).
bool isPythonProgram(const QString &program);

}  // namespace workbench::models::localrun
