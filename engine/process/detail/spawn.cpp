// SPDX-License-Identifier: Apache-2.0
#include "process/detail/spawn.h"

#include "core/errorcodes.h"

#include <QString>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Everything between fork() and exec()/_exit() below runs in a child of a multithreaded
// process: only async-signal-safe system calls, no allocation, no locks, no Qt.

namespace workbench::engine::process::detail {

namespace {

enum Stage : int { StageChdir = 1, StageExec = 2, StageFork = 3, StageSetup = 4 };

struct ExecFailure {
    int stage = 0;
    int error = 0;
};

struct Plan {
    const char *path = nullptr;
    char *const *argv = nullptr;
    char *const *envp = nullptr;
    const char *cwd = nullptr;
    int stdinRead = -1;  // -1: /dev/null
    int stdoutWrite = -1;
    int stderrWrite = -1;
    int errorWrite = -1;  // reports an ExecFailure; close-on-exec, so exec closes it
    int control = -1;     // supervisor's end of the control socket
    int graceMs = 1500;
    bool stopDescendantsOnExit = true;
};

void closeRange(unsigned first, unsigned last)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, first, last, 0) == 0)
        return;
#endif
    const unsigned limit = last < 65536 ? last : 65536;
    for (unsigned fd = first; fd <= limit; ++fd)
        close(int(fd));
}

void writeAll(int fd, const void *data, size_t size)
{
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        size -= size_t(n);
    }
}

[[noreturn]] void failExec(int fd, int stage, int error)
{
    const ExecFailure f{stage, error};
    writeAll(fd, &f, sizeof f);
    _exit(127);
}

long long nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void report(int fd, char tag, int value)
{
    char buf[1 + sizeof(int)];
    buf[0] = tag;
    std::memcpy(buf + 1, &value, sizeof value);
    writeAll(fd, buf, sizeof buf);
}

// Sends @p sig to the program's process group and to every child of the supervisor (the
// program, and descendants re-parented to the subreaper after their parent died).
void signalTree(pid_t group, bool *groupGone, int sig)
{
    if (!*groupGone && kill(-group, sig) != 0 && errno == ESRCH)
        *groupGone = true;  // never signal that group id again: it may be reused
    char path[64] = "/proc/self/task/";
    // The supervisor is single-threaded: its only task id is its pid.
    char digits[16];
    int n = 0;
    for (long v = long(getpid()); v > 0 && n < 15; v /= 10)
        digits[n++] = char('0' + v % 10);
    size_t len = std::strlen(path);
    while (n > 0)
        path[len++] = digits[--n];
    const char suffix[] = "/children";
    std::memcpy(path + len, suffix, sizeof suffix);
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[4096];
    long pid = 0;
    bool inNumber = false;
    for (;;) {
        const ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        for (ssize_t i = 0; i < got; ++i) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                pid = pid * 10 + (buf[i] - '0');
                inNumber = true;
            } else if (inNumber) {
                kill(pid_t(pid), sig);
                pid = 0;
                inNumber = false;
            }
        }
    }
    if (inNumber)
        kill(pid_t(pid), sig);
    close(fd);
}

[[noreturn]] void execProgram(const Plan &p, pid_t supervisor)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != supervisor)  // the supervisor died before the line above
        _exit(127);
    struct sigaction dfl {
    };
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, nullptr);  // fails harmlessly for the libc-reserved ones
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);

    // Lift every fd we keep above 2 first, so the dup2 calls below cannot clobber each other.
    int in = p.stdinRead >= 0 ? p.stdinRead : open("/dev/null", O_RDONLY | O_CLOEXEC);
    in = fcntl(in, F_DUPFD_CLOEXEC, 10);
    const int out = fcntl(p.stdoutWrite, F_DUPFD_CLOEXEC, 10);
    const int err = fcntl(p.stderrWrite, F_DUPFD_CLOEXEC, 10);
    const int report = fcntl(p.errorWrite, F_DUPFD_CLOEXEC, 10);
    if (in < 0 || out < 0 || err < 0 || report < 0)
        failExec(p.errorWrite, StageSetup, errno);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        failExec(report, StageSetup, errno);
    closeRange(3, unsigned(report) - 1);
    closeRange(unsigned(report) + 1, ~0U);
    if (p.cwd && chdir(p.cwd) != 0)
        failExec(report, StageChdir, errno);
    execve(p.path, p.argv, p.envp);
    failExec(report, StageExec, errno);
}

[[noreturn]] void supervise(const Plan &p)
{
    setsid();
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    // Children must be waitable whatever the workbench did with SIGCHLD (SIG_IGN would reap
    // them automatically and hide the program's status).
    struct sigaction chldDefault {
    };
    chldDefault.sa_handler = SIG_DFL;
    sigemptyset(&chldDefault.sa_mask);
    sigaction(SIGCHLD, &chldDefault, nullptr);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    const pid_t self = getpid();

    const pid_t child = fork();
    if (child == 0)
        execProgram(p, self);
    if (child < 0)
        failExec(p.errorWrite, StageFork, errno);

    // Keep only the control socket (as fd 3) and /dev/null on 0..2: the pipes must close when
    // the program's tree is gone, not when the supervisor is.
    const int ctlHigh = fcntl(p.control, F_DUPFD, 10);
    const int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(devnull, 2);
    }
    dup2(ctlHigh, 3);
    closeRange(4, ~0U);
    const int ctl = 3;
    if (chdir("/") != 0) {
        // Nothing to do: only keeps the working directory from staying busy.
    }
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    const int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);

    report(ctl, ReportPid, int(child));

    enum { Running, Terminating, Killing } phase = Running;
    long long deadline = 0;
    bool childAlive = true;
    bool ctlOpen = true;
    bool groupGone = false;
    const auto beginTerminate = [&] {
        if (phase != Running)
            return;
        phase = Terminating;
        deadline = nowMs() + p.graceMs;
        signalTree(child, &groupGone, SIGTERM);
    };

    for (;;) {
        for (;;) {
            int status = 0;
            const pid_t w = waitpid(-1, &status, WNOHANG);
            if (w > 0) {
                if (w == child) {
                    childAlive = false;
                    report(ctl, ReportStatus, status);
                    if (!p.stopDescendantsOnExit)
                        _exit(0);
                    beginTerminate();
                }
                continue;
            }
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0 && errno == ECHILD && !childAlive)
                _exit(0);
            break;
        }
        if (phase == Terminating && nowMs() >= deadline)
            phase = Killing;
        if (phase == Killing)
            signalTree(child, &groupGone, SIGKILL);

        int timeout = -1;
        if (phase == Terminating)
            timeout = int(deadline - nowMs() > 0 ? deadline - nowMs() : 0);
        else if (phase == Killing)
            timeout = 20;  // keep killing what gets re-parented to us
        pollfd fds[2] = {{sfd, POLLIN, 0}, {ctlOpen ? ctl : -1, POLLIN, 0}};
        if (sfd < 0)
            timeout = timeout < 0 || timeout > 50 ? 50 : timeout;  // no signalfd: poll for children
        const int ready = poll(fds, 2, timeout);
        if (ready <= 0)
            continue;
        if (sfd >= 0 && (fds[0].revents & POLLIN)) {
            signalfd_siginfo info;
            while (read(sfd, &info, sizeof info) > 0) {
            }
        }
        if (ctlOpen && fds[1].revents) {
            char buf[16];
            const ssize_t n = read(ctl, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0) {  // the workbench closed the socket or died
                ctlOpen = false;
                beginTerminate();
                continue;
            }
            for (ssize_t i = 0; i < n; ++i) {
                if (buf[i] == ControlTerminate)
                    beginTerminate();
                else if (buf[i] == ControlKill)
                    phase = Killing;
            }
        }
    }
}

QString errorText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

void closeFd(int &fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

}  // namespace

void closeAll(SpawnedProcess &p)
{
    closeFd(p.stdinFd);
    closeFd(p.stdoutFd);
    closeFd(p.stderrFd);
    closeFd(p.controlFd);
}

Result<SpawnedProcess> spawn(const SpawnRequest &request)
{
    // Everything the children use is built here, before fork().
    std::vector<QByteArray> argStore;
    argStore.reserve(std::size_t(request.arguments.size()) + 1);
    argStore.push_back(request.program);
    for (const QByteArray &a : request.arguments)
        argStore.push_back(a);
    std::vector<char *> argv;
    for (QByteArray &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStore(request.environment.begin(), request.environment.end());
    std::vector<char *> envp;
    for (QByteArray &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    QByteArray program = request.program;
    QByteArray cwd = request.workingDirectory;

    int inPipe[2] = {-1, -1}, outPipe[2] = {-1, -1}, errPipe[2] = {-1, -1}, execPipe[2] = {-1, -1};
    int ctl[2] = {-1, -1};
    const auto closePair = [](int(&fds)[2]) {
        for (int &fd : fds)
            closeFd(fd);
    };
    const auto fail = [&](const QString &what) -> Error {
        const int e = errno;
        closePair(inPipe);
        closePair(outPipe);
        closePair(errPipe);
        closePair(execPipe);
        closePair(ctl);
        return makeError(QString(errc::startFailed),
                         QStringLiteral("Could not start %1.").arg(QString::fromLocal8Bit(program)),
                         what + QStringLiteral(": ") + errorText(e));
    };
    if ((request.stdinPipe && pipe2(inPipe, O_CLOEXEC) != 0) || pipe2(outPipe, O_CLOEXEC) != 0 ||
        pipe2(errPipe, O_CLOEXEC) != 0 || pipe2(execPipe, O_CLOEXEC) != 0 ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl) != 0)
        return fail(QStringLiteral("pipe"));
    // Bigger pipes: fewer wake-ups for chatty programs (best effort; capped by pipe-max-size).
    fcntl(outPipe[0], F_SETPIPE_SZ, 1024 * 1024);
    fcntl(errPipe[0], F_SETPIPE_SZ, 256 * 1024);

    Plan plan;
    plan.path = program.constData();
    plan.argv = argv.data();
    plan.envp = envp.data();
    plan.cwd = cwd.isEmpty() ? nullptr : cwd.constData();
    plan.stdinRead = inPipe[0];
    plan.stdoutWrite = outPipe[1];
    plan.stderrWrite = errPipe[1];
    plan.errorWrite = execPipe[1];
    plan.control = ctl[1];
    plan.graceMs = request.terminateGraceMs;
    plan.stopDescendantsOnExit = request.stopDescendantsOnExit;

    const pid_t supervisor = fork();
    if (supervisor == 0)
        supervise(plan);
    if (supervisor < 0)
        return fail(QStringLiteral("fork"));

    closeFd(inPipe[0]);
    closeFd(outPipe[1]);
    closeFd(errPipe[1]);
    closeFd(execPipe[1]);
    closeFd(ctl[1]);

    // EOF: exec succeeded (close-on-exec closed the program's copy; the supervisor closed its).
    ExecFailure failure;
    ssize_t got = 0;
    do {
        got = read(execPipe[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    closeFd(execPipe[0]);
    if (got == ssize_t(sizeof failure)) {
        closePair(inPipe);
        closePair(outPipe);
        closePair(errPipe);
        closePair(ctl);
        // The supervisor exits by itself once the failed program is reaped.
        int status = 0;
        while (waitpid(supervisor, &status, 0) < 0 && errno == EINTR) {
        }
        const QString name = QString::fromLocal8Bit(program);
        const QString detail = errorText(failure.error);
        switch (failure.stage) {
        case StageChdir:
            return makeError(QString(errc::startFailed),
                             QStringLiteral("Could not start %1: cannot change to the working directory %2.")
                                 .arg(name, QString::fromLocal8Bit(cwd)),
                             detail);
        case StageExec:
            return makeError(QString(errc::startFailed), QStringLiteral("Could not start %1.").arg(name), detail);
        default:
            return makeError(QString(errc::startFailed),
                             QStringLiteral("Could not start %1 (setting up the process failed).").arg(name), detail);
        }
    }

    SpawnedProcess p;
    p.supervisor = supervisor;
    p.stdinFd = inPipe[1];
    p.stdoutFd = outPipe[0];
    p.stderrFd = errPipe[0];
    p.controlFd = ctl[0];
    for (int fd : {p.stdinFd, p.stdoutFd, p.stderrFd, p.controlFd})
        if (fd >= 0)
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return p;
}

}  // namespace workbench::engine::process::detail
