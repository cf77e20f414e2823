// SPDX-License-Identifier: Apache-2.0
// The bwrap sandbox of a local run, built against a described machine: a tmpfs root with the
// system folders read-only, /etc rebuilt around the run's /etc/hosts and /etc/resolv.conf, links
// kept or bound as their targets allow, the code writable at pwd, the files at their absolute
// paths, and nothing that could create a mount point on the machine. Plus the run folder on
// disk: owner-only, marked, copied code, removal.
#include "localrun/runfolder.h"
#include "localrun/sandbox.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;
using namespace workbench::models::localrun;

namespace {

using Type = SandboxMount::Type;

/// A small Debian-like machine with merged /usr.
struct Fs {
    QHash<QString, HostEntry> entries;  // absolute path -> entry

    void dir(const QString &path) { add(path, HostEntry::Type::Directory); }
    void file(const QString &path) { add(path, HostEntry::Type::File); }
    void link(const QString &path, const QString &target, bool exists = true)
    {
        HostEntry e;
        e.name = path.section(QLatin1Char('/'), -1);
        e.type = HostEntry::Type::Symlink;
        e.linkTarget = target;
        e.targetExists = exists;
        entries.insert(path, e);
    }
    void add(const QString &path, HostEntry::Type type)
    {
        HostEntry e;
        e.name = path.section(QLatin1Char('/'), -1);
        e.type = type;
        entries.insert(path, e);
    }

    HostSystem host() const
    {
        HostSystem h;
        h.path = {QStringLiteral("/usr/bin")};
        h.isExecutable = [](const QString &p) { return p == QLatin1String("/usr/bin/bwrap"); };
        h.canonicalPath = [](const QString &p) { return p; };
        h.entry = [this](const QString &p) -> std::optional<HostEntry> {
            if (!entries.contains(p))
                return std::nullopt;
            return entries.value(p);
        };
        h.list = [this](const QString &folder) {
            QList<HostEntry> out;
            QStringList names;
            for (auto it = entries.cbegin(); it != entries.cend(); ++it)
                if (it.key().section(QLatin1Char('/'), 0, -2) == folder)
                    names << it.key();
            names.sort();
            for (const QString &n : names)
                out << entries.value(n);
            return out;
        };
        return h;
    }
};

Fs debianLike()
{
    Fs fs;
    fs.dir(QStringLiteral("/usr"));
    fs.link(QStringLiteral("/bin"), QStringLiteral("usr/bin"));
    fs.link(QStringLiteral("/sbin"), QStringLiteral("usr/sbin"));
    fs.link(QStringLiteral("/lib"), QStringLiteral("usr/lib"));
    fs.link(QStringLiteral("/lib64"), QStringLiteral("usr/lib64"));
    fs.dir(QStringLiteral("/etc"));
    fs.file(QStringLiteral("/etc/hosts"));
    fs.file(QStringLiteral("/etc/passwd"));
    fs.link(QStringLiteral("/etc/resolv.conf"), QStringLiteral("../run/systemd/resolve/stub-resolv.conf"));
    fs.link(QStringLiteral("/etc/mtab"), QStringLiteral("../proc/self/mounts"));
    fs.link(QStringLiteral("/etc/localtime"), QStringLiteral("/usr/share/zoneinfo/Etc/UTC"));
    fs.link(QStringLiteral("/etc/gone"), QStringLiteral("/nonexistent"), false);
    fs.dir(QStringLiteral("/etc/ssl"));
    fs.file(QStringLiteral("/etc/ssl/openssl.cnf"));
    fs.dir(QStringLiteral("/etc/ssl/certs"));
    fs.dir(QStringLiteral("/home"));
    fs.dir(QStringLiteral("/root"));
    fs.dir(QStringLiteral("/var"));
    return fs;
}

LocalService apiService()
{
    LocalService s;
    s.name = QStringLiteral("flask-api");
    s.pwd = QStringLiteral("/python");
    s.argv = {QStringLiteral("/usr/bin/python3.11"), QStringLiteral("/python/rest_api.py")};
    s.environment = {{QStringLiteral("DB_PASSWORD"), QStringLiteral("s3cret-value")}};
    s.program.program = QStringLiteral("/usr/bin/python3.11");
    s.program.extraReadOnlyPaths = {QStringLiteral("/usr"), QStringLiteral("/usr/bin")};
    s.files = {LocalFile{QStringLiteral("/etc/hosts"), "127.0.0.1 localhost\n", false, {}},
               LocalFile{QStringLiteral("/etc/resolv.conf"), "nameserver 10.96.0.10\n", true, {}},
               LocalFile{QStringLiteral("/tls/flask.key"), "KEY", true, {}}};
    s.code = {CodeEntry{QStringLiteral("/p/flask-api/rest_api.py"), QStringLiteral("rest_api.py"), false},
              CodeEntry{QStringLiteral("/p/flask-api/static"), QStringLiteral("static"), true}};
    return s;
}

SandboxMount m(Type t, const QString &source, const QString &dest)
{
    return SandboxMount{t, source, dest};
}

}  // namespace

class TestLocalRunSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mountsOfTheApi()
    {
        const RunFolder folder(QStringLiteral("/data/runs/run-1"));
        const Result<SandboxSpec> spec = buildSandbox(apiService(), folder, QStringLiteral("sdm"), debianLike().host());
        QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
        const QString svc = QStringLiteral("/data/runs/run-1/flask-api");
        const QList<SandboxMount> expected{
            m(Type::ReadOnlyBind, QStringLiteral("/usr"), QStringLiteral("/usr")),
            m(Type::Symlink, QStringLiteral("usr/bin"), QStringLiteral("/bin")),
            m(Type::Symlink, QStringLiteral("usr/sbin"), QStringLiteral("/sbin")),
            m(Type::Symlink, QStringLiteral("usr/lib"), QStringLiteral("/lib")),
            m(Type::Symlink, QStringLiteral("usr/lib64"), QStringLiteral("/lib64")),
            // /etc receives the run's hosts and resolv.conf: rebuilt entry by entry.
            m(Type::Dir, {}, QStringLiteral("/etc")),
            // /etc/gone dangles: left out. /etc/hosts, /etc/resolv.conf: the run's.
            m(Type::Symlink, QStringLiteral("/usr/share/zoneinfo/Etc/UTC"), QStringLiteral("/etc/localtime")),
            m(Type::Symlink, QStringLiteral("../proc/self/mounts"), QStringLiteral("/etc/mtab")),
            m(Type::ReadOnlyBind, QStringLiteral("/etc/passwd"), QStringLiteral("/etc/passwd")),
            m(Type::ReadOnlyBind, QStringLiteral("/etc/ssl"), QStringLiteral("/etc/ssl")),
            m(Type::Dev, {}, QStringLiteral("/dev")),
            m(Type::Proc, {}, QStringLiteral("/proc")),
            m(Type::Tmpfs, {}, QStringLiteral("/tmp")),
            // /usr, /usr/bin are visible already: no extra binds.
            m(Type::Dir, {}, QStringLiteral("/python")),
            m(Type::Bind, svc + QStringLiteral("/code/rest_api.py"), QStringLiteral("/python/rest_api.py")),
            m(Type::Bind, svc + QStringLiteral("/code/static"), QStringLiteral("/python/static")),
            m(Type::ReadOnlyBind, svc + QStringLiteral("/files/etc/hosts"), QStringLiteral("/etc/hosts")),
            m(Type::ReadOnlyBind, svc + QStringLiteral("/files/etc/resolv.conf"), QStringLiteral("/etc/resolv.conf")),
            m(Type::ReadOnlyBind, svc + QStringLiteral("/files/tls/flask.key"), QStringLiteral("/tls/flask.key")),
        };
        if (spec->mounts != expected) {
            for (const SandboxMount &x : spec->mounts)
                qInfo() << int(x.type) << x.source << x.destination;
        }
        QCOMPARE(spec->mounts, expected);
        QCOMPARE(spec->chdir, QStringLiteral("/python"));
        QCOMPARE(spec->hostname, QStringLiteral("sdm-flask-api"));
    }

    void nothingWritableOutsideTheRunFolder()
    {
        // The invariant behind "no mount point left on the machine": the root is bwrap's tmpfs,
        // nothing is bound at /, and every writable bind comes from the run folder.
        const RunFolder folder(QStringLiteral("/data/runs/run-1"));
        const Result<SandboxSpec> spec = buildSandbox(apiService(), folder, {}, debianLike().host());
        QVERIFY(spec.ok());
        for (const SandboxMount &x : spec->mounts) {
            QVERIFY(x.destination != QLatin1String("/"));
            if (x.type == Type::Bind)
                QVERIFY2(x.source.startsWith(folder.root() + QLatin1Char('/')), qPrintable(x.source));
            // Nothing of /home, /root or /var is shown.
            for (const char *hidden : {"/home", "/root", "/var"})
                QVERIFY(!x.destination.startsWith(QLatin1String(hidden)) &&
                        !x.source.startsWith(QLatin1String(hidden)));
        }
        QCOMPARE(spec->hostname, QStringLiteral("flask-api"));
    }

    void resolvConfOfTheMachineWhenNotInjected()
    {
        LocalService s = apiService();
        s.files.removeAt(1);  // no injected /etc/resolv.conf
        const Result<SandboxSpec> spec = buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(spec.ok());
        // It points into /run, which the sandbox does not show: bound (bwrap follows the link).
        QVERIFY(spec->mounts.contains(
            m(Type::ReadOnlyBind, QStringLiteral("/etc/resolv.conf"), QStringLiteral("/etc/resolv.conf"))));
    }

    void deepFileSplitsOnlyItsPath()
    {
        LocalService s = apiService();
        s.files << LocalFile{QStringLiteral("/etc/ssl/certs/mesh-ca.pem"), "CA", true, {}};
        const Result<SandboxSpec> spec = buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(spec.ok());
        QVERIFY(spec->mounts.contains(m(Type::Dir, {}, QStringLiteral("/etc/ssl"))));
        QVERIFY(spec->mounts.contains(
            m(Type::ReadOnlyBind, QStringLiteral("/etc/ssl/openssl.cnf"), QStringLiteral("/etc/ssl/openssl.cnf"))));
        QVERIFY(spec->mounts.contains(m(Type::Dir, {}, QStringLiteral("/etc/ssl/certs"))));
        QVERIFY(!spec->mounts.contains(m(Type::ReadOnlyBind, QStringLiteral("/etc/ssl"), QStringLiteral("/etc/ssl"))));
        QVERIFY(
            spec->mounts.contains(m(Type::ReadOnlyBind, QStringLiteral("/r/flask-api/files/etc/ssl/certs/mesh-ca.pem"),
                                    QStringLiteral("/etc/ssl/certs/mesh-ca.pem"))));
    }

    void fileThroughAMachineLinkIsRefused()
    {
        LocalService s = apiService();
        s.files << LocalFile{QStringLiteral("/bin/helper"), "x", true, {}};
        const Result<SandboxSpec> spec = buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(!spec.ok());
        QCOMPARE(spec.error().code, QStringLiteral("localrun.sandbox.path"));
        QVERIFY(spec.error().message.contains(QLatin1String("/bin")));
    }

    void pyenvInstallationIsBound()
    {
        LocalService s = apiService();
        s.program.extraReadOnlyPaths = {QStringLiteral("/root/.pyenv/versions/3.12.1"),
                                        QStringLiteral("/root/.pyenv/versions/3.12.1/bin")};
        const Result<SandboxSpec> spec = buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(spec.ok());
        int binds = 0;
        for (const SandboxMount &x : spec->mounts)
            binds += x.destination.startsWith(QLatin1String("/root/")) ? 1 : 0;
        QCOMPARE(binds, 1);  // the prefix, not its bin folder again
        QVERIFY(spec->mounts.contains(m(Type::ReadOnlyBind, QStringLiteral("/root/.pyenv/versions/3.12.1"),
                                        QStringLiteral("/root/.pyenv/versions/3.12.1"))));
    }

    void rootWorkingDirectory()
    {
        LocalService s = apiService();
        s.pwd = QStringLiteral("/");
        s.code = {CodeEntry{QStringLiteral("/p/app.py"), QStringLiteral("app.py"), false}};
        const Result<SandboxSpec> spec = buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(spec.ok());
        QVERIFY(spec->mounts.contains(
            m(Type::Bind, QStringLiteral("/r/flask-api/code/app.py"), QStringLiteral("/app.py"))));
        for (const SandboxMount &x : spec->mounts)
            QVERIFY(!(x.type == Type::Dir && x.destination == QLatin1String("/")));
        // The whole folder at / would replace the root.
        s.code = {CodeEntry{QStringLiteral("/p"), QStringLiteral("."), true}};
        QVERIFY(!buildSandbox(s, RunFolder(QStringLiteral("/r")), {}, debianLike().host()).ok());
    }

    void bwrapCommandLine()
    {
        SandboxSpec spec;
        spec.hostname = QStringLiteral("sdm-redis");
        spec.chdir = QStringLiteral("/");
        spec.argv = {QStringLiteral("/usr/bin/redis-server"), QStringLiteral("--port"), QStringLiteral("0")};
        spec.mounts = {m(Type::ReadOnlyBind, QStringLiteral("/usr"), QStringLiteral("/usr")),
                       m(Type::Symlink, QStringLiteral("usr/bin"), QStringLiteral("/bin")),
                       m(Type::Dir, {}, QStringLiteral("/etc")),
                       m(Type::Dev, {}, QStringLiteral("/dev")),
                       m(Type::Proc, {}, QStringLiteral("/proc")),
                       m(Type::Tmpfs, {}, QStringLiteral("/tmp")),
                       m(Type::Bind, QStringLiteral("/r/c"), QStringLiteral("/app"))};
        const QStringList expected{QStringLiteral("--die-with-parent"),
                                   QStringLiteral("--unshare-pid"),
                                   QStringLiteral("--unshare-ipc"),
                                   QStringLiteral("--unshare-uts"),
                                   QStringLiteral("--unshare-cgroup-try"),
                                   QStringLiteral("--hostname"),
                                   QStringLiteral("sdm-redis"),
                                   QStringLiteral("--cap-drop"),
                                   QStringLiteral("ALL"),
                                   QStringLiteral("--ro-bind"),
                                   QStringLiteral("/usr"),
                                   QStringLiteral("/usr"),
                                   QStringLiteral("--symlink"),
                                   QStringLiteral("usr/bin"),
                                   QStringLiteral("/bin"),
                                   QStringLiteral("--dir"),
                                   QStringLiteral("/etc"),
                                   QStringLiteral("--dev"),
                                   QStringLiteral("/dev"),
                                   QStringLiteral("--proc"),
                                   QStringLiteral("/proc"),
                                   QStringLiteral("--tmpfs"),
                                   QStringLiteral("/tmp"),
                                   QStringLiteral("--bind"),
                                   QStringLiteral("/r/c"),
                                   QStringLiteral("/app"),
                                   QStringLiteral("--chdir"),
                                   QStringLiteral("/"),
                                   QStringLiteral("--"),
                                   QStringLiteral("/usr/bin/redis-server"),
                                   QStringLiteral("--port"),
                                   QStringLiteral("0")};
        QCOMPARE(bwrapArguments(spec), expected);
        // Never a network namespace (services reach each other over loopback), never a writable /.
        QVERIFY(!expected.contains(QStringLiteral("--unshare-net")) &&
                !expected.contains(QStringLiteral("--unshare-all")));
    }

    void environmentStaysOffTheCommandLine()
    {
        const Result<SandboxSpec> spec =
            buildSandbox(apiService(), RunFolder(QStringLiteral("/r")), {}, debianLike().host());
        QVERIFY(spec.ok());
        const QString line = bwrapArguments(spec.value()).join(QLatin1Char(' '));
        QVERIFY(!line.contains(QLatin1String("s3cret-value")));
        QVERIFY(!line.contains(QLatin1String("--setenv")));
    }

    void bwrapIsFoundOrNamed()
    {
        QCOMPARE(findBwrap(debianLike().host()).value(), QStringLiteral("/usr/bin/bwrap"));
        HostSystem none = debianLike().host();
        none.isExecutable = [](const QString &) { return false; };
        const Result<QString> missing = findBwrap(none);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QLatin1String("apt install bubblewrap")));
    }

    void runFolderOnDisk()
    {
        QTemporaryDir tmp;
        const QString project = tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::writeFile(project + QStringLiteral("/api/app.py"), "print('hi')\n"));
        QVERIFY(test::writeFile(project + QStringLiteral("/api/static/index.html"), "<p>hi</p>\n"));
        QVERIFY(QFile::setPermissions(project + QStringLiteral("/api/app.py"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther));
        LocalRunPlan plan;
        plan.projectDir = project;
        LocalService s;
        s.name = QStringLiteral("api");
        s.files = {LocalFile{QStringLiteral("/tls/api.key"), "-----BEGIN PRIVATE KEY-----\n", true, {}},
                   LocalFile{QStringLiteral("/etc/hosts"), "127.0.0.1 localhost\n", false, {}}};
        s.code = {CodeEntry{project + QStringLiteral("/api/app.py"), QStringLiteral("app.py"), false},
                  CodeEntry{project + QStringLiteral("/api/static"), QStringLiteral("static"), true}};
        plan.services << s;

        const QString base = tmp.filePath(QStringLiteral("data/local-runs"));
        auto created = RunFolder::create(base);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        const RunFolder folder = created.value();
        QVERIFY(folder.root().startsWith(base + QStringLiteral("/run-")));
        QVERIFY(folder.write(plan).ok());

        auto mode = [](const QString &path) {
            struct stat st {
            };
            return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
        };
        QCOMPARE(mode(base), 0700);
        QCOMPARE(mode(folder.root()), 0700);
        QCOMPARE(mode(folder.serviceDir(QStringLiteral("api"))), 0700);
        const QString key = folder.fileSource(QStringLiteral("api"), QStringLiteral("/tls/api.key"));
        QCOMPARE(key, folder.root() + QStringLiteral("/api/files/tls/api.key"));
        QCOMPARE(mode(key), 0600);
        QCOMPARE(mode(QFileInfo(key).path()), 0700);
        QCOMPARE(test::readFile(key), QByteArray("-----BEGIN PRIVATE KEY-----\n"));
        QCOMPARE(mode(folder.fileSource(QStringLiteral("api"), QStringLiteral("/etc/hosts"))), 0600);
        const QString app = folder.codeSource(QStringLiteral("api"), QStringLiteral("app.py"));
        QCOMPARE(test::readFile(app), QByteArray("print('hi')\n"));
        QCOMPARE(mode(app), 0700);  // the owner's execute bit survives, nothing for others
        QCOMPARE(test::readFile(folder.codeSource(QStringLiteral("api"), QStringLiteral("static")) +
                                QStringLiteral("/index.html")),
                 QByteArray("<p>hi</p>\n"));

        QVERIFY(folder.remove().ok());
        QVERIFY(!QFileInfo::exists(folder.root()));
        QVERIFY(QFileInfo(base).isDir());
    }

    void codeLinkLeavingTheProjectIsRefused()
    {
        QTemporaryDir tmp;
        const QString project = tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("outside.txt")), "secret\n"));
        QVERIFY(QDir().mkpath(project + QStringLiteral("/api")));
        QVERIFY(QFile::link(tmp.filePath(QStringLiteral("outside.txt")), project + QStringLiteral("/api/data.txt")));
        LocalRunPlan plan;
        plan.projectDir = project;
        LocalService s;
        s.name = QStringLiteral("api");
        s.code = {CodeEntry{project + QStringLiteral("/api/data.txt"), QStringLiteral("data.txt"), false}};
        plan.services << s;
        auto folder = RunFolder::create(tmp.filePath(QStringLiteral("runs")));
        QVERIFY(folder.ok());
        const Status st = folder->write(plan);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("localrun.code.link"));
        QVERIFY(folder->remove().ok());
    }

    void removeRefusesForeignFolders()
    {
        QTemporaryDir tmp;
        QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("precious/file.txt")), "keep me\n"));
        const RunFolder wrong(tmp.filePath(QStringLiteral("precious")));
        const Status st = wrong.remove();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("localrun.remove"));
        QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("precious/file.txt"))));
        // A folder without the marker is not written to either.
        LocalRunPlan plan;
        QVERIFY(!wrong.write(plan).ok());
    }

    void serviceFolderNamesAreSafe()
    {
        const RunFolder f(QStringLiteral("/r"));
        QCOMPARE(f.serviceDir(QStringLiteral("../etc")), QStringLiteral("/r/.._etc"));
        QCOMPARE(f.serviceDir(QStringLiteral("..")), QStringLiteral("/r/_.."));
        QCOMPARE(f.fileSource(QStringLiteral("a"), QStringLiteral("/tls/../x")), QStringLiteral("/r/a/files/x"));
    }
};

QTEST_GUILESS_MAIN(TestLocalRunSandbox)
#include "tst_localrun_sandbox.moc"
