// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatefile.h"

#include "certs/detail/opensslutil.h"
#include "certs/opensslerror.h"
#include "core/boundedfile.h"

#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

namespace workbench::models::certs {

namespace {

constexpr int kMaxAttempts = 3;
constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

struct PasswordSlot {
    const SecretBytes *password = nullptr;
    bool asked = false;  // OpenSSL wanted a password
};

int pemPasswordCallback(char *buf, int size, int /*rwflag*/, void *userdata)
{
    auto *slot = static_cast<PasswordSlot *>(userdata);
    slot->asked = true;
    if (!slot->password || slot->password->size() > size)
        return -1;
    std::memcpy(buf, slot->password->data(), std::size_t(slot->password->size()));
    return slot->password->size();
}

// Positions go into file/line; messages without a position name the source themselves.
Error withSource(Error e, const QString &source, int line = 0)
{
    if (line > 0 && e.line == 0) {
        e.file = source;
        e.line = line;
        e.column = 1;
    }
    return e;
}

QString describeSource(const QString &source, const QString &what)
{
    return source.isEmpty() ? what : QStringLiteral("%1 in %2").arg(what, source);
}

/// Runs @p attempt with no password first (when @p tryEmpty), then with passwords from the
/// provider. @p attempt returns true on success and sets *needsPassword when it failed for
/// lack of (the right) password.
template<typename Attempt>
Result<Ok> withPasswords(PasswordProvider *provider, const QString &what, bool tryEmpty, Attempt attempt)
{
    bool needsPassword = false;
    if (tryEmpty) {
        if (attempt(nullptr, &needsPassword))
            return Ok{};
        if (!needsPassword)
            return Ok{};  // failed for another reason: the caller reports it
    }
    if (!provider)
        return makeError(QStringLiteral("certs.password.needed"),
                         QStringLiteral("%1 is password-protected and no password was given.").arg(what));
    auto wrong = [&what](int attempts) {
        return makeError(QStringLiteral("certs.password.wrong"),
                         attempts == 1
                             ? QStringLiteral("Wrong password for %1.").arg(what)
                             : QStringLiteral("Wrong password for %1 (%2 attempts).").arg(what).arg(attempts));
    };
    for (int i = 1; i <= kMaxAttempts; ++i) {
        std::optional<SecretBytes> pw = provider->password(what, i);
        if (!pw) {
            // Giving up after a wrong password is still a wrong password (e.g. a password file).
            if (i > 1)
                return wrong(i - 1);
            return makeError(QStringLiteral("certs.password.cancelled"),
                             QStringLiteral("No password was entered for %1.").arg(what));
        }
        needsPassword = false;
        if (attempt(&*pw, &needsPassword))
            return Ok{};
        if (!needsPassword)
            return Ok{};
    }
    return wrong(kMaxAttempts);
}

/// What a PKCS#12 file holds, read bag by bag.
struct Pkcs12Contents {
    EvpPkeyPtr key;
    std::vector<X509Ptr> certificates;
};

/// OpenSSL 3.0's PKCS12_parse insists on a MAC as soon as a password is given, so files written
/// with `openssl pkcs12 -nomac` are read bag by bag here. False when a bag does not decrypt
/// with @p pass (the wrong password) or the structure is broken.
bool readPkcs12WithoutMac(PKCS12 *p12, const char *pass, int passLength, Pkcs12Contents *out)
{
    STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
    if (!safes)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < sk_PKCS7_num(safes); ++i) {
        PKCS7 *p7 = sk_PKCS7_value(safes, i);
        STACK_OF(PKCS12_SAFEBAG) *bags = nullptr;
        if (PKCS7_type_is_data(p7))
            bags = PKCS12_unpack_p7data(p7);
        else if (PKCS7_type_is_encrypted(p7))
            bags = PKCS12_unpack_p7encdata(p7, pass, passLength);
        if (!bags) {
            ok = false;
            break;
        }
        for (int j = 0; ok && j < sk_PKCS12_SAFEBAG_num(bags); ++j) {
            const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, j);
            const int nid = PKCS12_SAFEBAG_get_nid(bag);
            if (nid == NID_keyBag || nid == NID_pkcs8ShroudedKeyBag) {
                PKCS8_PRIV_KEY_INFO *decrypted =
                    nid == NID_pkcs8ShroudedKeyBag ? PKCS12_decrypt_skey(bag, pass, passLength) : nullptr;
                const PKCS8_PRIV_KEY_INFO *p8 = nid == NID_keyBag ? PKCS12_SAFEBAG_get0_p8inf(bag) : decrypted;
                EvpPkeyPtr key(p8 ? EVP_PKCS82PKEY(p8) : nullptr);
                PKCS8_PRIV_KEY_INFO_free(decrypted);
                ok = bool(key);
                if (ok && !out->key)
                    out->key = std::move(key);
            } else if (nid == NID_certBag && PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
                if (X509 *cert = PKCS12_SAFEBAG_get1_cert(bag))
                    out->certificates.emplace_back(cert);
            }
        }
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
    sk_PKCS7_pop_free(safes, PKCS7_free);
    return ok;
}

Status parsePkcs12(PKCS12 *p12, PasswordProvider *provider, const QString &source, CertificateBundle &out)
{
    const QString what = describeSource(source, QStringLiteral("the PKCS#12 data"));
    std::optional<SecretBytes> good;
    bool goodIsNull = false;
    const bool hasMac = PKCS12_mac_present(p12) == 1;
    auto tryPassword = [&](const SecretBytes *pw, bool *needsPassword) -> bool {
        bool ok = false;
        if (!hasMac) {
            // Nothing to check the password against: whether the bags decrypt is the test.
            Pkcs12Contents probe;
            ok = readPkcs12WithoutMac(p12, pw ? pw->data() : "", pw ? int(pw->size()) : 0, &probe);
        } else if (!pw) {
            ok = PKCS12_verify_mac(p12, nullptr, 0) == 1;
            if (ok)
                goodIsNull = true;
            else
                ok = PKCS12_verify_mac(p12, "", 0) == 1;
        } else {
            ok = PKCS12_verify_mac(p12, pw->data(), pw->size()) == 1;
        }
        clearOpenSslErrors();
        if (ok && pw)
            good = SecretBytes(pw->data(), std::size_t(pw->size()));
        *needsPassword = !ok;
        return ok;
    };
    const auto status = withPasswords(provider, what, true, tryPassword);
    if (!status)
        return status.error();

    if (!hasMac) {
        Pkcs12Contents contents;
        if (!readPkcs12WithoutMac(p12, good ? good->data() : "", good ? int(good->size()) : 0, &contents))
            return openSslError(QStringLiteral("certs.pkcs12.parse"), QStringLiteral("Cannot read %1.").arg(what));
        out.format = QStringLiteral("PKCS#12");
        out.notes << QStringLiteral("%1 has no integrity check (MAC): it was written with -nomac.").arg(what);
        // The certificate of the key first, as PKCS12_parse orders them.
        std::stable_partition(contents.certificates.begin(), contents.certificates.end(), [&](const X509Ptr &c) {
            return contents.key && X509_check_private_key(c.get(), contents.key.get()) == 1;
        });
        clearOpenSslErrors();
        for (X509Ptr &c : contents.certificates)
            out.certificates << Certificate(std::move(c));
        if (contents.key)
            out.keys << PrivateKey(std::move(contents.key));
        if (out.certificates.isEmpty() && out.keys.isEmpty())
            return makeError(QStringLiteral("certs.pkcs12.parse"),
                             QStringLiteral("%1 holds neither a certificate nor a key.").arg(what));
        return Ok{};
    }

    EVP_PKEY *pkey = nullptr;
    X509 *cert = nullptr;
    STACK_OF(X509) *ca = nullptr;
    const char *pass = good ? good->data() : (goodIsNull ? nullptr : "");
    if (PKCS12_parse(p12, pass, &pkey, &cert, &ca) != 1) {
        Error e = openSslError(QStringLiteral("certs.pkcs12.parse"), QStringLiteral("Cannot read %1.").arg(what));
        if (e.detail.contains(QLatin1String("unsupported")))
            e.message +=
                QStringLiteral(" It uses an algorithm OpenSSL 3 only has in its legacy provider (RC2 or 3DES); "
                               "re-export it with AES (openssl pkcs12 -export).");
        return e;
    }
    EvpPkeyPtr keyGuard(pkey);
    X509Ptr certGuard(cert);
    X509StackPtr caGuard(ca);
    out.format = QStringLiteral("PKCS#12");
    if (certGuard)
        out.certificates << Certificate(std::move(certGuard));
    for (int i = 0; caGuard && i < sk_X509_num(caGuard.get()); ++i)
        out.certificates << Certificate::fromHandle(sk_X509_value(caGuard.get(), i));
    if (keyGuard)
        out.keys << PrivateKey(std::move(keyGuard));
    if (out.certificates.isEmpty() && out.keys.isEmpty())
        return makeError(QStringLiteral("certs.pkcs12.parse"),
                         QStringLiteral("%1 holds neither a certificate nor a key.").arg(what));
    return Ok{};
}

void appendPkcs7(PKCS7 *p7, CertificateBundle &out)
{
    STACK_OF(X509) *certs = nullptr;
    if (PKCS7_type_is_signed(p7) && p7->d.sign)
        certs = p7->d.sign->cert;
    else if (PKCS7_type_is_signedAndEnveloped(p7) && p7->d.signed_and_enveloped)
        certs = p7->d.signed_and_enveloped->cert;
    for (int i = 0; certs && i < sk_X509_num(certs); ++i)
        out.certificates << Certificate::fromHandle(sk_X509_value(certs, i));
}

Result<CertificateBundle> parseDer(const QByteArray &data, PasswordProvider *provider, const QString &source)
{
    CertificateBundle out;
    const auto *begin = reinterpret_cast<const unsigned char *>(data.constData());
    const long size = long(data.size());

    {
        const unsigned char *p = begin;
        X509Ptr cert(d2i_X509(nullptr, &p, size));
        if (cert) {
            out.format = QStringLiteral("DER");
            if (p != begin + size)
                out.notes << QStringLiteral("%1 bytes after the DER certificate were ignored.").arg(begin + size - p);
            out.certificates << Certificate(std::move(cert));
            return out;
        }
    }
    clearOpenSslErrors();
    {
        const unsigned char *p = begin;
        Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, size));
        if (p12) {
            clearOpenSslErrors();
            if (auto status = parsePkcs12(p12.get(), provider, source, out); !status)
                return withSource(status.error(), source);
            return out;
        }
    }
    clearOpenSslErrors();
    {
        const unsigned char *p = begin;
        Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, size));
        if (p7) {
            out.format = QStringLiteral("PKCS#7");
            appendPkcs7(p7.get(), out);
            if (!out.certificates.isEmpty())
                return out;
        }
    }
    clearOpenSslErrors();
    {
        const unsigned char *p = begin;
        EvpPkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, size));
        if (key) {
            out.format = QStringLiteral("DER");
            out.keys << PrivateKey(std::move(key));
            return out;
        }
    }
    clearOpenSslErrors();
    // Report why the most likely reading (a DER certificate) failed.
    const unsigned char *p = begin;
    X509Ptr again(d2i_X509(nullptr, &p, size));
    return withSource(openSslError(QStringLiteral("certs.format"),
                                   QStringLiteral("%1 is not a certificate: neither PEM, DER nor PKCS#12 (%2 bytes).")
                                       .arg(describeSource(source, QStringLiteral("The data")))
                                       .arg(data.size())),
                      source);
}

struct PemBlock {
    QByteArray label;
    QByteArray text;  // BEGIN line .. END line
    int line = 0;     // 1-based line of BEGIN
};

Result<QList<PemBlock>> splitPem(const QByteArray &data, const QString &source)
{
    QList<PemBlock> blocks;
    const QList<QByteArray> lines = data.split('\n');
    std::optional<PemBlock> open;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (!open) {
            if (line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.size() > 16) {
                open = PemBlock{line.mid(11, line.size() - 16), line + '\n', int(i + 1)};
            }
            continue;
        }
        open->text += line + '\n';
        if (line.startsWith("-----END ")) {
            const QByteArray label = line.mid(9, line.size() - 14);
            if (!line.endsWith("-----") || label != open->label) {
                Error e = makeError(
                    QStringLiteral("certs.pem.invalid"),
                    QStringLiteral("The %1 block that begins on line %2 ends with a mismatched END line on line %3.")
                        .arg(QString::fromLatin1(open->label))
                        .arg(open->line)
                        .arg(i + 1));
                return withSource(e, source, int(i + 1));
            }
            blocks << *open;
            open.reset();
        } else if (line.startsWith("-----BEGIN ")) {
            Error e = makeError(
                QStringLiteral("certs.pem.truncated"),
                QStringLiteral("The %1 block that begins on line %2 has no END line before the next block on line %3: "
                               "the PEM data is truncated.")
                    .arg(QString::fromLatin1(open->label))
                    .arg(open->line)
                    .arg(i + 1));
            return withSource(e, source, open->line);
        }
    }
    if (open) {
        Error e =
            makeError(QStringLiteral("certs.pem.truncated"),
                      QStringLiteral("The %1 block that begins on line %2 has no END line: the PEM data is truncated.")
                          .arg(QString::fromLatin1(open->label))
                          .arg(open->line));
        return withSource(e, source, open->line);
    }
    return blocks;
}

Result<CertificateBundle> parsePem(const QByteArray &data, PasswordProvider *provider, const QString &source)
{
    const auto blocks = splitPem(data, source);
    if (!blocks)
        return blocks.error();
    CertificateBundle out;
    out.format = QStringLiteral("PEM");
    for (const PemBlock &b : *blocks) {
        auto invalid = [&](const QString &what) {
            return withSource(openSslError(QStringLiteral("certs.pem.invalid"),
                                           QStringLiteral("The %1 block that begins on line %2 does not decode as %3.")
                                               .arg(QString::fromLatin1(b.label))
                                               .arg(b.line)
                                               .arg(what)),
                              source, b.line);
        };
        BioPtr bio = detail::memoryBio(b.text);
        if (b.label == "CERTIFICATE" || b.label == "X509 CERTIFICATE" || b.label == "TRUSTED CERTIFICATE") {
            X509Ptr cert(PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
            if (!cert)
                return invalid(QStringLiteral("a certificate"));
            out.certificates << Certificate(std::move(cert));
        } else if (b.label == "PKCS7") {
            Pkcs7Ptr p7(PEM_read_bio_PKCS7(bio.get(), nullptr, nullptr, nullptr));
            if (!p7)
                return invalid(QStringLiteral("PKCS#7"));
            appendPkcs7(p7.get(), out);
        } else if (b.label == "PRIVATE KEY" || b.label == "ENCRYPTED PRIVATE KEY" || b.label == "RSA PRIVATE KEY" ||
                   b.label == "EC PRIVATE KEY") {
            const bool encrypted = b.label == "ENCRYPTED PRIVATE KEY" || b.text.contains("Proc-Type: 4,ENCRYPTED");
            EvpPkeyPtr key;
            if (!encrypted) {
                PasswordSlot slot;
                key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, pemPasswordCallback, &slot));
                if (!key)
                    return invalid(QStringLiteral("a private key"));
            } else {
                const QString what =
                    describeSource(source, QStringLiteral("the encrypted private key on line %1").arg(b.line));
                const auto status =
                    withPasswords(provider, what, false, [&](const SecretBytes *pw, bool *needsPassword) {
                        BioPtr again = detail::memoryBio(b.text);
                        PasswordSlot slot{pw, false};
                        key.reset(PEM_read_bio_PrivateKey(again.get(), nullptr, pemPasswordCallback, &slot));
                        clearOpenSslErrors();
                        *needsPassword = !key;
                        return bool(key);
                    });
                if (!status)
                    return withSource(status.error(), source, b.line);
            }
            out.keys << PrivateKey(std::move(key));
        } else {
            out.notes
                << QStringLiteral("Skipped the %1 block on line %2.").arg(QString::fromLatin1(b.label)).arg(b.line);
        }
    }
    if (out.certificates.isEmpty() && out.keys.isEmpty()) {
        Error e = makeError(QStringLiteral("certs.pem.nothing"),
                            blocks->isEmpty() ? QStringLiteral("The PEM data has no complete block.")
                                              : QStringLiteral("The PEM data holds no certificate or private key (%1).")
                                                    .arg(out.notes.join(QLatin1Char(' '))));
        return withSource(e, source);
    }
    return out;
}

bool looksLikeBase64(const QByteArray &data)
{
    int significant = 0;
    for (char c : data) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        const bool b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                         c == '/' || c == '=';
        if (!b64)
            return false;
        ++significant;
    }
    return significant >= 16;
}

}  // namespace

Result<CertificateBundle> parseCertificateData(const QByteArray &data, PasswordProvider *passwords,
                                               const QString &sourceName)
{
    clearOpenSslErrors();
    if (data.trimmed().isEmpty())
        return withSource(
            makeError(QStringLiteral("certs.empty"),
                      QStringLiteral("%1 is empty.").arg(describeSource(sourceName, QStringLiteral("The data")))),
            sourceName);
    if (data.contains("-----BEGIN "))
        return parsePem(data, passwords, sourceName);
    if (looksLikeBase64(data)) {
        const auto decoded = QByteArray::fromBase64Encoding(data.simplified().replace(' ', QByteArray()),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && !decoded.decoded.isEmpty()) {
            auto bundle = parseDer(decoded.decoded, passwords, sourceName);
            if (bundle)
                bundle->notes << QStringLiteral("Read as base64 without PEM armour.");
            return bundle;
        }
    }
    return parseDer(data, passwords, sourceName);
}

Result<CertificateBundle> readCertificateFile(const QString &path, PasswordProvider *passwords)
{
    const Result<QByteArray> data = readFileBounded(path, kMaxFileSize);
    if (!data.ok())
        return data.error();
    return parseCertificateData(data.value(), passwords, QFileInfo(path).fileName());
}

}  // namespace workbench::models::certs
