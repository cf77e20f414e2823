// SPDX-License-Identifier: Apache-2.0
// The test Kubernetes API server under the load of issue 14's comparison: 10 pods x 100k lines
// of 100 bytes, read (a) by 10 concurrent HTTPS log streams of Qt's HTTP client, which shows
// what the server itself delivers, and (b) by `kubectl logs -l ... --all-containers --prefix`,
// the side the workbench's `logs` command will be compared with in phase 2.
//   ./build/dev/tests/bench_kubetestserver [lines-per-pod]
#include "kubetestserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace workbench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr int kPods = 10;
    const qint64 perPod = argc > 1 ? std::max(1, atoi(argv[1])) : 100'000;

    test::KubeTestServer server;
    if (!server.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(server.errorString()));
        return 1;
    }
    QElapsedTimer t;
    t.start();
    for (int p = 0; p < kPods; ++p) {
        const QString pod = QStringLiteral("bench-%1").arg(p);
        if (!server.run(QJsonObject{
                {QStringLiteral("op"), QStringLiteral("addPod")},
                {QStringLiteral("namespace"), QStringLiteral("bench")},
                {QStringLiteral("name"), pod},
                {QStringLiteral("containers"), QJsonArray{QStringLiteral("app")}},
                {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), QStringLiteral("bench")}}}}) ||
            !server.run(QJsonObject{{QStringLiteral("op"), QStringLiteral("generateLogs")},
                                    {QStringLiteral("namespace"), QStringLiteral("bench")},
                                    {QStringLiteral("name"), pod},
                                    {QStringLiteral("container"), QStringLiteral("app")},
                                    {QStringLiteral("count"), perPod},
                                    {QStringLiteral("lineBytes"), 100}},
                        120000))
            return 1;
    }
    const qint64 total = kPods * perPod;
    std::printf("setup: %d pods x %lld lines of 100 bytes in %.2f s\n", kPods, static_cast<long long>(perPod),
                double(t.nsecsElapsed()) / 1e9);

    // (a) Ten concurrent log streams over TLS, timestamps on (as the workbench will ask).
    QNetworkAccessManager nam;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromData(server.caPem()));
    qint64 lines = 0;
    int finished = 0;
    QEventLoop loop;
    t.restart();
    for (int p = 0; p < kPods; ++p) {
        QNetworkRequest r(
            QUrl(server.url() + QStringLiteral("/api/v1/namespaces/bench/pods/bench-%1/log?timestamps=true").arg(p)));
        r.setSslConfiguration(ssl);
        r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        r.setRawHeader("Authorization", "Bearer " + server.token().toUtf8());
        QNetworkReply *reply = nam.get(r);
        QObject::connect(reply, &QNetworkReply::readyRead, reply,
                         [reply, &lines] { lines += reply->readAll().count('\n'); });
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            lines += reply->readAll().count('\n');
            reply->deleteLater();
            if (++finished == kPods)
                loop.quit();
        });
    }
    QTimer::singleShot(600000, &loop, &QEventLoop::quit);
    loop.exec();
    const double streams = double(t.nsecsElapsed()) / 1e9;
    std::printf("10 concurrent HTTPS log streams (Qt client): %lld lines in %.2f s = %.2f M lines/s\n",
                static_cast<long long>(lines), streams, double(lines) / streams / 1e6);
    bool ok = lines == total;

    // (b) kubectl.
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty()) {
        std::printf("kubectl not found: no comparison\n");
        return ok ? 0 : 1;
    }
    QTemporaryDir home;
    const QString config = home.filePath(QStringLiteral("config"));
    server.writeKubeconfig(config, test::KubeTestServer::Auth::Token, QStringLiteral("bench"));
    QProcess p;
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("KUBECONFIG"), config);
    p.setProcessEnvironment(env);
    qint64 kubectlLines = 0;
    QObject::connect(&p, &QProcess::readyReadStandardOutput, &p,
                     [&] { kubectlLines += p.readAllStandardOutput().count('\n'); });
    t.restart();
    p.start(kubectl, {QStringLiteral("logs"), QStringLiteral("-l"), QStringLiteral("app=bench"),
                      QStringLiteral("--all-containers"), QStringLiteral("--prefix"), QStringLiteral("--timestamps"),
                      QStringLiteral("--tail=-1"), QStringLiteral("--max-log-requests=10")});
    p.waitForFinished(600000);
    kubectlLines += p.readAllStandardOutput().count('\n');
    const double kubectlSeconds = double(t.nsecsElapsed()) / 1e9;
    std::printf("kubectl logs -l app=bench --all-containers --prefix --timestamps --tail=-1: %lld lines in %.2f s = "
                "%.2f M lines/s "
                "(exit %d)\n",
                static_cast<long long>(kubectlLines), kubectlSeconds, double(kubectlLines) / kubectlSeconds / 1e6,
                p.exitCode());
    ok = ok && kubectlLines == total && p.exitCode() == 0;
    std::printf("all lines delivered: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
