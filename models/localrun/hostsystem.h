// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace workbench::models::localrun {

/// What a path is on this machine (lstat: a symbolic link is reported as such).
struct HostEntry {
    enum class Type { File, Directory, Symlink, Other };
    QString name;  ///< file name (no folder)
    Type type = Type::File;
    QString linkTarget;        ///< Symlink: the target as written (`usr/bin`, `../proc/self/mounts`)
    bool targetExists = true;  ///< Symlink: whether the target exists (else the link is dangling)
};

/// The parts of the machine the local-run planner and the sandbox builder look at, as
/// functions, so they stay pure and tests can describe any machine. local() looks at this one.
///
/// Running programs (the Python module probe) is not done here: `runProbe` is given by the
/// caller (the engine's process runner; tests use a stand-in or QProcess).
struct HostSystem {
    /// PATH entries in order.
    QStringList path;
    /// True for an existing regular file this user may execute.
    std::function<bool(const QString &path)> isExecutable;
    /// The path with every symbolic link resolved; empty when it does not exist.
    std::function<QString(const QString &path)> canonicalPath;
    /// lstat of one path; nullopt when it does not exist.
    std::function<std::optional<HostEntry>(const QString &path)> entry;
    /// The entries of a folder (without `.` and `..`, hidden ones included), sorted by name.
    std::function<QList<HostEntry>(const QString &folder)> list;
    /// Runs @p program with @p arguments (no shell, stdin closed, a few seconds at most) and
    /// returns its standard output, or an error when it cannot start, fails or times out.
    std::function<Result<QByteArray>(const QString &program, const QStringList &arguments)> runProbe;

    /// This machine: PATH from the environment, the real file system, and @p runProbe.
    static HostSystem local(std::function<Result<QByteArray>(const QString &, const QStringList &)> runProbe = {});

    /// Every executable called @p name in the PATH folders, in PATH order, each real file once
    /// (`/bin/python3` and `/usr/bin/python3` on a merged-/usr system are one).
    QStringList findAll(const QString &name) const;
    /// The first of findAll(); empty when there is none.
    QString find(const QString &name) const;
};

}  // namespace workbench::models::localrun
