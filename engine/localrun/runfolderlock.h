// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace workbench::engine::localrun {

/// The lock a live run holds on its run folder (`<root>/.lock`, flock), so a later run can tell
/// the folders of runs that did not end (a killed workbench) from the folders of runs that still
/// run, and remove the former: they hold the run's private keys.
class RunFolderLock
{
public:
    RunFolderLock() = default;
    RunFolderLock(RunFolderLock &&other) noexcept;
    RunFolderLock &operator=(RunFolderLock &&other) noexcept;
    RunFolderLock(const RunFolderLock &) = delete;
    RunFolderLock &operator=(const RunFolderLock &) = delete;
    ~RunFolderLock();

    /// Creates `<root>/.lock` (0600, close-on-exec: no program of the run inherits it) and takes
    /// its lock; fails (`localrun.lock`) when that is impossible or another run holds it.
    static Result<RunFolderLock> acquire(const QString &root);
    bool isHeld() const { return m_fd >= 0; }
    void release();

private:
    int m_fd = -1;
};

/// Marks @p root as kept by the user (`<root>/.keep`): removeStaleRunFolders() leaves it.
Status markRunFolderKept(const QString &root);

/// Removes every run folder in @p runsDir (`run-*` with the run-folder marker) whose lock no
/// run holds, except kept ones and folders without a lock file. Returns the removed folders.
QStringList removeStaleRunFolders(const QString &runsDir);

}  // namespace workbench::engine::localrun
