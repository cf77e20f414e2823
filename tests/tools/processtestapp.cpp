// SPDX-License-Identifier: Apache-2.0
// Stand-in program for the process runner's tests and benchmarks (plain POSIX, no Qt, so it
// starts fast and behaves exactly as written). Personalities, by first argument:
//   lines N WIDTH        N lines of WIDTH bytes each (the '\n' included), as fast as possible
//   bytes FILE [PIECE]   FILE to stdout, PIECE bytes per write (splits UTF-8 characters)
//   utf8split            a few UTF-8 lines written one byte per write, with pauses
//   progress N           N '\r' progress updates "progress P%", then "crlf line\r\n" and "done\n"
//   exit CODE            "out" on stdout, "err line" on stderr, then exit CODE
//   signal SIG           kill itself with SIG
//   sleep MS             sleep, then exit 0
//   ignoreterm           ignore SIGTERM, print "ready", sleep forever
//   tree N PIDFILE       ignore SIGTERM; start N children that ignore it too, plus one that
//                        leaves the process group (setsid) and is orphaned (a "daemon");
//                        write every pid to PIDFILE; print "ready"; sleep forever
//   spawn-and-exit PIDFILE  start a child that ignores SIGTERM, write its pid, exit 0
//   stdin                copy stdin to stdout
//   env NAME             print the variable's value, or "<unset>"
//   pwd                  print the working directory
//   argv                 print each further argument on its own line
//   stderr-lines N       N lines "stderr I" on stderr
//   noeol                print "no newline at end" without a line end
//   listen ADDR PORT [PATH...]  print "PATH: <first line>" (or "PATH: <missing>") for each PATH,
//                        listen on ADDR:PORT (IPv4), print "listening ADDR:PORT", then accept
//                        and close connections until killed (a stand-in service)
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

void writeAll(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(3);
        p += w;
        n -= size_t(w);
    }
}

void say(const std::string &s)
{
    writeAll(1, s.data(), s.size());
}

[[noreturn]] void sleepForever()
{
    for (;;)
        pause();
}

void ignoreTerm()
{
    signal(SIGTERM, SIG_IGN);
}

void writePids(const char *path, const std::vector<pid_t> &pids)
{
    std::string tmp = std::string(path) + ".tmp";
    FILE *f = std::fopen(tmp.c_str(), "w");
    if (!f)
        _exit(4);
    for (pid_t p : pids)
        std::fprintf(f, "%d\n", int(p));
    std::fclose(f);
    std::rename(tmp.c_str(), path);
}

int lines(long n, long width)
{
    if (width < 12)
        width = 12;
    std::string buf;
    buf.reserve(1 << 20);
    char head[32];
    for (long i = 0; i < n; ++i) {
        std::snprintf(head, sizeof head, "%010ld ", i);
        buf.append(head, 11);
        for (long k = 11; k < width - 1; ++k)
            buf.push_back(char('a' + (i + k) % 26));
        buf.push_back('\n');
        if (buf.size() >= (1 << 20) - size_t(width)) {
            writeAll(1, buf.data(), buf.size());
            buf.clear();
        }
    }
    writeAll(1, buf.data(), buf.size());
    return 0;
}

int bytes(const char *path, long piece)
{
    const int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 2;
    std::vector<char> data;
    char tmp[65536];
    for (;;) {
        const ssize_t r = read(fd, tmp, sizeof tmp);
        if (r <= 0)
            break;
        data.insert(data.end(), tmp, tmp + r);
    }
    close(fd);
    if (piece <= 0)
        piece = long(data.size());
    long writes = 0;
    for (size_t off = 0; off < data.size(); off += size_t(piece)) {
        writeAll(1, data.data() + off, std::min(size_t(piece), data.size() - off));
        if (++writes % 64 == 0)
            usleep(200);  // let the reader catch up, so reads end at odd places
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_DFL);
    const std::string mode = argc > 1 ? argv[1] : "";
    auto arg = [&](int i) { return argc > i ? argv[i] : ""; };
    auto num = [&](int i) { return std::strtol(arg(i), nullptr, 10); };

    if (mode == "lines")
        return lines(num(2), num(3));
    if (mode == "bytes")
        return bytes(arg(2), num(3));
    if (mode == "utf8split") {
        const char text[] = "h\xc3\xa9llo w\xc3\xb6rld\n\xe2\x9c\x93 check\n\xf0\x9f\x98\x80 emoji\n";
        for (size_t i = 0; i + 1 < sizeof text; ++i) {
            writeAll(1, text + i, 1);
            usleep(3000);
        }
        return 0;
    }
    if (mode == "progress") {
        const long n = num(2);
        for (long i = 1; i <= n; ++i)
            say("progress " + std::to_string(i * 100 / n) + "%\r");
        say("crlf line\r\ndone\n");
        return 0;
    }
    if (mode == "exit") {
        say("out\n");
        writeAll(2, "err line\n", 9);
        return int(num(2));
    }
    if (mode == "signal") {
        signal(int(num(2)), SIG_DFL);
        raise(int(num(2)));
        return 0;
    }
    if (mode == "sleep") {
        usleep(useconds_t(num(2)) * 1000);
        return 0;
    }
    if (mode == "ignoreterm") {
        ignoreTerm();
        say("ready\n");
        sleepForever();
    }
    if (mode == "tree") {
        ignoreTerm();
        std::vector<pid_t> pids{getpid()};
        const long n = num(2);
        for (long i = 0; i < n; ++i) {
            const pid_t c = fork();
            if (c == 0)
                sleepForever();  // SIGTERM stays ignored
            pids.push_back(c);
        }
        int pipefd[2];
        if (pipe(pipefd) != 0)
            return 5;
        const pid_t mid = fork();
        if (mid == 0) {
            setsid();  // leaves the process group
            const pid_t daemon = fork();
            if (daemon == 0) {
                close(pipefd[0]);
                const pid_t me = getpid();
                writeAll(pipefd[1], reinterpret_cast<const char *>(&me), sizeof me);
                close(pipefd[1]);
                sleepForever();
            }
            _exit(0);  // orphans the daemon
        }
        close(pipefd[1]);
        pid_t daemon = 0;
        if (read(pipefd[0], &daemon, sizeof daemon) != ssize_t(sizeof daemon))
            return 6;
        pids.push_back(daemon);
        writePids(arg(3), pids);
        say("ready\n");
        sleepForever();
    }
    if (mode == "spawn-and-exit") {
        const pid_t c = fork();
        if (c == 0) {
            ignoreTerm();
            close(1);
            close(2);
            sleepForever();
        }
        writePids(arg(2), {c});
        return 0;
    }
    if (mode == "stdin") {
        char buf[4096];
        for (;;) {
            const ssize_t r = read(0, buf, sizeof buf);
            if (r <= 0)
                break;
            writeAll(1, buf, size_t(r));
        }
        return 0;
    }
    if (mode == "env") {
        const char *v = std::getenv(arg(2));
        say(std::string(v ? v : "<unset>") + "\n");
        return 0;
    }
    if (mode == "pwd") {
        char buf[4096];
        if (!getcwd(buf, sizeof buf))
            return 2;
        say(std::string(buf) + "\n");
        return 0;
    }
    if (mode == "argv") {
        for (int i = 2; i < argc; ++i)
            say(std::string(argv[i]) + "\n");
        return 0;
    }
    if (mode == "stderr-lines") {
        for (long i = 0; i < num(2); ++i) {
            const std::string l = "stderr " + std::to_string(i) + "\n";
            writeAll(2, l.data(), l.size());
        }
        return 0;
    }
    if (mode == "listen") {
        for (int i = 4; i < argc; ++i) {
            std::string line = "<missing>";
            if (FILE *f = std::fopen(argv[i], "r")) {
                char buf[512];
                line = std::fgets(buf, sizeof buf, f) ? std::string(buf) : std::string();
                while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
                    line.pop_back();
                std::fclose(f);
            }
            say(std::string(argv[i]) + ": " + line + "\n");
        }
        const int s = socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a = {};
        a.sin_family = AF_INET;
        a.sin_port = htons(uint16_t(num(3)));
        if (s < 0 || inet_pton(AF_INET, arg(2), &a.sin_addr) != 1 ||
            bind(s, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || listen(s, 16) != 0) {
            std::fprintf(stderr, "cannot listen on %s:%s: %s\n", arg(2), arg(3), std::strerror(errno));
            return 5;
        }
        say(std::string("listening ") + arg(2) + ":" + arg(3) + "\n");
        for (;;) {
            const int c = accept(s, nullptr, nullptr);
            if (c >= 0)
                close(c);
        }
    }
    if (mode == "noeol") {
        say("no newline at end");
        return 0;
    }
    std::fprintf(stderr, "processtestapp: unknown mode '%s'\n", mode.c_str());
    return 64;
}
