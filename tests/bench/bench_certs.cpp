// SPDX-License-Identifier: Apache-2.0
// Preview issuance of 1 CA + 100 P-256 leaves (keys, certificates, signatures; in memory), and
// the same chain made with the openssl command line in the same run (1 CA key + self-signed
// CA, then per leaf one `openssl req -newkey` and one `openssl x509 -req`). Prints both, the
// ratio, and checks the target (ours < 100 ms, median of several runs).
//   ./build/h2/tests/bench_certs [runs]        (default 9 runs of ours, 3 of the CLI)
#include "certs/certificateissuer.h"
#include "core/poolparallelfor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

using namespace workbench::models::certs;

namespace {

constexpr int kLeaves = 100;

QList<SecretSpec> chainSpecs()
{
    QList<SecretSpec> specs;
    const QString session = QStringLiteral("bench/ns");
    SecretSpec caKey;
    caKey.session = session;
    caKey.name = QStringLiteral("ca_key");
    specs << caKey;
    SecretSpec ca;
    ca.session = session;
    ca.name = QStringLiteral("ca");
    ca.kind = SecretKind::X509Ca;
    ca.privateKey = QStringLiteral("ca_key");
    specs << ca;
    for (int i = 0; i < kLeaves; ++i) {
        SecretSpec key;
        key.session = session;
        key.name = QStringLiteral("key%1").arg(i);
        specs << key;
        SecretSpec leaf;
        leaf.session = session;
        leaf.name = QStringLiteral("leaf%1").arg(i);
        leaf.kind = SecretKind::X509;
        leaf.privateKey = key.name;
        leaf.issuer = QStringLiteral("ca");
        leaf.dns = {QStringLiteral("svc%1").arg(i), QStringLiteral("svc%1.ns.svc.cluster.local").arg(i)};
        leaf.validFor = QStringLiteral("90 days");
        specs << leaf;
    }
    return specs;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

bool run(const QString &openssl, const QStringList &args, const QString &dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(openssl, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "openssl %s failed: %s\n", qPrintable(args.join(QLatin1Char(' '))),
                     p.readAll().constData());
        return false;
    }
    return true;
}

/// Seconds for the same chain with the openssl command line; < 0 on failure.
double opensslChain(const QString &openssl)
{
    QTemporaryDir dir;
    const QString d = dir.path();
    QElapsedTimer t;
    t.start();
    if (!run(openssl,
             {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
              QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
              QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.crt"),
              QStringLiteral("-subj"), QStringLiteral("/CN=ca"), QStringLiteral("-days"), QStringLiteral("3650"),
              QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
              QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
             d))
        return -1;
    for (int i = 0; i < kLeaves; ++i) {
        const QString n = QString::number(i);
        if (!run(openssl,
                 {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                  QStringLiteral("-keyout"), QStringLiteral("l") + n + QStringLiteral(".key"), QStringLiteral("-out"),
                  QStringLiteral("l") + n + QStringLiteral(".csr"), QStringLiteral("-subj"),
                  QStringLiteral("/CN=svc") + n},
                 d))
            return -1;
        // The same extensions ours get: CA:FALSE, digitalSignature, EKU, SANs, SKI, AKI.
        QFile ext(d + QStringLiteral("/l") + n + QStringLiteral(".ext"));
        if (!ext.open(QIODevice::WriteOnly))
            return -1;
        ext.write(
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=serverAuth,clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n");
        ext.write(QStringLiteral("subjectAltName=DNS:svc%1,DNS:svc%1.ns.svc.cluster.local\n").arg(i).toUtf8());
        ext.close();
        if (!run(openssl,
                 {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                  QStringLiteral("l") + n + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                  QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-set_serial"),
                  QStringLiteral("0x%1").arg(i + 1000, 0, 16), QStringLiteral("-days"), QStringLiteral("90"),
                  QStringLiteral("-extfile"), QStringLiteral("l") + n + QStringLiteral(".ext"), QStringLiteral("-out"),
                  QStringLiteral("l") + n + QStringLiteral(".crt")},
                 d))
            return -1;
    }
    return double(t.nsecsElapsed()) / 1e9;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? qMax(1, atoi(argv[1])) : 9;
    const QList<SecretSpec> specs = chainSpecs();

    std::vector<double> ours;
    std::vector<double> oursCpu;  // process CPU time (all threads): meaningful on a busy machine
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        const std::clock_t c0 = std::clock();
        t.start();
        IssueOptions options;  // the engine's threads, as the Certificates area and `certs` use them
        options.parallelFor = workbench::engine::parallelForOn(QThreadPool::globalInstance());
        const auto issued = issueSecrets(specs, options);
        const double s = double(t.nsecsElapsed()) / 1e9;
        oursCpu.push_back(double(std::clock() - c0) / CLOCKS_PER_SEC);
        if (!issued || issued->originCertificates().size() != kLeaves + 1) {
            std::fprintf(stderr, "issuance failed: %s\n",
                         issued ? "wrong count" : qPrintable(issued.error().toString()));
            return 1;
        }
        ours.push_back(s);
    }

    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    std::vector<double> cli;
    if (!openssl.isEmpty()) {
        for (int r = 0; r < qMin(runs, 3); ++r) {
            const double s = opensslChain(openssl);
            if (s < 0)
                return 1;
            cli.push_back(s);
        }
    }
    const double oursMs = median(ours) * 1000;
    std::printf(
        "preview issuance, 1 CA + %d P-256 leaves (in memory):  median %.1f ms over %d runs (min %.1f, max %.1f)\n",
        kLeaves, oursMs, runs, *std::min_element(ours.begin(), ours.end()) * 1000,
        *std::max_element(ours.begin(), ours.end()) * 1000);
    std::printf("  CPU time of the same runs (all threads): median %.1f ms; %u hardware threads\n",
                median(oursCpu) * 1000, std::thread::hardware_concurrency());
    if (!cli.empty()) {
        const double cliMs = median(cli) * 1000;
        std::printf("openssl command line, same chain (%d processes):        median %.1f ms over %zu runs\n",
                    1 + 2 * kLeaves, cliMs, cli.size());
        std::printf("ratio openssl CLI / preview: %.1fx\n", cliMs / oursMs);
    } else {
        std::printf("openssl command line not found: no comparison\n");
    }
    const bool ok = oursMs < 100.0;
    std::printf("target < 100 ms: %s\n", ok ? "met" : "MISSED");
    return ok ? 0 : 1;
}
