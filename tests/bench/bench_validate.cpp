// SPDX-License-Identifier: Apache-2.0
// Benchmark: load + validate a generated project of 200 service manifests and a 200-service mesh
// (the editor revalidates on every keystroke). Prints the median of several runs; target < 50 ms.
//   cmake --build build/<dir> --target bench_validate && build/<dir>/tests/bench_validate [runs]
#include "manifest/manifestproject.h"
#include "validation/projectvalidator.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace workbench::models;

namespace {

constexpr int kServices = 200;

QByteArray serviceText(int i)
{
    const QByteArray n = QByteArray::number(i);
    const QByteArray prev = QByteArray::number((i + kServices - 1) % kServices);
    QByteArray t;
    t += "# generated service " + n + "\n";
    t += "apiVersion: scone/5.8\nkind: genservice\n\nenvironment:\n  local:\n";
    t += "    - name: SCONE_HEAP\n      value: 512M\n    - name: SCONE_LOG\n      value: error\n";
    t += "    - name: PEER_HOST\n      value: \"{{peer_host_" + n + "}}\"\n";
    t += "    - name: DB_PASSWORD\n      value: \"$$SCONE::svc" + n + "_password$$\"\n";
    t += "  global:\n    - name: peer_host_" + n + "\n    - name: CLUSTER_DNS_IP\n    - name: PORT_" + n +
         "\n      value: \"80" + n + "\"\n";
    t += "\ninjection_files:\n";
    t += "  - path: /tls/server.crt\n    content: $$SCONE::svc" + n + "_cert:crt$$\n";
    t += "  - path: /tls/server.key\n    content: $$SCONE::svc" + n + "_cert:privatekey$$\n";
    t += "  - path: /tls/peer-ca.crt\n    content: $$SCONE::svc" + prev + "_ca_cert:crt$$\n";
    t += "  - path: /tls/client.crt\n    content: $$SCONE::svc" + prev + "_client_cert.crt$$\n";
    t += "  - path: /etc/resolv.conf\n    content: |\n      nameserver {{CLUSTER_DNS_IP}}\n      options ndots:5\n";
    t += "\nsecrets:\n  import: [svc" + prev + "_ca_cert, svc" + prev + "_client_cert, svc" + prev +
         "_client_key]\n  global:\n";
    t += "    - name: svc" + n + "_password\n      kind: ascii\n      size: 16\n";
    t += "    - name: svc" + n + "_ca_key\n      kind: private-key\n";
    t += "    - name: svc" + n + "_ca_cert\n      kind: x509-ca\n      private_key: svc" + n + "_ca_key\n";
    t += "    - name: svc" + n + "_key\n      kind: private-key\n";
    t += "    - name: svc" + n + "_cert\n      kind: x509\n      private_key: svc" + n + "_key\n      issuer: svc" + n +
         "_ca_cert\n      endpoint: server\n      dns: [svc-" + n + ", \"{{peer_host_" + n + "}}\"]\n";
    t += "    - name: svc" + n + "_client_key\n      kind: private-key\n";
    t += "    - name: svc" + n + "_client_cert\n      kind: x509\n      private_key: svc" + n +
         "_client_key\n      issuer: svc" + n + "_ca_cert\n      endpoint: client\n";
    t += "\nbuild:\n  name: svc-" + n + "\n  kind: python\n  to: $APP_IMAGE_REPO/svc-" + n + ":1\n  pwd: /app\n";
    t += "  command: python3 /app/main.py --port 80" + n + "\n  signature:\n    sign: true\n";
    return t;
}

QByteArray meshText()
{
    QByteArray t = "apiVersion: scone/5.8\nkind: mesh\n\ncas:\n  - name: cas\n    alias: [\"image\", \"security\", "
                   "\"access\", \"attestation\"]\n"
                   "    cas_url: $CAS_URL\n    cas_key: $CAS_KEY\n    mode: EncryptedManifest\n    cas_encryption_key: "
                   "$CAS_SESSION_ENCRYPTION_KEY\n\n"
                   "policy:\n  namespace: $APP_NAMESPACE\n  tolerate: \"outdated-tcb, hyperthreading\"\n\nenv:\n  - "
                   "service: global\n    env:\n"
                   "      - name: CLUSTER_DNS_IP\n        value: \"10.96.0.10\"\n      - name: imagePullSecrets\n      "
                   "  value: sconeapps\n";
    for (int i = 0; i < kServices; ++i) {
        const QByteArray n = QByteArray::number(i);
        t += "  - service: svc-" + n + "\n    env:\n      - name: peer_host_" + n + "\n        value: $RELEASE-svc-" +
             QByteArray::number((i + 1) % kServices) + "\n      - name: APP_SERVICE_PORT\n        value: 80" + n + "\n";
    }
    t += "\nservices:\n";
    for (int i = 0; i < kServices; ++i) {
        const QByteArray n = QByteArray::number(i);
        t += "  - name: svc-" + n + "\n    image: $APP_IMAGE_REPO/svc-" + n + ":1\n";
    }
    return t;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 15;

    QList<QPair<QString, QByteArray>> texts;
    qint64 bytes = 0;
    for (int i = 0; i < kServices; ++i) {
        texts.append({QStringLiteral("svc-%1/service.yaml").arg(i), serviceText(i)});
        bytes += texts.back().second.size();
    }
    texts.append({QStringLiteral("mesh.yaml"), meshText()});
    bytes += texts.back().second.size();

    ValidationOptions options;
    options.checkFiles = false;  // in-memory project
    const ProjectValidator validator(options);

    std::vector<double> load, check, total, single;
    int diagnostics = 0;
    int errors = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        ManifestProject project;
        for (const auto &p : std::as_const(texts))
            project.setText(p.first, p.second);
        const qint64 loaded = t.nsecsElapsed();
        const Diagnostics d = validator.validate(project);
        const qint64 validated = t.nsecsElapsed();
        load.push_back(double(loaded) / 1e6);
        check.push_back(double(validated - loaded) / 1e6);
        total.push_back(double(validated) / 1e6);
        diagnostics = int(d.size());
        errors = countSeverity(d, Diagnostic::Severity::Error);

        // the editor case: one buffer changed, re-read it and revalidate the project
        QElapsedTimer s;
        s.start();
        project.setText(texts[7].first, texts[7].second + "# typing\n");
        const Diagnostics d2 = validator.validate(project);
        single.push_back(double(s.nsecsElapsed()) / 1e6);
        Q_UNUSED(d2);
    }

    std::printf("bench_validate: %d service manifests + 1 mesh with %d services, %.0f KiB of YAML, %d runs\n",
                kServices, kServices, double(bytes) / 1024.0, runs);
    std::printf("  load (parse + typed views)      median %7.2f ms\n", median(load));
    std::printf("  validate (all rules)            median %7.2f ms\n", median(check));
    std::printf("  load + validate                 median %7.2f ms   (target < 50 ms)\n", median(total));
    std::printf("  one buffer changed + revalidate median %7.2f ms\n", median(single));
    std::printf("  diagnostics: %d (%d errors)\n", diagnostics, errors);
    if (errors != 0) {
        std::printf("unexpected errors in the generated project\n");
        for (const Diagnostic &x : validator.validate([&] {
                 ManifestProject p;
                 for (const auto &t : std::as_const(texts))
                     p.setText(t.first, t.second);
                 return p;
             }()))
            if (x.severity == Diagnostic::Severity::Error)
                std::printf("  %s\n", qPrintable(x.toString()));
        return 1;
    }
    return median(total) < 50.0 ? 0 : 2;
}
