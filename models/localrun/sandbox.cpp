// SPDX-License-Identifier: Apache-2.0
#include "localrun/sandbox.h"

#include "localrun/packagenames.h"

#include <QDir>
#include <QSet>

#include <algorithm>

namespace workbench::models::localrun {

namespace {

using Mount = SandboxMount;

bool isUnder(const QString &path, const QString &folder)
{
    return folder == QLatin1String("/") ? path.size() > 1 : path.startsWith(folder + QLatin1Char('/'));
}

QString firstComponent(const QString &absolute)
{
    return absolute.section(QLatin1Char('/'), 1, 1);
}

class Builder
{
public:
    Builder(const HostSystem &host, QStringList overrides)
        : m_host(host)
        , m_overrides(std::move(overrides))
    {
        for (const QString &name : sandboxSystemFolders())
            if (m_host.entry && m_host.entry(QLatin1Char('/') + name))
                m_visibleRoots.insert(name);
        m_visibleRoots.insert(QStringLiteral("proc"));
        m_visibleRoots.insert(QStringLiteral("dev"));
        m_visibleRoots.insert(QStringLiteral("tmp"));
    }

    Status addHostPath(const QString &path, const HostEntry &entry)
    {
        if (m_overrides.contains(path))
            return Ok{};  // the run's own file or folder goes here
        const bool split =
            std::any_of(m_overrides.cbegin(), m_overrides.cend(), [&](const QString &o) { return isUnder(o, path); });
        switch (entry.type) {
        case HostEntry::Type::Directory:
            if (!split) {
                mounts << Mount{Mount::Type::ReadOnlyBind, path, path};
                return Ok{};
            }
            mounts << Mount{Mount::Type::Dir, {}, path};
            for (const HostEntry &child : m_host.list(path))
                if (Status s = addHostPath(path + QLatin1Char('/') + child.name, child); !s.ok())
                    return s;
            return Ok{};
        case HostEntry::Type::Symlink: {
            if (split)
                return makeError(QStringLiteral("localrun.sandbox.path"),
                                 QStringLiteral("A file of the run would go below %1, which is a symbolic link on this "
                                                "machine (to %2); the sandbox cannot place it there.")
                                     .arg(path, entry.linkTarget));
            const QString target =
                QDir::cleanPath(entry.linkTarget.startsWith(QLatin1Char('/'))
                                    ? entry.linkTarget
                                    : path.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + entry.linkTarget);
            if (m_visibleRoots.contains(firstComponent(target)))
                mounts << Mount{Mount::Type::Symlink, entry.linkTarget, path};
            else if (entry.targetExists)
                mounts << Mount{Mount::Type::ReadOnlyBind, path, path};  // bwrap binds what it points to
            return Ok{};
        }
        case HostEntry::Type::File:
        case HostEntry::Type::Other:
            mounts << Mount{Mount::Type::ReadOnlyBind, path, path};
            return Ok{};
        }
        return Ok{};
    }

    bool visible(const QString &path) const { return m_visibleRoots.contains(firstComponent(path)); }

    QList<Mount> mounts;

private:
    const HostSystem &m_host;
    QStringList m_overrides;
    QSet<QString> m_visibleRoots;
};

QString joinPath(const QString &folder, const QString &relative)
{
    if (relative == QLatin1String("."))
        return folder;
    if (folder == QLatin1String("/"))
        return QLatin1Char('/') + relative;
    return folder + QLatin1Char('/') + relative;
}

}  // namespace

QStringList sandboxSystemFolders()
{
    return {QStringLiteral("usr"),    QStringLiteral("bin"),   QStringLiteral("sbin"),
            QStringLiteral("lib"),    QStringLiteral("lib32"), QStringLiteral("lib64"),
            QStringLiteral("libx32"), QStringLiteral("etc"),   QStringLiteral("opt")};
}

Result<SandboxSpec> buildSandbox(const LocalService &service, const RunFolder &folder, const QString &release,
                                 const HostSystem &host)
{
    if (!host.entry || !host.list)
        return makeError(QStringLiteral("localrun.sandbox.host"), QStringLiteral("No view of this machine's files."));
    SandboxSpec spec;
    spec.chdir = service.pwd.isEmpty() ? QStringLiteral("/") : service.pwd;
    spec.argv = service.argv;
    spec.hostname = (release.isEmpty() ? service.name : release + QLatin1Char('-') + service.name).left(63);

    // Every path the run puts something at.
    QStringList overrides;
    for (const LocalFile &f : service.files)
        overrides << f.path;
    for (const CodeEntry &c : service.code) {
        const QString dest = joinPath(spec.chdir, c.relative);
        if (dest == QLatin1String("/"))
            return makeError(QStringLiteral("localrun.sandbox.path"),
                             QStringLiteral("%1 copies its whole folder to the working directory `/`; the sandbox "
                                            "cannot replace its root.")
                                 .arg(service.name));
        overrides << dest;
    }
    if (spec.chdir != QLatin1String("/"))
        overrides << spec.chdir;

    Builder b(host, overrides);
    for (const QString &name : sandboxSystemFolders()) {
        const QString path = QLatin1Char('/') + name;
        if (const std::optional<HostEntry> e = host.entry(path))
            if (Status s = b.addHostPath(path, *e); !s.ok())
                return s.error();
    }
    b.mounts << Mount{Mount::Type::Dev, {}, QStringLiteral("/dev")}
             << Mount{Mount::Type::Proc, {}, QStringLiteral("/proc")}
             << Mount{Mount::Type::Tmpfs, {}, QStringLiteral("/tmp")};

    // The program's own installation when it lives outside the system folders.
    QStringList extras = service.program.extraReadOnlyPaths;
    std::sort(extras.begin(), extras.end());
    QStringList bound;
    for (const QString &p : std::as_const(extras)) {
        const QString clean = QDir::cleanPath(p);
        if (!clean.startsWith(QLatin1Char('/')) || clean == QLatin1String("/") || b.visible(clean))
            continue;
        if (std::any_of(bound.cbegin(), bound.cend(),
                        [&](const QString &o) { return clean == o || isUnder(clean, o); }))
            continue;
        bound << clean;
        b.mounts << Mount{Mount::Type::ReadOnlyBind, clean, clean};
    }

    if (spec.chdir != QLatin1String("/"))
        b.mounts << Mount{Mount::Type::Dir, {}, spec.chdir};
    for (const CodeEntry &c : service.code)
        b.mounts << Mount{Mount::Type::Bind, folder.codeSource(service.name, c.relative),
                          joinPath(spec.chdir, c.relative)};
    QList<LocalFile> files = service.files;
    std::sort(files.begin(), files.end(), [](const LocalFile &x, const LocalFile &y) { return x.path < y.path; });
    for (const LocalFile &f : std::as_const(files))
        b.mounts << Mount{Mount::Type::ReadOnlyBind, folder.fileSource(service.name, f.path), f.path};
    spec.mounts = b.mounts;
    return spec;
}

QStringList bwrapArguments(const SandboxSpec &spec)
{
    QStringList a{QStringLiteral("--die-with-parent"),
                  QStringLiteral("--unshare-pid"),
                  QStringLiteral("--unshare-ipc"),
                  QStringLiteral("--unshare-uts"),
                  QStringLiteral("--unshare-cgroup-try"),
                  QStringLiteral("--hostname"),
                  spec.hostname,
                  QStringLiteral("--cap-drop"),
                  QStringLiteral("ALL")};
    for (const SandboxMount &m : spec.mounts) {
        switch (m.type) {
        case SandboxMount::Type::ReadOnlyBind:
            a << QStringLiteral("--ro-bind") << m.source << m.destination;
            break;
        case SandboxMount::Type::Bind:
            a << QStringLiteral("--bind") << m.source << m.destination;
            break;
        case SandboxMount::Type::Symlink:
            a << QStringLiteral("--symlink") << m.source << m.destination;
            break;
        case SandboxMount::Type::Dir:
            a << QStringLiteral("--dir") << m.destination;
            break;
        case SandboxMount::Type::Tmpfs:
            a << QStringLiteral("--tmpfs") << m.destination;
            break;
        case SandboxMount::Type::Dev:
            a << QStringLiteral("--dev") << m.destination;
            break;
        case SandboxMount::Type::Proc:
            a << QStringLiteral("--proc") << m.destination;
            break;
        }
    }
    a << QStringLiteral("--chdir") << spec.chdir << QStringLiteral("--");
    a += spec.argv;
    return a;
}

Result<QString> findBwrap(const HostSystem &host)
{
    const QString bwrap = host.find(QStringLiteral("bwrap"));
    if (bwrap.isEmpty())
        return makeError(QStringLiteral("localrun.program.missing"),
                         QStringLiteral("Run locally needs bubblewrap: `bwrap` is not on this machine's PATH; install "
                                        "the Debian package %1 (apt install %1).")
                             .arg(debianPackageForExecutable(QStringLiteral("bwrap"))));
    return bwrap;
}

}  // namespace workbench::models::localrun
