// SPDX-License-Identifier: Apache-2.0
// Benchmark: bytes per second of one streaming HTTPS response (HTTP/1.1 chunked, TLS 1.3,
// loopback, server in this process: tests/support/httpstestserver) through HttpClient::stream
// into a consumer on the main thread, side by side with the curl CLI (`curl -s --cacert CA -o
// /dev/null URL`) against the same server in the same run. Goal: >= 500 MB/s.
//   cmake --build build/<dir> --target bench_httpstream && build/<dir>/tests/bench_httpstream [MiB] [runs]
#include "httpstestserver.h"
#include "net/httpclient.h"
#include "testpki.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace workbench;
using namespace workbench::engine::net;

namespace {
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 mib = argc > 1 ? QByteArray(argv[1]).toLongLong() : 2048;
    const int runs = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    const qint64 total = mib * 1024 * 1024;

    test::TestPki ca(QStringLiteral("Bench CA"));
    const test::TestIdentity id = ca.server({QStringLiteral("localhost")});
    test::HttpsTestServer server({id.certPem, id.keyPem, {}, false}, [](const test::TestRequest &r) {
        test::TestResponse resp;
        resp.streamBytes = r.query("bytes").toLongLong();
        return resp;
    });
    if (!server.start()) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    const QString url = server.url(QStringLiteral("/stream?bytes=%1").arg(total));
    QTemporaryDir dir;
    const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
    {
        QFile f(caFile);
        f.open(QIODevice::WriteOnly);
        f.write(ca.caPem());
    }
    auto tls = std::make_shared<TlsConfig>();
    tls->caPem = ca.caPem();

    std::vector<double> ours, cli;
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    for (int r = 0; r < runs; ++r) {
        {
            HttpClient client;
            QObject ctx;
            qint64 received = 0;
            bool done = false, ok = false;
            HttpStreamHandler h;
            h.onData = [&](QByteArray d) { received += d.size(); };
            h.onDone = [&](const workbench::Status &s) {
                done = true;
                ok = s.ok();
            };
            HttpRequest req("GET", QUrl(url));
            req.tls = tls;
            QElapsedTimer t;
            t.start();
            client.stream(req, &ctx, h);
            while (!done)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            const double s = double(t.nsecsElapsed()) / 1e9;
            if (!ok || received != total) {
                std::fprintf(stderr, "stream failed: %lld of %lld bytes\n", static_cast<long long>(received),
                             static_cast<long long>(total));
                return 1;
            }
            ours.push_back(double(total) / s / 1e6);
        }
        if (!curl.isEmpty()) {
            QProcess p;
            QElapsedTimer t;
            t.start();
            p.start(curl, {QStringLiteral("-s"), QStringLiteral("--cacert"), caFile, QStringLiteral("-o"),
                           QStringLiteral("/dev/null"), url});
            p.waitForFinished(-1);
            const double s = double(t.nsecsElapsed()) / 1e9;
            if (p.exitCode() == 0)
                cli.push_back(double(total) / s / 1e6);
        }
    }
    std::printf("one streaming HTTPS response, %lld MiB, HTTP/1.1 chunked over TLS on loopback, median of %d runs\n",
                static_cast<long long>(mib), runs);
    std::printf("  HttpClient::stream : %8.0f MB/s (goal >= 500 MB/s)\n", median(ours));
    if (!cli.empty())
        std::printf("  curl CLI -o /dev/null: %6.0f MB/s\n", median(cli));
    else
        std::printf("  curl CLI: not found (install the Debian package curl)\n");
    return 0;
}
