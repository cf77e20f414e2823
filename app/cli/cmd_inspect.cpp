// SPDX-License-Identifier: Apache-2.0
// `scone-workbench inspect (FILE | HOST:PORT) [--ca FILE] [--servername NAME] [--json]`: shows a
// certificate file's or a live TLS endpoint's chain and whether it verifies.
#include "cli/cli.h"
#include "cli/commands.h"

#include "certs/certificatefile.h"
#include "certs/certificatelint.h"
#include "certs/certificatetree.h"
#include "certs/certificateverifier.h"
#include "certs/passwordprovider.h"
#include "core/boundedfile.h"
#include "core/displaytext.h"
#include "tls/tlspeerchain.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>

#include <openssl/crypto.h>

#include <termios.h>
#include <unistd.h>

namespace workbench::cli {

namespace {

using namespace workbench::models::certs;
using workbench::engine::tls::TlsEndpoint;
using workbench::engine::tls::TlsPeerChain;

const char kHelp[] = "Usage: scone-workbench inspect (FILE | HOST:PORT) [--ca FILE] [--servername NAME] [--json]\n"
                     "\n"
                     "Prints the certificates of FILE (PEM with one or more certificates, DER, PKCS#12) or the\n"
                     "chain a TLS server at HOST:PORT presents (fetched without trusting it), arranged by issuer,\n"
                     "and verifies each end-entity certificate with every problem named.\n"
                     "\n"
                     "Options:\n"
                     "  --ca FILE            trust the certificates in FILE instead of the system trust store\n"
                     "  --servername NAME    SNI name to send, and the host name the certificate must match\n"
                     "                       (default for HOST:PORT: HOST; for a file no host name is checked)\n"
                     "  --json               machine-readable output\n"
                     "  --timeout SECONDS    connect and handshake timeout for HOST:PORT (default 10)\n"
                     "  --password-file FILE read the PKCS#12 / key password from the first line of FILE\n"
                     "                       (otherwise it is asked on the terminal)\n"
                     "  -h, --help           show this help\n"
                     "\n"
                     "Exit codes: 0 every certificate verifies, 1 one does not (or the input cannot be read),\n"
                     "2 usage error.\n";

/// Password from --password-file (read once, up front, so that a file that cannot be read is
/// reported with its reason), else from the terminal with echo off; never from a dialog.
class CliPasswordProvider final : public PasswordProvider
{
public:
    CliPasswordProvider() = default;
    /// Reads the first line of @p file as the password.
    Status loadFile(const QString &file)
    {
        Result<QByteArray> text = workbench::models::readFileBounded(file, 64 * 1024);
        if (!text.ok())
            return text.error();
        QByteArray &bytes = text.value();
        qsizetype end = bytes.indexOf('\n');
        if (end < 0)
            end = bytes.size();
        while (end > 0 && bytes.at(end - 1) == '\r')
            --end;
        m_filePassword = SecretBytes(bytes.constData(), std::size_t(end));
        OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
        m_fromFile = true;
        return Ok{};
    }
    std::optional<SecretBytes> password(const QString &what, int attempt) override
    {
        if (m_fromFile) {
            if (attempt > 1)
                return std::nullopt;  // the file's password was wrong; asking again gives the same
            return SecretBytes(m_filePassword.data(), std::size_t(m_filePassword.size()));
        }
        if (!::isatty(STDIN_FILENO))
            return std::nullopt;
        err() << "Password for " << what << ": ";
        err().flush();
        termios old{};
        const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
        if (tty) {
            termios quiet = old;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        char buf[1024];
        const bool got = std::fgets(buf, sizeof buf, stdin) != nullptr;
        if (tty)
            ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        err() << '\n';
        err().flush();
        if (!got)
            return std::nullopt;
        std::size_t n = std::strlen(buf);
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            --n;
        SecretBytes s(buf, n);
        OPENSSL_cleanse(buf, sizeof buf);
        return s;
    }

private:
    bool m_fromFile = false;
    SecretBytes m_filePassword;
};

QJsonArray toJson(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject certificateJson(const Certificate &c, const QDateTime &now)
{
    QJsonObject o;
    o[QStringLiteral("subject")] = c.subject();
    o[QStringLiteral("issuer")] = c.issuer();
    o[QStringLiteral("serial")] = c.serialHex();
    o[QStringLiteral("notBefore")] = c.notBefore().toString(Qt::ISODate);
    o[QStringLiteral("notAfter")] = c.notAfter().toString(Qt::ISODate);
    o[QStringLiteral("daysLeft")] = double(c.daysLeft(now));
    o[QStringLiteral("keyAlgorithm")] = c.keyAlgorithm();
    o[QStringLiteral("keyBits")] = c.keyBits();
    o[QStringLiteral("signatureAlgorithm")] = c.signatureAlgorithm();
    o[QStringLiteral("subjectAltNames")] = toJson(c.subjectAltNames());
    o[QStringLiteral("keyUsage")] = toJson(c.keyUsage());
    o[QStringLiteral("extendedKeyUsage")] = toJson(c.extendedKeyUsage());
    o[QStringLiteral("ca")] = c.isCa();
    if (const auto pl = c.pathLength())
        o[QStringLiteral("pathLength")] = double(*pl);
    o[QStringLiteral("selfSigned")] = c.isSelfSigned();
    o[QStringLiteral("subjectKeyId")] = c.subjectKeyId();
    o[QStringLiteral("authorityKeyId")] = c.authorityKeyId();
    o[QStringLiteral("sha256")] = c.fingerprintSha256();
    o[QStringLiteral("sha1")] = c.fingerprintSha1();
    return o;
}

/// Every piece of certificate or server text printed to the terminal goes through here: a
/// remote server chooses its certificate's names (ESC sequences in a SAN would reach the terminal).
QString safe(const QString &untrusted)
{
    return workbench::models::escapeControlCharacters(untrusted);
}

void printCertificate(QTextStream &s, int index, const Certificate &c, const QDateTime &now, const QString &indent)
{
    const qint64 days = c.daysLeft(now);
    QString validity =
        c.notBefore().toString(Qt::ISODate) + QStringLiteral(" .. ") + c.notAfter().toString(Qt::ISODate);
    if (c.isNotYetValidAt(now))
        validity += QStringLiteral("  (NOT YET VALID)");
    else if (c.notAfter().date().year() >= 9999)
        validity += QStringLiteral("  (no expiry)");
    else if (days < 0)
        validity += QStringLiteral("  (EXPIRED %1 days ago)").arg(-days);
    else
        validity += QStringLiteral("  (%1 days left)").arg(days);
    s << indent << '[' << index << "] " << safe(c.subject()) << '\n';
    s << indent << "    issuer      " << safe(c.issuer())
      << (c.isSelfSigned() ? QStringLiteral("  (self-signed)") : QString()) << '\n';
    s << indent << "    serial      " << safe(c.serialHex()) << '\n';
    s << indent << "    validity    " << validity << '\n';
    s << indent << "    key         " << safe(c.keyAlgorithm()) << ' ' << c.keyBits() << " bits, signed "
      << safe(c.signatureAlgorithm()) << '\n';
    if (c.hasSubjectAltName())
        s << indent << "    SAN         " << safe(c.subjectAltNames().join(QStringLiteral(", "))) << '\n';
    if (c.hasKeyUsage())
        s << indent << "    key usage   " << safe(c.keyUsage().join(QStringLiteral(", "))) << '\n';
    if (c.hasExtendedKeyUsage())
        s << indent << "    ext. usage  " << safe(c.extendedKeyUsage().join(QStringLiteral(", "))) << '\n';
    if (c.hasBasicConstraints())
        s << indent << "    basic       CA:" << (c.isCa() ? "TRUE" : "FALSE")
          << (c.pathLength() ? QStringLiteral(", pathlen:%1").arg(*c.pathLength()) : QString()) << '\n';
    if (!c.subjectKeyId().isEmpty())
        s << indent << "    SKI         " << safe(c.subjectKeyId()) << '\n';
    if (!c.authorityKeyId().isEmpty())
        s << indent << "    AKI         " << safe(c.authorityKeyId()) << '\n';
    s << indent << "    SHA-256     " << c.fingerprintSha256() << '\n';
}

void printTree(QTextStream &s, const CertificateTree &tree, int node, int depth)
{
    if (depth > tree.nodes().size())
        return;  // cannot happen for a tree built loop-safe; a guard all the same
    s << QString(2 + depth * 4, QLatin1Char(' ')) << (depth ? "└─ " : "")
      << safe(tree.nodes().at(node).certificate.subject()) << '\n';
    for (int child : tree.nodes().at(node).children)
        printTree(s, tree, child, depth + 1);
}

}  // namespace

int runInspect(const QStringList &args)
{
    QString target, caFile, serverName, passwordFile;
    bool json = false;
    int timeoutSeconds = 10;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&](const char *option, QString *into) -> bool {
            const QString opt = QLatin1String(option);
            if (a.startsWith(opt + QLatin1Char('='))) {
                *into = a.mid(opt.size() + 1);
                return !into->isEmpty();
            }
            if (a != opt || i + 1 >= args.size())
                return false;
            *into = args.at(++i);
            return !into->isEmpty();
        };
        auto is = [&](const char *option) {
            return a == QLatin1String(option) || a.startsWith(QLatin1String(option) + QLatin1Char('='));
        };
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(kHelp);
            out().flush();
            return ExitOk;
        }
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (is("--ca")) {
            if (!value("--ca", &caFile))
                return usageError(QStringLiteral("inspect: --ca needs a FILE"));
        } else if (is("--servername")) {
            if (!value("--servername", &serverName))
                return usageError(QStringLiteral("inspect: --servername needs a NAME"));
        } else if (is("--password-file")) {
            if (!value("--password-file", &passwordFile))
                return usageError(QStringLiteral("inspect: --password-file needs a FILE"));
        } else if (is("--timeout")) {
            QString v;
            bool ok = false;
            if (!value("--timeout", &v) || (timeoutSeconds = v.toInt(&ok), !ok) || timeoutSeconds <= 0 ||
                timeoutSeconds > 3600)
                return usageError(QStringLiteral("inspect: --timeout needs a number of seconds (1-3600)"));
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(QStringLiteral("inspect: unknown option %1").arg(a));
        } else if (!target.isEmpty()) {
            return usageError(QStringLiteral("inspect: more than one FILE or HOST:PORT (%1, %2)").arg(target, a));
        } else {
            target = a;
        }
    }
    if (target.isEmpty())
        return usageError(QStringLiteral("inspect: FILE or HOST:PORT is missing"));
    const bool isFile = QFileInfo::exists(target);
    if (!isFile && !engine::tls::looksLikeHostPort(target))
        return usageError(QStringLiteral("inspect: %1 is neither a file nor HOST:PORT").arg(target));

    auto fail = [&](const Error &e) {
        err() << "scone-workbench: inspect: " << safe(e.toString()) << '\n';
        err().flush();
        if (json) {
            // Scripts reading --json get an answer on every path, failures included.
            QJsonObject error{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}};
            if (!e.detail.isEmpty())
                error[QStringLiteral("detail")] = e.detail;
            const QJsonObject root{{QStringLiteral("source"), target},
                                   {QStringLiteral("error"), error},
                                   {QStringLiteral("verified"), false}};
            out() << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
            out().flush();
        }
        return int(ExitFailure);
    };
    CliPasswordProvider passwords;
    if (!passwordFile.isEmpty())
        if (const Status st = passwords.loadFile(passwordFile); !st.ok())
            return fail(makeError(st.error().code, QStringLiteral("--password-file: ") + st.error().message));
    const QDateTime now = Clock::system().now();

    VerifyOptions verify;
    if (!caFile.isEmpty()) {
        const auto ca = readCertificateFile(caFile, &passwords);
        if (!ca)
            return fail(ca.error());
        if (ca->certificates.isEmpty())
            return fail(
                makeError(QStringLiteral("certs.ca"), QStringLiteral("%1 holds no certificate to trust.").arg(caFile)));
        verify.trusted = ca->certificates;
    } else {
        verify.useSystemTrustStore = true;
    }

    QList<Certificate> certs;
    std::optional<TlsPeerChain> peer;
    QString formatName;
    if (isFile) {
        const auto bundle = readCertificateFile(target, &passwords);
        if (!bundle)
            return fail(bundle.error());
        certs = bundle->certificates;
        formatName = bundle->format;
        if (certs.isEmpty())
            return fail(makeError(QStringLiteral("certs.none"),
                                  QStringLiteral("%1 holds keys but no certificate.").arg(target)));
        if (!serverName.isEmpty()) {
            verify.hostnames << serverName;
            verify.purpose = VerifyPurpose::TlsServer;
        }
    } else {
        auto endpoint = engine::tls::parseTlsEndpoint(target);
        if (!endpoint)
            return usageError(QStringLiteral("inspect: ") + endpoint.error().message);
        endpoint->serverName = serverName;
        endpoint->timeoutMs = timeoutSeconds * 1000;
        auto fetched = engine::tls::fetchPeerChain(*endpoint);
        if (!fetched)
            return fail(fetched.error());
        peer = std::move(fetched).value();
        certs = peer->chain;
        const QString host = serverName.isEmpty() ? endpoint->host : serverName;
        verify.hostnames << host;
        verify.purpose = VerifyPurpose::TlsServer;
    }

    const CertificateTree tree = CertificateTree::build(certs);
    // What to verify: for a TLS endpoint its leaf (what it presents first); for a file every
    // certificate that issued nothing else in it.
    QList<int> targets;
    if (peer) {
        for (int i = 0; i < tree.nodes().size(); ++i)
            if (tree.nodes().at(i).certificate == certs.first())
                targets << i;
    } else {
        targets = tree.leaves();
    }

    struct Outcome {
        int node;
        VerificationResult result;
        QList<LintWarning> lint;
    };
    QList<Outcome> outcomes;
    bool allVerified = true;
    for (int node : std::as_const(targets)) {
        const Certificate leaf = tree.nodes().at(node).certificate;
        VerifyOptions o = verify;
        for (const Certificate &c : std::as_const(certs))
            if (c != leaf)
                o.untrusted << c;
        Outcome outcome{node, verifyCertificate(leaf, o), {}};
        const QList<Certificate> chain = outcome.result.chain;
        CertificateUse use;
        use.tlsServer = peer.has_value() || !serverName.isEmpty();
        outcome.lint = lintCertificate(leaf, chain.size() > 1 ? chain.at(1) : Certificate(), use);
        allVerified = allVerified && outcome.result.verified;
        outcomes << outcome;
    }

    const QString trustText = caFile.isEmpty() ? QStringLiteral("system trust store") : caFile;
    if (json) {
        QJsonObject root;
        root[QStringLiteral("source")] = target;
        root[QStringLiteral("kind")] = peer ? QStringLiteral("tls") : QStringLiteral("file");
        if (peer) {
            QJsonObject t;
            t[QStringLiteral("endpoint")] = peer->endpoint.toString();
            t[QStringLiteral("peerAddress")] = peer->peerAddress;
            t[QStringLiteral("serverName")] = peer->endpoint.effectiveServerName();
            t[QStringLiteral("protocol")] = peer->protocol;
            t[QStringLiteral("cipher")] = peer->cipher;
            if (!peer->handshakeNote.isEmpty())
                t[QStringLiteral("handshakeNote")] = peer->handshakeNote;
            root[QStringLiteral("tls")] = t;
        } else {
            root[QStringLiteral("format")] = formatName;
        }
        root[QStringLiteral("trust")] = trustText;
        QJsonArray list;
        for (int i = 0; i < tree.nodes().size(); ++i) {
            QJsonObject c = certificateJson(tree.nodes().at(i).certificate, now);
            c[QStringLiteral("issuerIndex")] = tree.nodes().at(i).parent;
            list.append(c);
        }
        root[QStringLiteral("certificates")] = list;
        QJsonArray results;
        for (const Outcome &o : std::as_const(outcomes)) {
            QJsonObject r;
            r[QStringLiteral("certificate")] = o.node;
            r[QStringLiteral("verified")] = o.result.verified;
            r[QStringLiteral("hostnames")] = toJson(o.result.checkedHostnames);
            QJsonArray problems;
            for (const VerificationProblem &p : o.result.problems)
                problems.append(QJsonObject{{QStringLiteral("name"), p.name},
                                            {QStringLiteral("message"), p.message},
                                            {QStringLiteral("reason"), p.reason},
                                            {QStringLiteral("depth"), p.depth},
                                            {QStringLiteral("subject"), p.subject}});
            r[QStringLiteral("problems")] = problems;
            QJsonArray lint;
            for (const LintWarning &w : o.lint)
                lint.append(QJsonObject{{QStringLiteral("code"), w.code}, {QStringLiteral("message"), w.message}});
            r[QStringLiteral("lint")] = lint;
            results.append(r);
        }
        root[QStringLiteral("verification")] = results;
        root[QStringLiteral("verified")] = allVerified;
        out() << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
        out().flush();
        return allVerified ? ExitOk : ExitFailure;
    }

    QTextStream &s = out();
    if (peer) {
        s << "Chain presented by " << safe(peer->endpoint.toString()) << " (" << safe(peer->peerAddress);
        if (!peer->protocol.isEmpty())
            s << ", " << safe(peer->protocol) << ", " << safe(peer->cipher);
        const QString sni = peer->endpoint.effectiveServerName();
        s << ", SNI " << (sni.isEmpty() ? QStringLiteral("none") : safe(sni)) << ")\n";
        if (!peer->handshakeNote.isEmpty())
            s << "Note: " << safe(peer->handshakeNote) << '\n';
        for (int i = 0; i < certs.size(); ++i)
            printCertificate(s, i, certs.at(i), now, QStringLiteral("  "));
    } else {
        s << safe(target) << ": " << safe(formatName) << ", " << certs.size()
          << (certs.size() == 1 ? " certificate\n" : " certificates\n");
        for (int i = 0; i < tree.nodes().size(); ++i)
            printCertificate(s, i, tree.nodes().at(i).certificate, now, QStringLiteral("  "));
    }
    s << "\nIssuer tree\n";
    for (int r : tree.roots())
        printTree(s, tree, r, 0);
    s << "\nVerification against " << safe(trustText) << '\n';
    for (const Outcome &o : std::as_const(outcomes)) {
        s << "  " << (o.result.verified ? "OK    " : "FAILED") << "  "
          << safe(tree.nodes().at(o.node).certificate.subject());
        if (!o.result.checkedHostnames.isEmpty())
            s << "  (host " << safe(o.result.checkedHostnames.join(QStringLiteral(", "))) << ")";
        s << '\n';
        for (const VerificationProblem &p : o.result.problems)
            s << "      problem " << safe(p.name) << ": " << safe(p.message) << '\n';
        for (const LintWarning &w : o.lint)
            s << "      warning " << safe(w.code) << ": " << safe(w.message) << '\n';
    }
    s << (allVerified ? "Verified.\n" : "Not verified.\n");
    s.flush();
    return allVerified ? ExitOk : ExitFailure;
}

}  // namespace workbench::cli
