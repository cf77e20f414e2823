// SPDX-License-Identifier: Apache-2.0
// `scone-workbench logs`: the logs of a release's pods (or of any label selector), every pod and
// container merged, one output line per log line as `POD CONTAINER | TEXT` (like stern).
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/stopsignals.h"

#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "kube/releaselogs.h"
#include "logs/linematcher.h"
#include "logs/logstore.h"
#include "logs/logtimestamp.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

namespace workbench::cli {

namespace {

using engine::kube::LogStreamState;
using engine::kube::ReleaseLogOptions;
using engine::kube::ReleaseLogs;
using engine::kube::ReleaseLogStreamInfo;
using engine::logs::LineMatcher;
using models::logs::LineKind;
using models::logs::LineNumber;
using models::logs::LogStore;
using models::logs::LogTimestamp;

const char kHelp[] =
    "Usage: scone-workbench logs [--kubeconfig FILE] [--context NAME] [-n NAMESPACE] (--release NAME | -l SELECTOR)\n"
    "                            [-c CONTAINER] [-f] [--since DURATION] [--tail N] [--timestamps] [--grep REGEX]\n"
    "                            [--no-color]\n"
    "\n"
    "Prints the logs of every pod of a release (label app.kubernetes.io/instance=NAME) or of the pods a\n"
    "label selector matches, all containers (init containers included) merged, one line per log line:\n"
    "\n"
    "  POD CONTAINER | TEXT\n"
    "\n"
    "Without -f it prints what the logs hold now and exits when every stream has ended. With -f it\n"
    "follows them, picks up new and restarted pods, reconnects streams that break (resuming where they\n"
    "stopped, nothing lost or shown twice) until SIGINT or SIGTERM, which end it cleanly (exit 0).\n"
    "Reconnects, possible gaps and stream state changes are reported on stderr, one line each.\n"
    "\n"
    "Options:\n"
    "  --kubeconfig FILE    the kubeconfig to use (default: KUBECONFIG's files merged, else ~/.kube/config)\n"
    "  --context NAME       the kubeconfig context (default: its current context)\n"
    "  -n, --namespace NS   the namespace (default: the context's, else \"default\")\n"
    "  --release NAME       the pods of the release NAME\n"
    "  -l, --selector SEL   the pods matching the label selector SEL (\"app=web,tier in (a,b)\")\n"
    "  -c, --container C    only the container C of each pod\n"
    "  -f, --follow         follow the logs (and new pods) until interrupted\n"
    "  --since DURATION     only lines newer than DURATION (5s, 2m, 3h, 1h30m)\n"
    "  --tail N             only the last N lines of each container's log (at the start)\n"
    "  --timestamps         print each line's timestamp (RFC 3339, nanoseconds) before its text\n"
    "  --grep REGEX         only lines matching REGEX (PCRE2, case-sensitive)\n"
    "  --no-color           no colours (the default when stdout is no terminal)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 done (or interrupted), 1 the Kubernetes configuration or the API server's answer to\n"
    "the first request (listing the pods) is an error, 2 usage error.\n";

struct LogsOptions {
    QString kubeconfig;
    QString context;
    QString namespaceName;
    QString release;
    QString selector;
    bool haveSelector = false;
    QString container;
    bool follow = false;
    std::optional<qint64> sinceSeconds;
    std::optional<qint64> tailLines;
    bool timestamps = false;
    QString grep;
    bool haveGrep = false;
    bool noColor = false;
};

/// Parses a Go duration ("300ms", "1.5h", "2h45m", "10s") into seconds, rounded up as kubectl
/// does for --since; nullopt when it is none or not positive.
std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\\x{00B5}s|ms|s|m|h)"));
    if (text.isEmpty())
        return std::nullopt;
    double nanos = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const auto m =
            part.match(text, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return std::nullopt;
        const double value = m.capturedView(1).toDouble();
        const QStringView unit = m.capturedView(2);
        double scale = 1;
        if (unit == QLatin1String("us") || unit == QStringView(u"\u00B5s"))
            scale = 1e3;
        else if (unit == QLatin1String("ms"))
            scale = 1e6;
        else if (unit == QLatin1String("s"))
            scale = 1e9;
        else if (unit == QLatin1String("m"))
            scale = 60e9;
        else if (unit == QLatin1String("h"))
            scale = 3600e9;
        nanos += value * scale;
        pos = m.capturedEnd(0);
    }
    if (!(nanos > 0) || nanos > 1e18)
        return std::nullopt;
    return qint64(std::ceil(nanos / 1e9));
}

/// Returns -1 to go on, or an exit code.
int parseArgs(const QStringList &args, LogsOptions &o)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString a = args.at(i);
        QString inlineValue;
        bool hasInline = false;
        if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('='))) {
            const qsizetype eq = a.indexOf(QLatin1Char('='));
            inlineValue = a.mid(eq + 1);
            a.truncate(eq);
            hasInline = true;
        }
        auto value = [&](QString &target) -> bool {
            if (hasInline) {
                target = inlineValue;
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            target = args.at(++i);
            return true;
        };
        auto needs = [&](const char *what) {
            return usageError(QStringLiteral("%1 needs %2").arg(a, QLatin1String(what)));
        };
        auto flag = [&]() -> bool { return !hasInline; };
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << kHelp;
            return ExitOk;
        } else if (a == QLatin1String("--kubeconfig")) {
            if (!value(o.kubeconfig) || o.kubeconfig.isEmpty())
                return needs("a FILE");
        } else if (a == QLatin1String("--context")) {
            if (!value(o.context) || o.context.isEmpty())
                return needs("a NAME");
        } else if (a == QLatin1String("-n") || a == QLatin1String("--namespace")) {
            if (!value(o.namespaceName) || o.namespaceName.isEmpty())
                return needs("a NAMESPACE");
        } else if (a == QLatin1String("--release")) {
            if (!value(o.release) || o.release.isEmpty())
                return needs("a NAME");
        } else if (a == QLatin1String("-l") || a == QLatin1String("--selector")) {
            if (!value(o.selector) || o.selector.trimmed().isEmpty())
                return needs("a SELECTOR");
            o.haveSelector = true;
        } else if (a == QLatin1String("-c") || a == QLatin1String("--container")) {
            if (!value(o.container) || o.container.isEmpty())
                return needs("a CONTAINER");
        } else if ((a == QLatin1String("-f") || a == QLatin1String("--follow")) && flag()) {
            o.follow = true;
        } else if (a == QLatin1String("--since")) {
            QString v;
            if (!value(v))
                return needs("a DURATION");
            o.sinceSeconds = parseDuration(v);
            if (!o.sinceSeconds)
                return usageError(QStringLiteral("--since: '%1' is no duration (examples: 10s, 5m, 1h30m)").arg(v));
        } else if (a == QLatin1String("--tail")) {
            QString v;
            if (!value(v))
                return needs("a NUMBER");
            bool ok = false;
            const qint64 n = v.toLongLong(&ok);
            if (!ok || n < -1)
                return usageError(QStringLiteral("--tail: '%1' is no number of lines").arg(v));
            if (n >= 0)
                o.tailLines = n;  // -1: all, as kubectl
        } else if (a == QLatin1String("--timestamps") && flag()) {
            o.timestamps = true;
        } else if (a == QLatin1String("--grep")) {
            if (!value(o.grep) || o.grep.isEmpty())
                return needs("a REGEX");
            o.haveGrep = true;
        } else if (a == QLatin1String("--no-color") && flag()) {
            o.noColor = true;
        } else if (a.startsWith(QLatin1Char('-'))) {
            return usageError(QStringLiteral("logs: unknown option '%1'").arg(args.at(i)));
        } else {
            return usageError(QStringLiteral("logs: unexpected argument '%1'").arg(a));
        }
    }
    if (o.release.isEmpty() && !o.haveSelector)
        return usageError(QStringLiteral("logs needs --release NAME or -l SELECTOR"));
    if (!o.release.isEmpty() && o.haveSelector)
        return usageError(QStringLiteral("logs takes --release NAME or -l SELECTOR, not both"));
    return -1;
}

// --- SIGINT / SIGTERM: a self-pipe read on the event loop --------------------------------------

/// Writes lines to stdout in big blocks, bytes as they came (no re-encoding).
class Output
{
public:
    Output(const LogStore &store, const LogsOptions &options, bool colour)
        : m_store(store)
        , m_options(options)
        , m_colour(colour)
    {
        m_buffer.reserve(kFlushBytes + 4096);
    }

    void setGrep(LineMatcher matcher) { m_grep = std::move(matcher); }

    void lines(LineNumber from, LineNumber to)
    {
        for (LineNumber n = std::max(from, m_store.firstLine()); n < to; ++n) {
            const auto line = m_store.line(n);
            if (!line || line->attributes.kind != LineKind::Text)
                continue;  // markers go to stderr (ReleaseLogs::marker)
            if (m_grep && !m_grep->matches(line->text))
                continue;
            m_buffer += prefix(line->source);
            if (m_options.timestamps) {
                appendTimestamp(line->timestamp);
                m_buffer += ' ';
            }
            m_buffer += line->text;
            m_buffer += '\n';
            if (m_buffer.size() >= kFlushBytes)
                flush();
        }
    }

    bool flush()
    {
        const char *p = m_buffer.constData();
        qsizetype left = m_buffer.size();
        while (left > 0) {
            const ssize_t n = ::write(STDOUT_FILENO, p, std::size_t(left));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                m_buffer.clear();
                m_failed = true;
                return false;  // EPIPE (| head) and the like: nothing more can be written
            }
            p += n;
            left -= n;
        }
        m_buffer.clear();
        return true;
    }
    bool failed() const { return m_failed; }

private:
    static constexpr qsizetype kFlushBytes = 256 * 1024;

    const QByteArray &prefix(models::logs::SourceId id)
    {
        const auto it = m_prefixes.constFind(id.get());
        if (it != m_prefixes.cend())
            return *it;
        const auto &source = m_store.sources().source(id);
        QByteArray p = m_store.sources().prefixUtf8(id);
        if (m_colour) {
            // The pod's colour for "POD CONTAINER", the " | " plain (as stern).
            static const int kColours[] = {32, 33, 34, 35, 36, 31, 92, 93, 94, 95, 96, 91};
            const int code = kColours[std::size_t(source.colourIndex) % (sizeof kColours / sizeof kColours[0])];
            const QByteArray name = p.endsWith(" | ") ? p.chopped(3) : p;
            p = "\x1b[" + QByteArray::number(code) + 'm' + name + "\x1b[0m | ";
        }
        return *m_prefixes.insert(id.get(), p);
    }

    void appendTimestamp(LogTimestamp ts)
    {
        constexpr qint64 kNs = 1'000'000'000;
        const qint64 secs = ts >= 0 ? ts / kNs : (ts - kNs + 1) / kNs;
        if (secs != m_tsSecond || m_tsText.isEmpty()) {
            m_tsSecond = secs;
            m_tsText =
                QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
        }
        m_buffer += m_tsText;
        // RFC 3339 with nanoseconds, trailing zeros dropped (Go's RFC3339Nano, as kubectl prints).
        qint64 frac = ts - secs * kNs;
        if (frac != 0) {
            char digits[10];
            int len = 9;
            for (int i = 8; i >= 0; --i) {
                digits[i] = char('0' + frac % 10);
                frac /= 10;
            }
            while (len > 0 && digits[len - 1] == '0')
                --len;
            m_buffer += '.';
            m_buffer.append(digits, len);
        }
        m_buffer += 'Z';
    }

    const LogStore &m_store;
    const LogsOptions &m_options;
    bool m_colour = false;
    std::optional<LineMatcher> m_grep;
    QByteArray m_buffer;
    QHash<quint16, QByteArray> m_prefixes;
    qint64 m_tsSecond = 0;
    QByteArray m_tsText;
    bool m_failed = false;
};

QString streamName(const ReleaseLogStreamInfo &info)
{
    return info.pod + QLatin1Char(' ') + info.container;
}

}  // namespace

int runLogs(const QStringList &args)
{
    LogsOptions o;
    if (const int rc = parseArgs(args, o); rc >= 0)
        return rc;

    std::optional<LineMatcher> grep;
    if (o.haveGrep) {
        auto m = LineMatcher::compile(models::logs::MatchPattern{o.grep, true, true});
        if (!m)
            return usageError(QStringLiteral("--grep: %1").arg(m.error().message));
        grep = std::move(m).value();
    }

    auto config = models::kube::KubeconfigLoader::loadFromEnvironment(o.kubeconfig);
    if (!config) {
        err() << "scone-workbench logs: " << config.error().toString() << '\n';
        return ExitFailure;
    }
    auto connection = models::kube::KubeConnection::resolve(config.value(), o.context, o.namespaceName);
    if (!connection) {
        err() << "scone-workbench logs: " << connection.error().toString() << '\n';
        return ExitFailure;
    }
    for (const QString &w : connection->warnings)
        err() << "scone-workbench logs: warning: " << w << '\n';
    err().flush();

    StopSignals stopSignals;
    if (!stopSignals.install()) {
        err() << "scone-workbench logs: cannot set up signal handling: " << QString::fromLocal8Bit(std::strerror(errno))
              << '\n';
        return ExitFailure;
    }
    ::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows as EPIPE from write()

    engine::net::HttpClient http;
    engine::kube::KubeClient client(http, connection.value());
    models::logs::LogStoreLimits limits;
    LogStore store(limits);

    ReleaseLogOptions ro;
    ro.namespaceName = connection->namespaceName;
    ro.labelSelector = o.haveSelector ? o.selector.trimmed() : ReleaseLogOptions::selectorFor(o.release);
    ro.container = o.container;
    ro.follow = o.follow;
    ro.sinceSeconds = o.sinceSeconds;
    ro.tailLines = o.tailLines;
    ReleaseLogs logs(client, store, ro);

    const bool colour = !o.noColor && ::isatty(STDOUT_FILENO) && qEnvironmentVariableIsEmpty("NO_COLOR");
    Output output(store, o, colour);
    if (grep)
        output.setGrep(*grep);

    int exitCode = ExitOk;
    bool stopping = false;
    QHash<quint16, LogStreamState> lastState;

    auto finish = [&](int code) {
        exitCode = code;
        output.flush();
        err().flush();
        QCoreApplication::exit(code);
    };

    bool flushQueued = false;
    QObject::connect(&logs, &ReleaseLogs::linesAppended, &logs, [&](LineNumber from, LineNumber to) {
        output.lines(from, to);
        if (!flushQueued) {
            // Written once the batches that arrived together are in (a follower sees them at once).
            flushQueued = true;
            QTimer::singleShot(0, &logs, [&] {
                flushQueued = false;
                output.flush();
            });
        }
        if (output.failed() && !stopping) {
            stopping = true;  // stdout closed: nobody reads any more
            logs.stop();
        }
        // What is printed need not stay: the command keeps no history.
        if (store.lineCount().get() > 200'000)
            store.clear();
    });
    QObject::connect(&logs, &ReleaseLogs::marker, &logs,
                     [&](const ReleaseLogStreamInfo &info, LineKind kind, const QString &text) {
                         if (kind == LineKind::Text)
                             return;
                         output.flush();  // the marker's place among the lines
                         err() << streamName(info) << ": " << text << '\n';
                         err().flush();
                     });
    QObject::connect(&logs, &ReleaseLogs::streamChanged, &logs, [&](const ReleaseLogStreamInfo &info) {
        const LogStreamState before = lastState.value(info.source.get(), LogStreamState::Connecting);
        lastState.insert(info.source.get(), info.state);
        if (before == info.state)
            return;
        QString text;
        switch (info.state) {
        case LogStreamState::Connecting:
            return;
        case LogStreamState::Live:
            if (before == LogStreamState::Connecting)
                return;  // the normal start
            text = QStringLiteral("live");
            break;
        case LogStreamState::Waiting:
        case LogStreamState::Reconnecting:
            text = engine::kube::logStreamStateName(info.state);
            break;
        case LogStreamState::Ended:
            if (info.detail.isEmpty() || stopping)
                return;
            text = engine::kube::logStreamStateName(info.state);
            break;
        }
        if (!info.detail.isEmpty())
            text += QStringLiteral(" (") + info.detail + QLatin1Char(')');
        output.flush();
        err() << streamName(info) << ": " << text << '\n';
        err().flush();
    });
    QObject::connect(&logs, &ReleaseLogs::watchProblem, &logs, [&](const Error &e, int retryInMs) {
        err() << "scone-workbench logs: watching the pods failed (" << e.toString() << "); retrying in "
              << QString::number(double(retryInMs) / 1000.0, 'f', 1) << " s\n";
        err().flush();
    });
    QObject::connect(&logs, &ReleaseLogs::watchRecovered, &logs, [&] {
        err() << "scone-workbench logs: watching the pods again\n";
        err().flush();
    });
    QObject::connect(&logs, &ReleaseLogs::failed, &logs, [&](const Error &e) {
        err() << "scone-workbench logs: " << e.message << '\n';
        finish(ExitFailure);
    });
    QObject::connect(&logs, &ReleaseLogs::started, &logs, [&] {
        if (!o.follow && logs.streams().isEmpty())
            err() << "scone-workbench logs: no pods match " << ro.labelSelector << " in namespace " << ro.namespaceName
                  << '\n';
        else if (o.follow && logs.pods().isEmpty())
            err() << "scone-workbench logs: no pods match " << ro.labelSelector << " in namespace " << ro.namespaceName
                  << " yet; waiting for them\n";
        err().flush();
    });
    QObject::connect(&logs, &ReleaseLogs::finished, &logs, [&] { finish(ExitOk); });

    QSocketNotifier signalNotifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &logs, [&] {
        stopSignals.drain();
        if (stopping) {
            finish(ExitOk);  // a second signal: stop waiting for the streams
            return;
        }
        stopping = true;
        logs.stop();
    });

    logs.start();
    QCoreApplication::exec();
    output.flush();
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    return exitCode;
}

}  // namespace workbench::cli
