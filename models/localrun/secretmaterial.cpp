// SPDX-License-Identifier: Apache-2.0
#include "localrun/secretmaterial.h"

#include "certs/certificateexport.h"
#include "certs/issuedsecrets.h"
#include "policy/cassession.h"
#include "policy/variableresolver.h"

#include <QRandomGenerator>

namespace workbench::models::localrun {

namespace {

using certs::IssuedSecret;
using certs::SecretKind;
using certs::SecretRef;

const QLatin1String kPrefix("$$SCONE::");

Error secretError(const QString &code, const QString &message)
{
    return makeError(QStringLiteral("localrun.secret.") + code, message);
}

QString placeholderText(const QString &secret, const QString &format, const QString &encoding = {})
{
    return QStringLiteral("`$$SCONE::") + secret + format +
           (encoding.isEmpty() ? QString() : QLatin1Char('|') + encoding) + QStringLiteral("$$`");
}

/// The DER inside a PEM block (its base64 body).
QByteArray pemToDer(const QByteArray &pem)
{
    QByteArray body;
    bool inside = false;
    for (const QByteArray &line : pem.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.startsWith("-----BEGIN ")) {
            inside = true;
            continue;
        }
        if (l.startsWith("-----END "))
            break;
        if (inside)
            body += l;
    }
    return QByteArray::fromBase64(body);
}

QByteArray alphanumeric(const QByteArray &random, int count, const RandomBytes &more)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray out;
    QByteArray pool = random;
    qsizetype i = 0;
    while (out.size() < count) {
        if (i >= pool.size()) {
            pool = more(count);
            i = 0;
            if (pool.isEmpty())
                break;
        }
        const auto b = static_cast<unsigned char>(pool.at(i++));
        if (b < 248)  // 248 = 4 * 62: no modulo bias
            out += alphabet[b % 62];
    }
    return out;
}

}  // namespace

RandomBytes systemRandomBytes()
{
    return [](int count) {
        QByteArray out(count, Qt::Uninitialized);
        QRandomGenerator *g = QRandomGenerator::system();
        for (int i = 0; i < count; ++i)
            out[i] = char(g->bounded(256));
        return out;
    };
}

QByteArray base32(const QByteArray &bytes, bool pad)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QByteArray out;
    quint64 buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 0x1f];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (5 - bits)) & 0x1f];
    if (pad)
        while (out.size() % 8 != 0)
            out += '=';
    return out;
}

QByteArray jsonEscaped(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (const char c : bytes) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out +=
                    QStringLiteral("\\u%1").arg(int(static_cast<unsigned char>(c)), 4, 16, QLatin1Char('0')).toLatin1();
            else
                out += c;
        }
    }
    return out;
}

SecretMaterial::SecretMaterial(const certs::IssuedSecrets &issued, const QList<policy::CasSession> &sessions,
                               const RandomBytes &random)
    : m_issued(issued)
    , m_sessions(sessions)
{
    // ascii and binary values are made once per origin, so an importer reads its exporter's value.
    for (const policy::CasSession &s : sessions)
        for (const policy::CasSecret &secret : s.secrets) {
            if (secret.isImported())
                continue;
            const bool ascii = secret.kind == QLatin1String("ascii");
            const bool binary = secret.kind == QLatin1String("binary");
            if (!ascii && !binary)
                continue;
            const QString key = SecretRef{s.name, secret.name}.toString();
            if (secret.value) {
                if (ascii) {
                    m_plain.insert(key, secret.value->toUtf8());
                    continue;
                }
                QByteArray hex = secret.value->toLatin1();
                hex = hex.simplified().replace(' ', QByteArray());
                const QByteArray bytes = QByteArray::fromHex(hex);
                if (hex.size() % 2 != 0 || bytes.toHex() != hex.toLower()) {
                    Error e =
                        secretError(QStringLiteral("value"),
                                    QStringLiteral("The explicit value of the binary secret `%1` of %2 is not hex.")
                                        .arg(secret.name, s.name));
                    e.file = secret.source.file;
                    e.line = secret.source.line;
                    m_errors << e;
                    continue;
                }
                m_plain.insert(key, bytes);
                continue;
            }
            const int size = secret.size.value_or(20);
            const QByteArray bytes = random ? random(size) : QByteArray();
            m_plain.insert(key, ascii ? alphanumeric(bytes, size, random) : bytes);
        }
}

const policy::CasSession *SecretMaterial::session(const QString &name) const
{
    for (const policy::CasSession &s : m_sessions)
        if (s.name == name)
            return &s;
    return nullptr;
}

Result<QByteArray> SecretMaterial::value(const QString &sessionName, const QString &secret, const QString &format,
                                         const QString &encoding) const
{
    const policy::CasSession *s = session(sessionName);
    const policy::CasSecret *definition = s ? s->secret(secret) : nullptr;
    if (!definition)
        return secretError(QStringLiteral("unknown"),
                           QStringLiteral("%1 names the secret `%2`, which the session %3 neither defines nor imports.")
                               .arg(placeholderText(secret, format, encoding), secret, sessionName));
    Result<QByteArray> result = QByteArray();
    if (const IssuedSecret *issued = m_issued.find(SecretRef{sessionName, secret})) {
        result = issued->isCertificate() ? certificateValue(sessionName, secret, format)
                                         : keyValue(sessionName, secret, format);
    } else {
        // Follow an import to the kind of its origin.
        QString kind = definition->kind;
        QString originSession = sessionName;
        QString originName = secret;
        if (definition->isImported()) {
            originSession = definition->import->sessionAbsolute;
            originName = definition->import->secret.isEmpty() ? secret : definition->import->secret;
            const policy::CasSession *origin = session(originSession);
            const policy::CasSecret *def = origin ? origin->secret(originName) : nullptr;
            if (!def || def->isImported())
                return secretError(QStringLiteral("unresolved-import"),
                                   QStringLiteral("%1: the session %2 imports `%3` from %4, which does not define it.")
                                       .arg(placeholderText(secret, format, encoding), sessionName, secret,
                                            originSession.isEmpty() ? definition->import->session : originSession));
            kind = def->kind;
        }
        if (kind == QLatin1String("ascii") || kind == QLatin1String("binary"))
            result = plainValue(originSession, originName, kind, format);
        else
            return secretError(
                QStringLiteral("kind"),
                QStringLiteral("%1: the local run has no value for the secret `%2` of kind %3 (it issues "
                               "private-key, x509, x509-ca, ascii and binary secrets).")
                    .arg(placeholderText(secret, format, encoding), secret,
                         kind.isEmpty() ? QStringLiteral("(unknown)") : kind));
    }
    if (!result.ok()) {
        Error e = result.error();
        e.message = placeholderText(secret, format, encoding) + QStringLiteral(" in ") + sessionName +
                    QStringLiteral(": ") + e.message;
        return e;
    }
    if (encoding.isEmpty())
        return result;
    if (encoding == QLatin1String("escape(json)"))
        return jsonEscaped(result.value());
    return secretError(QStringLiteral("encoding"),
                       QStringLiteral("%1: unknown encoding `%2` (the session language knows escape(json)).")
                           .arg(placeholderText(secret, format, encoding), encoding));
}

Result<QByteArray> SecretMaterial::certificateValue(const QString &sessionName, const QString &secret,
                                                    const QString &format) const
{
    const SecretRef ref{sessionName, secret};
    const IssuedSecret *s = m_issued.find(ref);
    if (format.isEmpty() || format == QLatin1String(":crt") || format == QLatin1String(":crt:pem") ||
        format == QLatin1String(".crt"))
        return s->certificate.toPem();
    if (format == QLatin1String(":crt:der"))
        return s->certificate.toDer();
    if (format == QLatin1String(".chain"))
        return certs::chainToPem(m_issued.chain(ref), certs::ChainOrder::RootToLeaf);
    if (format == QLatin1String(":chain"))
        return certs::chainToPem(m_issued.chain(ref).mid(1), certs::ChainOrder::LeafToRoot);
    const bool pem = format == QLatin1String(".key") || format == QLatin1String(":privatekey") ||
                     format == QLatin1String(":privatekey:pem") || format == QLatin1String(":privatekey:pkcs8:pem");
    const bool der = format == QLatin1String(":privatekey:der") || format == QLatin1String(":privatekey:pkcs8:der");
    if (!pem && !der)
        return secretError(
            QStringLiteral("format"),
            QStringLiteral("the format `%1` of a certificate is not supported by the local run").arg(format));
    // The session sees the certificate's key only when it holds that key (defines or imports it).
    bool held = false;
    for (const IssuedSecret &k : m_issued.secrets())
        if (k.spec.session == sessionName && k.kind == SecretKind::PrivateKey && k.origin == s->privateKeyOrigin)
            held = true;
    if (!held || s->key.isNull())
        return secretError(QStringLiteral("key-not-held"),
                           QStringLiteral("the session does not hold the private key `%1` of the certificate `%2` "
                                          "(it must define the key or import it too)")
                               .arg(s->privateKeyOrigin.toString(), secret));
    Result<QByteArray> key = s->key.toUnencryptedPkcs8Pem();
    if (!key.ok() || pem)
        return key;
    return pemToDer(key.value());
}

Result<QByteArray> SecretMaterial::keyValue(const QString &sessionName, const QString &secret,
                                            const QString &format) const
{
    const IssuedSecret *s = m_issued.find(SecretRef{sessionName, secret});
    const bool pem = format.isEmpty() || format == QLatin1String(":pem") || format == QLatin1String(":pkcs8:pem");
    const bool der = format == QLatin1String(":der") || format == QLatin1String(":pkcs8:der");
    if (!pem && !der)
        return secretError(
            QStringLiteral("format"),
            QStringLiteral("the format `%1` of a private key is not supported by the local run").arg(format));
    if (s->key.isNull())
        return secretError(QStringLiteral("unissued"), QStringLiteral("the preview issued no key for it"));
    Result<QByteArray> key = s->key.toUnencryptedPkcs8Pem();
    if (!key.ok() || pem)
        return key;
    return pemToDer(key.value());
}

Result<QByteArray> SecretMaterial::plainValue(const QString &originSession, const QString &originName,
                                              const QString &kind, const QString &format) const
{
    const auto it = m_plain.constFind(SecretRef{originSession, originName}.toString());
    if (it == m_plain.cend())
        return secretError(QStringLiteral("unissued"), QStringLiteral("no value could be made for it"));
    const QByteArray &v = *it;
    if (kind == QLatin1String("ascii")) {
        if (!format.isEmpty())
            return secretError(QStringLiteral("format"),
                               QStringLiteral("an ascii secret has no format `%1`").arg(format));
        return v;
    }
    if (format.isEmpty() || format == QLatin1String(":bin"))
        return v;
    if (format == QLatin1String(":hex") || format == QLatin1String(".hex"))
        return v.toHex();
    if (format == QLatin1String(":base64"))
        return v.toBase64();
    if (format == QLatin1String(":base64url"))
        return v.toBase64(QByteArray::Base64UrlEncoding);
    if (format == QLatin1String(":base32"))
        return base32(v, true);
    if (format == QLatin1String(":base32nopad"))
        return base32(v, false);
    return secretError(QStringLiteral("format"), QStringLiteral("a binary secret has no format `%1`").arg(format));
}

Result<QByteArray> SecretMaterial::substitute(const QString &text, const QString &sessionName) const
{
    const QList<policy::SconePlaceholder> found = policy::findSconePlaceholders(text);
    if (found.isEmpty())
        return text.toUtf8();
    QByteArray out;
    qsizetype at = 0;
    for (const policy::SconePlaceholder &p : found) {
        out += QStringView(text).mid(at, p.offset - at).toUtf8();
        // `$$SCONE::name<format>[|encoding]$$`
        const QString body = text.mid(p.offset + kPrefix.size(), p.length - kPrefix.size() - 2);
        const qsizetype bar = body.indexOf(QLatin1Char('|'));
        const QString encoding = bar >= 0 ? body.mid(bar + 1) : QString();
        Result<QByteArray> v = value(sessionName, p.secret, p.format, encoding);
        if (!v.ok())
            return v.error();
        out += v.value();
        at = p.offset + p.length;
    }
    out += QStringView(text).mid(at).toUtf8();
    return out;
}

}  // namespace workbench::models::localrun
