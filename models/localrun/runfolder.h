// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "localrun/localrunplan.h"

#include <QString>

namespace workbench::models::localrun {

/// The folder of one local run, in the application's data area. Owner-only: every folder is
/// created 0700 and every file 0600 before a byte is written (injection files hold private
/// keys). Layout:
///
///     <root>/.scone-workbench-run              marker: remove() refuses a folder without it
///     <root>/<service>/files/<absolute path>   injection files and /etc/hosts (`files/tls/flask.key`)
///     <root>/<service>/code/<relative path>    copies of the project files the build copies
///
/// The sandbox binds these at their absolute paths (sandbox.h); nothing is created outside the
/// root. The run removes the folder when it ends unless the user keeps it.
class RunFolder
{
public:
    RunFolder() = default;
    /// Names an existing (or future) run folder; no I/O.
    explicit RunFolder(QString root);

    /// Creates `<baseDir>/run-<yyyyMMdd-HHmmss>-<random>` (and @p baseDir, 0700, when missing).
    static Result<RunFolder> create(const QString &baseDir);

    QString root() const { return m_root; }
    bool isNull() const { return m_root.isEmpty(); }
    /// `<root>/<service>` (the service name with every character other than [A-Za-z0-9._-] as `_`).
    QString serviceDir(const QString &service) const;
    /// Where the file the sandbox shows at @p sandboxPath lies in the folder.
    QString fileSource(const QString &service, const QString &sandboxPath) const;
    /// Where the copy of the code entry @p relative lies in the folder.
    QString codeSource(const QString &service, const QString &relative) const;

    /// Writes every service's files and copies its code. A link among the code is followed only
    /// when it stays inside the project folder (`localrun.code.link`). Fails (`localrun.write`)
    /// on any I/O error, leaving what was written for remove().
    Status write(const LocalRunPlan &plan) const;

    /// Removes the folder and everything in it. Refuses (`localrun.remove`) a folder without
    /// the marker, so a wrong path never deletes anything else.
    Status remove() const;

private:
    QString m_root;
};

}  // namespace workbench::models::localrun
