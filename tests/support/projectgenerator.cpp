// SPDX-License-Identifier: Apache-2.0
#include "projectgenerator.h"

#include "testsupport.h"

#include <QDir>

namespace workbench::test {

namespace {

QByteArray num(int i)
{
    return QByteArray::number(i);
}

/// The services whose CA service @p i imports (the @p fanOut before it).
QList<int> importedCas(int i, int fanOut)
{
    QList<int> out;
    for (int k = 1; k <= fanOut && i - k >= 0; ++k)
        out.append(i - k);
    return out;
}

QByteArray serviceText(int i, const ScaleProjectOptions &o)
{
    const QByteArray n = num(i);
    const QByteArray v = "svc_" + n;  // stem of its secret and variable names
    const QList<int> imports = importedCas(i, o.importFanOut);
    // exported publicly when no later service imports it
    const bool exportPublic = i + 1 >= o.services || o.importFanOut == 0;

    QByteArray t;
    t += "# Generated service " + n + " of " + num(o.services) + " (tests/support/projectgenerator).\n";
    t += "apiVersion: scone/5.8\nkind: genservice\n\n";
    t += "environment:\n  local:\n";
    t += "    - name: SCONE_HEAP\n      value: 512M\n";
    t += "    - name: SCONE_LOG\n      value: error\n";
    t += "    - name: PYTHON_SERVICE_PORT\n      value: \"8443\"\n";
    t += "    - name: SELF_URL\n      value: \"https://{{" + v + "_host}}:8443\"\n";
    if (i > 0)
        t += "    - name: PEER_URL\n      value: \"https://{{svc_" + num(i - 1) + "_host}}:8443\"\n";
    t += "  global:\n";
    t += "    - name: " + v + "_host\n";
    if (i > 0)
        t += "    - name: svc_" + num(i - 1) + "_host\n";
    t += "    - name: CLUSTER_DNS_IP\n";
    t += "    - name: LOG_LEVEL\n      value: info\n";

    t += "\ninjection_files:\n";
    t += "  - path: /tls/server.crt\n    content: $$SCONE::" + v + "_cert:crt$$\n";
    t += "  - path: /tls/server.key\n    content: $$SCONE::" + v + "_cert:privatekey$$\n";
    t += "  - path: /tls/ca.crt\n    content: $$SCONE::" + v + "_ca:crt$$\n";
    for (int j : imports)
        t += "  - path: /tls/peers/svc-" + num(j) + "-ca.crt\n    content: $$SCONE::svc_" + num(j) + "_ca:crt$$\n";
    t += "  - path: /etc/resolv.conf\n    content: |\n      nameserver {{CLUSTER_DNS_IP}}\n      options ndots:5\n";

    t += "\nsecrets:\n";
    if (!imports.isEmpty()) {
        t += "  import:\n";
        for (int j : imports)
            t += "    - svc_" + num(j) + "_ca\n";
    }
    t += "  global:\n";
    t += "    - name: " + v + "_ca_key\n      kind: private-key\n";
    t += "    - name: " + v + "_ca\n      kind: x509-ca\n      private_key: " + v + "_ca_key\n";
    if (exportPublic)
        t += "      export_public: true\n";
    t += "    - name: " + v + "_key\n      kind: private-key\n";
    t += "    - name: " + v + "_cert\n      kind: x509\n      private_key: " + v + "_key\n      issuer: " + v +
         "_ca\n      endpoint: server\n      dns: [svc-" + n + ", \"{{" + v + "_host}}\"]\n";

    t += "\nbuild:\n  name: svc-" + n + "\n  kind: python\n  to: $APP_IMAGE_REPO/svc-" + n + ":1\n  pwd: /app\n";
    t += "  command: python3 /app/main.py\n  signature:\n    sign: true\n";
    return t;
}

QByteArray meshText(const ScaleProjectOptions &o)
{
    QByteArray t;
    t += "# Generated mesh of " + num(o.services) + " services (tests/support/projectgenerator).\n";
    t += "apiVersion: scone/5.8\nkind: mesh\n\n";
    t += "cas:\n  - name: cas\n    alias: [\"image\", \"security\", \"access\", \"attestation\"]\n";
    t += "    cas_url: $CAS_URL\n    cas_key: $CAS_KEY\n    mode: EncryptedManifest\n";
    t += "    cas_encryption_key: $CAS_SESSION_ENCRYPTION_KEY\n\n";
    t += "policy:\n  namespace: $APP_NAMESPACE\n  tolerate: \"outdated-tcb, hyperthreading\"\n\n";
    t += "env:\n  - service: global\n    env:\n";
    t += "      - name: imagePullSecrets\n        value: sconeapps\n";
    t += "      - name: CLUSTER_DNS_IP\n        value: \"10.96.0.10\"\n";
    for (int i = 0; i < o.services; ++i)
        t += "      - name: svc_" + num(i) + "_host\n        value: $RELEASE-svc-" + num(i) + "\n";
    t += "  - service: helm\n    env:\n      - name: useSGXDevPlugin\n        value: scone\n";
    for (int i = 0; i < o.services; ++i)
        t += "  - service: svc-" + num(i) + "\n    env:\n      - name: APP_SERVICE_PORT\n        value: 8443\n";
    t += "\nservices:\n";
    for (int i = 0; i < o.services; ++i)
        t += "  - name: svc-" + num(i) + "\n    image: $APP_IMAGE_REPO/svc-" + num(i) + ":1\n";
    return t;
}

QByteArray settingsText()
{
    // Fixed APP_NAMESPACE, so no command ever writes into the generated project.
    return "# Deployment settings of a generated project (tests/support/projectgenerator).\n"
           "format: 1\n"
           "release: scale\n"
           "namespace: default\n"
           "app_namespace: scale-1-1\n"
           "app_image_repo: registry.acme.io/scale\n"  // a real-looking one: placeholders are warnings
           "version: 5.8.0\n"
           "cas_url: cas.scone-system\n"
           "cas_key: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
           "cas_session_encryption_key: fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\n"
           "mode: production\n";
}

}  // namespace

QList<QPair<QString, QByteArray>> scaleProjectFiles(const ScaleProjectOptions &options)
{
    QList<QPair<QString, QByteArray>> files;
    files.reserve(options.services + 2);
    files.append({QStringLiteral("mesh.yaml"), meshText(options)});
    for (int i = 0; i < options.services; ++i)
        files.append({QStringLiteral("svc-%1/service.yaml").arg(i), serviceText(i, options)});
    if (options.withSettings)
        files.append({QStringLiteral(".scone-workbench/settings.yaml"), settingsText()});
    return files;
}

bool writeScaleProject(const QString &dir, const ScaleProjectOptions &options)
{
    const QDir root(dir);
    if (!root.mkpath(QStringLiteral(".")))
        return false;
    for (const auto &[path, text] : scaleProjectFiles(options))
        if (!writeFile(root.filePath(path), text))
            return false;
    return true;
}

}  // namespace workbench::test
