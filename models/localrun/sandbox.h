// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "localrun/hostsystem.h"
#include "localrun/localrunplan.h"
#include "localrun/runfolder.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::localrun {

/// One step of building the sandbox's file system (bwrap applies them in order).
struct SandboxMount {
    enum class Type {
        ReadOnlyBind,  ///< `--ro-bind SOURCE DEST`
        Bind,          ///< `--bind SOURCE DEST` (the service's code copy: it may write there)
        Symlink,       ///< `--symlink SOURCE DEST` (SOURCE is the link target)
        Dir,           ///< `--dir DEST` (a folder in the sandbox's own tmpfs)
        Tmpfs,         ///< `--tmpfs DEST`
        Dev,           ///< `--dev DEST`
        Proc,          ///< `--proc DEST`
    };
    Type type = Type::ReadOnlyBind;
    QString source;
    QString destination;

    friend bool operator==(const SandboxMount &, const SandboxMount &) = default;
};

/// How one service runs in bubblewrap.
struct SandboxSpec {
    QList<SandboxMount> mounts;
    QString chdir;     ///< the service's pwd
    QString hostname;  ///< `<release>-<service>` (own UTS namespace)
    QStringList argv;  ///< the service's argv (program as found on this machine)
};

/// The folders of this machine the sandbox shows read-only: /usr, /bin, /sbin, /lib, /lib32,
/// /lib64, /libx32, /etc, /opt (those that exist; symbolic links such as /bin -> usr/bin stay
/// links). Nothing else of the machine (no /home, /root, /var, /run, /srv, /mnt, /media, /tmp).
QStringList sandboxSystemFolders();

/// Builds the sandbox of @p service from the files of @p folder. Pure: looks at the machine
/// only through @p host's entry() and list().
///
/// The root is bwrap's own tmpfs: every mount point is created there, never on this machine
/// (bwrap with a writable `--bind / /` would create e.g. /tls on the real root). On it: the
/// system folders read-only; a system folder that must receive a file of the run (/etc for
/// /etc/hosts and /etc/resolv.conf) is rebuilt as a tmpfs folder with each of its entries
/// bound read-only except the replaced ones (recursively, so /etc/ssl/x.pem works too; a link
/// is kept as a link when its target is inside the sandbox, bound when it points outside and
/// exists, left out when dangling); `--dev /dev`, `--proc /proc`, `--tmpfs /tmp`; the program's
/// extra folders (a pyenv installation) read-only at their paths; the service's code copies
/// bound writable at `pwd/<relative path>`; the run's files bound read-only at their absolute
/// paths. Fails (`localrun.sandbox.path`) when a file would have to go through a symbolic link of
/// this machine (`/bin/x` with /bin -> usr/bin).
Result<SandboxSpec> buildSandbox(const LocalService &service, const RunFolder &folder, const QString &release,
                                 const HostSystem &host);

/// bwrap's arguments (the program itself not included):
/// `--die-with-parent --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try
/// --hostname H --cap-drop ALL <mounts> --chdir PWD -- ARGV...`. The network is shared with the
/// machine, so the services reach each other on their loopback addresses (and the user reaches
/// them). The environment is not on this command line (every user may read it): start bwrap with
/// processEnvironment() as its own environment. Stop the sandbox by signalling bwrap's process
/// group (the service is in it: no `--new-session`); with `--die-with-parent` and its own PID
/// namespace, nothing of it outlives bwrap or the workbench.
QStringList bwrapArguments(const SandboxSpec &spec);

/// `bwrap` on PATH; `localrun.program.missing` naming the Debian package bubblewrap when absent.
Result<QString> findBwrap(const HostSystem &host);

}  // namespace workbench::models::localrun
