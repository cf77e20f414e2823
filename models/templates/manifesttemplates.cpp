// SPDX-License-Identifier: Apache-2.0
#include "templates/manifesttemplates.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace workbench::models::templates {

namespace {
QString safeName(const QString &name, const QString &fallback)
{
    static const QRegularExpression bad(QStringLiteral("[^A-Za-z0-9_-]"));
    QString n = name.trimmed().toLower();
    n.replace(bad, QStringLiteral("-"));
    return n.isEmpty() ? fallback : n;
}
}  // namespace

QByteArray newServiceManifest(const QString &name)
{
    const QString n = safeName(name, QStringLiteral("my-service"));
    const QString secretPrefix = QString(n).replace(QLatin1Char('-'), QLatin1Char('_'));
    QString t = QStringLiteral(R"(# Service manifest (kind: genservice): how to build the confidential image of one
# service, its environment and the secrets its CAS policy generates.
apiVersion: scone/5.8
kind: genservice

environment:
  # fixed values, baked into the policy (confidential)
  local:
    - name: SCONE_HEAP
      value: 256M
    - name: SCONE_LOG
      value: error
  # values the mesh must provide (a value here is the default)
  global:
    - name: API_PORT
      value: "8080"

secrets:
  # secrets defined by other services of the mesh that this one uses
  import: []
  global:
    - name: %1_key
      kind: private-key
    - name: %1_cert
      kind: x509
      private_key: %1_key
      dns: [%2]

injection_files:
  - path: /tls/%2.crt
    content: $$SCONE::%1_cert.crt$$
  - path: /tls/%2.key
    content: $$SCONE::%1_cert.key$$

build:
  name: %2
  kind: python
  to: $APP_IMAGE_REPO/%2:1
  pwd: /app
  command: python3 /app/main.py
  copy: [main.py]
  signature:
    sign: true
)");
    return t.arg(secretPrefix, n).toUtf8();
}

QByteArray newMeshManifest(const QString &serviceName)
{
    const QString n = safeName(serviceName, QStringLiteral("my-service"));
    QString t = QStringLiteral(R"(# Mesh manifest (kind: mesh): which services run together, where their CAS is,
# the attestation policy and the values of the services' global variables.
apiVersion: scone/5.8
kind: mesh

cas:
  - name: cas
    alias: ["image", "security", "access", "attestation"]
    cas_url: $CAS_URL
    cas_key: $CAS_KEY
    mode: EncryptedManifest
    cas_encryption_key: $CAS_SESSION_ENCRYPTION_KEY

policy:
  namespace: $APP_NAMESPACE
  tolerate: "outdated-tcb, hyperthreading, software-hardening-needed"

env:
  - service: global
    env:
      - name: imagePullSecrets
        value: sconeapps
  - service: %1
    env:
      - name: API_PORT
        value: 8080

services:
  - name: %1
    image: $APP_IMAGE_REPO/%1:1
)");
    return t.arg(n).toUtf8();
}

QString freeFileName(const QString &dir, const QString &stem)
{
    const QDir d(dir);
    QString candidate = stem + QStringLiteral(".yaml");
    for (int i = 2; QFileInfo::exists(d.filePath(candidate)); ++i)
        candidate = stem + QStringLiteral("-%1.yaml").arg(i);
    return d.filePath(candidate);
}

}  // namespace workbench::models::templates
