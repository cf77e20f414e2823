// SPDX-License-Identifier: Apache-2.0
// kube-test-server: a loopback HTTPS Kubernetes API server for tests and benchmarks.
//
//   kube-test-server --cert server.crt --key server.key [--client-ca ca.crt]
//                    [--token TOKEN=USER]... [--port N] [--scenario FILE] [--version v1.30.0]
//
// Prints "PORT <n>" on standard output once it listens on 127.0.0.1, then reads control
// commands from standard input (ControlChannel) and exits when standard input closes.
#include "apiserver.h"
#include "clusterstate.h"
#include "controlchannel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <csignal>
#include <cstdio>

using namespace kubetest;

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("cert"), QStringLiteral("Server certificate (PEM, may hold the chain)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("key"), QStringLiteral("Server private key (PEM)."), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("client-ca"), QStringLiteral("CA for client certificates (PEM)."), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("token"), QStringLiteral("Accepted bearer token TOKEN=USER."), QStringLiteral("token=user")});
    parser.addOption(
        {QStringLiteral("port"), QStringLiteral("Port (0: any free one)."), QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("scenario"), QStringLiteral("JSON array of control commands to run first."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("version"), QStringLiteral("gitVersion reported by /version."),
                      QStringLiteral("v"), QStringLiteral("v1.30.0")});
    parser.addHelpOption();
    parser.process(app);

    auto readFile = [](const QString &path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "kube-test-server: cannot read %s\n", qPrintable(path));
            std::exit(2);
        }
        return f.readAll();
    };
    ApiServer::Options options;
    const QList<QSslCertificate> certs = QSslCertificate::fromData(readFile(parser.value(QStringLiteral("cert"))));
    if (certs.isEmpty()) {
        std::fprintf(stderr, "kube-test-server: no certificate in --cert\n");
        return 2;
    }
    options.certificate = certs.front();
    options.chain = certs.mid(1);
    const QByteArray keyPem = readFile(parser.value(QStringLiteral("key")));
    options.key = QSslKey(keyPem, QSsl::Ec);
    if (options.key.isNull())
        options.key = QSslKey(keyPem, QSsl::Rsa);
    if (options.key.isNull()) {
        std::fprintf(stderr, "kube-test-server: --key is no EC or RSA key\n");
        return 2;
    }
    if (parser.isSet(QStringLiteral("client-ca")))
        options.clientCaPem = readFile(parser.value(QStringLiteral("client-ca")));
    options.gitVersion = parser.value(QStringLiteral("version"));

    ClusterState state;
    ApiServer server(&state, options);
    for (const QString &t : parser.values(QStringLiteral("token"))) {
        const qsizetype eq = t.indexOf(QLatin1Char('='));
        server.addToken(t.left(eq), eq < 0 ? QStringLiteral("token-user") : t.mid(eq + 1));
    }
    ControlChannel control(&state, &server);
    if (parser.isSet(QStringLiteral("scenario"))) {
        const QJsonArray commands = QJsonDocument::fromJson(readFile(parser.value(QStringLiteral("scenario")))).array();
        for (const QJsonValue &c : commands) {
            const QJsonObject reply = control.run(c.toObject());
            if (!reply.value(QStringLiteral("ok")).toBool()) {
                std::fprintf(stderr, "kube-test-server: scenario command failed: %s\n",
                             QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
                return 2;
            }
        }
    }
    if (!server.listen(quint16(parser.value(QStringLiteral("port")).toUInt()))) {
        std::fprintf(stderr, "kube-test-server: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("PORT %u\n", unsigned(server.port()));
    std::fflush(stdout);
    QObject::connect(&control, &ControlChannel::finished, &app, &QCoreApplication::quit);
    control.start();
    return app.exec();
}
