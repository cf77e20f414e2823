// SPDX-License-Identifier: Apache-2.0
#include "cli/stopsignals.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace workbench::cli {

namespace {

int g_pipe[2] = {-1, -1};

extern "C" void onStopSignal(int)
{
    const int saved = errno;
    const char c = 's';
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &c, 1);
    errno = saved;
}

}  // namespace

bool StopSignals::install()
{
    if (g_pipe[0] < 0 && ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction sa = {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    m_installed = ::sigaction(SIGINT, &sa, &m_oldInt) == 0 && ::sigaction(SIGTERM, &sa, &m_oldTerm) == 0;
    return m_installed;
}

int StopSignals::readFd() const
{
    return g_pipe[0];
}

int StopSignals::drain()
{
    int count = 0;
    char buf[16];
    ssize_t n = 0;
    while ((n = ::read(g_pipe[0], buf, sizeof buf)) > 0)
        count += int(n);
    return count;
}

StopSignals::~StopSignals()
{
    if (m_installed) {
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    for (int &fd : g_pipe)
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
}

}  // namespace workbench::cli
