// SPDX-License-Identifier: Apache-2.0
#include "build/casidentity.h"

#include "certs/certificatefile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <openssl/crypto.h>

namespace workbench::models::build {

namespace {

constexpr qint64 kMaxIdentityBytes = 1024 * 1024;

/// Scrubs a buffer this code owns when it goes out of scope.
struct Scrub {
    QByteArray &bytes;
    ~Scrub()
    {
        if (!bytes.isEmpty() && bytes.isDetached())
            OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
};

Error identityError(const QString &source, const QString &message)
{
    Error e = makeError(QStringLiteral("cas.identity"), message);
    e.file = source;
    return e;
}

struct PemBlock {
    QByteArray label;  ///< "CERTIFICATE", "PRIVATE KEY", ...
    qsizetype begin = 0;
    qsizetype end = 0;  ///< one past the END line's last dash
};

/// The PEM blocks of @p text, in order; a BEGIN without END ends the scan.
QList<PemBlock> pemBlocks(const QByteArray &text)
{
    QList<PemBlock> blocks;
    qsizetype pos = 0;
    static const QByteArray begin("-----BEGIN ");
    for (;;) {
        const qsizetype b = text.indexOf(begin, pos);
        if (b < 0)
            break;
        const qsizetype labelEnd = text.indexOf("-----", b + begin.size());
        if (labelEnd < 0)
            break;
        const QByteArray label = text.mid(b + begin.size(), labelEnd - b - begin.size());
        const QByteArray endLine = "-----END " + label + "-----";
        const qsizetype e = text.indexOf(endLine, labelEnd);
        if (e < 0)
            break;
        blocks.append({label, b, e + endLine.size()});
        pos = e + endLine.size();
    }
    return blocks;
}

}  // namespace

Result<CasIdentity> parseCasIdentity(const QByteArray &data, const QString &sourceName)
{
    QByteArray text = data;  // a JSON state file: the identity field's text
    Scrub scrubText{text};
    const QByteArray trimmed = data.trimmed();
    if (trimmed.startsWith('{')) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return identityError(sourceName,
                                 QStringLiteral("the file is neither PEM nor a JSON object (%1 at offset %2)")
                                     .arg(pe.errorString())
                                     .arg(pe.offset));
        const QJsonValue identity = doc.object().value(QStringLiteral("identity"));
        if (!identity.isString())
            return identityError(sourceName,
                                 QStringLiteral("the JSON has no \"identity\" text (a PEM key and certificate)"));
        text = identity.toString().toUtf8();
    }
    const QList<PemBlock> blocks = pemBlocks(text);
    const PemBlock *key = nullptr;
    QByteArray certificates;
    for (const PemBlock &b : blocks) {
        if (b.label == "ENCRYPTED PRIVATE KEY")
            return identityError(sourceName, QStringLiteral("the private key is encrypted; the CAS identity needs an "
                                                            "unencrypted key (as scone keeps it)"));
        if (b.label.endsWith("PRIVATE KEY")) {
            if (key)
                return identityError(sourceName, QStringLiteral("more than one private key"));
            key = &b;
        } else if (b.label == "CERTIFICATE") {
            certificates += text.mid(b.begin, b.end - b.begin) + '\n';
        }
    }
    if (!key)
        return identityError(sourceName, QStringLiteral("no private key (PEM \"PRIVATE KEY\" block)"));
    if (certificates.isEmpty())
        return identityError(sourceName, QStringLiteral("no certificate (PEM \"CERTIFICATE\" block)"));
    auto keyPem =
        std::make_shared<certs::SecretBytes>(text.constData() + key->begin, std::size_t(key->end - key->begin));

    // The key must decode and belong to the (first) certificate.
    QByteArray both = certificates + QByteArray(keyPem->data(), keyPem->size()) + '\n';
    Scrub scrubBoth{both};
    const Result<certs::CertificateBundle> bundle = certs::parseCertificateData(both, nullptr, sourceName);
    if (!bundle.ok())
        return identityError(sourceName,
                             QStringLiteral("the identity does not decode: %1").arg(bundle.error().message));
    if (bundle->certificates.isEmpty() || bundle->keys.isEmpty())
        return identityError(sourceName, QStringLiteral("the identity needs a private key and a certificate"));
    if (!bundle->certificates.first().matchesKey(bundle->keys.first()))
        return identityError(sourceName, QStringLiteral("the private key does not belong to the certificate"));

    CasIdentity identity;
    identity.certificatePem = certificates;
    identity.keyPem = std::move(keyPem);
    identity.fingerprint = QString::fromLatin1(
        QCryptographicHash::hash(bundle->certificates.first().toDer(), QCryptographicHash::Sha256).toHex());
    identity.source = sourceName;
    return identity;
}

Result<CasIdentity> readCasIdentityFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return identityError(path, QStringLiteral("cannot read the identity file: %1").arg(f.errorString()));
    if (f.size() > kMaxIdentityBytes)
        return identityError(path, QStringLiteral("the identity file is larger than 1 MiB"));
    QByteArray data = f.read(kMaxIdentityBytes + 1);
    Scrub scrub{data};
    return parseCasIdentity(data, path);
}

QString sconeCliConfigPath(const Environment &environment, const QString &homeDir)
{
    const QString overridden = environment.value(QStringLiteral("SCONE_CLI_CONFIG"));
    if (!overridden.isEmpty())
        return overridden;
    return homeDir + QStringLiteral("/.cas/config.json");
}

certs::SecretBytes casIdentityToPem(const CasIdentity &identity)
{
    QByteArray out;
    Scrub scrub{out};
    if (identity.keyPem)
        out.append(identity.keyPem->data(), identity.keyPem->size());
    out += '\n';
    out += identity.certificatePem;
    return certs::SecretBytes(out.constData(), std::size_t(out.size()));
}

}  // namespace workbench::models::build
