// SPDX-License-Identifier: Apache-2.0
#include "certs/certificateverifier.h"

#include "certs/opensslerror.h"

namespace workbench::models::certs {

namespace {

struct Collector {
    QList<VerificationProblem> problems;
};

int collectorIndex()
{
    static const int index = X509_STORE_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

bool isIpAddress(const QString &host)
{
    const QByteArray latin = host.toLatin1();
    Asn1OctetStringPtr ip(a2i_IPADDRESS(latin.constData()));
    clearOpenSslErrors();
    return ip != nullptr;
}

int collectingCallback(int ok, X509_STORE_CTX *ctx)
{
    if (ok)
        return 1;
    auto *collector = static_cast<Collector *>(X509_STORE_CTX_get_ex_data(ctx, collectorIndex()));
    const int code = X509_STORE_CTX_get_error(ctx);
    const int depth = X509_STORE_CTX_get_error_depth(ctx);
    const Certificate cert = Certificate::fromHandle(X509_STORE_CTX_get_current_cert(ctx));
    if (collector) {
        VerificationProblem p;
        p.opensslCode = code;
        p.depth = depth;
        p.reason = QString::fromUtf8(X509_verify_cert_error_string(code));
        p.subject = cert.subject();
        p.name = problemNameForCode(code);
        // INVALID_CA covers both "no CA:TRUE" and "CA:TRUE but no keyCertSign"; INVALID_PURPOSE
        // on an issuer that is no CA is the same defect again. Name the actual cause.
        if (code == X509_V_ERR_INVALID_CA && !cert.isNull() && cert.isCa())
            p.name = QStringLiteral("wrong-key-usage");
        if (code == X509_V_ERR_INVALID_PURPOSE && depth > 0 && !cert.isNull() && !cert.isCa())
            p.name = QStringLiteral("ca-flag-missing");
        // One entry per problem and certificate, however often OpenSSL reports it.
        for (const VerificationProblem &q : std::as_const(collector->problems))
            if (q.name == p.name && q.depth == depth)
                return 1;
        collector->problems << p;
    }
    return 1;  // collect and carry on
}

QString describe(const VerificationProblem &p, const QDateTime &now, const Certificate &cert)
{
    const QString who = p.subject.isEmpty() ? QStringLiteral("the certificate") : QStringLiteral("'%1'").arg(p.subject);
    if (p.name == QLatin1String("expired") && !cert.isNull())
        return QStringLiteral("%1 expired on %2 (%3 days ago).")
            .arg(who, cert.notAfter().toString(Qt::ISODate))
            .arg(-cert.daysLeft(now));
    if (p.name == QLatin1String("not-yet-valid") && !cert.isNull())
        return QStringLiteral("%1 is not valid before %2.").arg(who, cert.notBefore().toString(Qt::ISODate));
    if (p.name == QLatin1String("missing-issuer"))
        return QStringLiteral("The issuer of %1 is missing (%2).").arg(who, p.reason);
    if (p.name == QLatin1String("untrusted-root"))
        return QStringLiteral("%1 is self-signed and not among the trusted certificates.").arg(who);
    if (p.name == QLatin1String("ca-flag-missing"))
        return QStringLiteral("%1 issues certificates but is not a CA (basicConstraints CA:TRUE missing).").arg(who);
    if (p.name == QLatin1String("wrong-key-usage")) {
        if (p.opensslCode == X509_V_ERR_INVALID_PURPOSE)
            return QStringLiteral("%1 is not allowed for this use by its key usage / extended key usage (%2).")
                .arg(who, p.reason);
        return QStringLiteral("%1 may not sign certificates: its key usage lacks keyCertSign.").arg(who);
    }
    return QStringLiteral("%1: %2.").arg(who, p.reason);
}

X509StorePtr makeStore(const VerifyOptions &options)
{
    X509StorePtr store(X509_STORE_new());
    if (!store)
        return store;
    for (const Certificate &c : options.trusted)
        if (!c.isNull())
            X509_STORE_add_cert(store.get(), c.handle());  // duplicates are harmless
    if (options.useSystemTrustStore)
        X509_STORE_set_default_paths(store.get());
    clearOpenSslErrors();
    return store;
}

bool setUp(X509_STORE_CTX *ctx, X509_STORE *store, const Certificate &cert, STACK_OF(X509) * untrusted,
           const VerifyOptions &options, const QDateTime &now)
{
    if (X509_STORE_CTX_init(ctx, store, cert.handle(), untrusted) != 1)
        return false;
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_time(param, time_t(now.toSecsSinceEpoch()));
    if (options.partialChain)
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    switch (options.purpose) {
    case VerifyPurpose::Any:
        break;
    case VerifyPurpose::TlsServer:
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
        break;
    case VerifyPurpose::TlsClient:
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
        break;
    }
    return true;
}

bool hostMatches(const Certificate &cert, const QString &host)
{
    const QByteArray latin = host.toUtf8();
    int rc = 0;
    if (isIpAddress(host))
        rc = X509_check_ip_asc(cert.handle(), latin.constData(), 0);
    else
        // As TLS clients do today (RFC 6125, Go, rustls, browsers): the SAN only, never the
        // subject CN, and no partial wildcards such as f*.example.com.
        rc = X509_check_host(cert.handle(), latin.constData(), std::size_t(latin.size()),
                             X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
    clearOpenSslErrors();
    return rc == 1;
}

}  // namespace

bool VerificationResult::hasProblem(const QString &name) const
{
    for (const VerificationProblem &p : problems)
        if (p.name == name)
            return true;
    return false;
}

QStringList VerificationResult::problemNames() const
{
    QStringList out;
    for (const VerificationProblem &p : problems)
        if (!out.contains(p.name))
            out << p.name;
    return out;
}

QString problemNameForCode(int code)
{
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return QStringLiteral("expired");
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return QStringLiteral("not-yet-valid");
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return QStringLiteral("missing-issuer");
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
        return QStringLiteral("untrusted-root");
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_INVALID_NON_CA:
        return QStringLiteral("ca-flag-missing");
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
    case X509_V_ERR_INVALID_PURPOSE:
        return QStringLiteral("wrong-key-usage");
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return QStringLiteral("hostname-mismatch");
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
        return QStringLiteral("bad-signature");
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
        return QStringLiteral("path-length");
    default:
        return QStringLiteral("other");
    }
}

VerificationResult verifyCertificate(const Certificate &cert, const VerifyOptions &options)
{
    VerificationResult result;
    result.checkedHostnames = options.hostnames;
    if (cert.isNull()) {
        result.problems << VerificationProblem{
            QStringLiteral("other"), QStringLiteral("There is no certificate to verify."), {}, 0, -1, {}};
        return result;
    }
    const QDateTime now = (options.clock ? *options.clock : Clock::system()).now();

    X509StackPtr untrusted(sk_X509_new_null());
    for (const Certificate &c : options.untrusted)
        if (!c.isNull() && X509_up_ref(c.handle()) == 1 && !sk_X509_push(untrusted.get(), c.handle()))
            X509_free(c.handle());

    // Run 1 decides: plain X509_verify_cert, no callback.
    bool chainOk = false;
    {
        X509StorePtr store = makeStore(options);
        X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        if (store && ctx && setUp(ctx.get(), store.get(), cert, untrusted.get(), options, now))
            chainOk = X509_verify_cert(ctx.get()) == 1;
        clearOpenSslErrors();
    }

    // Run 2 collects: a callback that records each error and continues.
    Collector collector;
    {
        X509StorePtr store = makeStore(options);
        X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        if (store && ctx && setUp(ctx.get(), store.get(), cert, untrusted.get(), options, now)) {
            X509_STORE_CTX_set_ex_data(ctx.get(), collectorIndex(), &collector);
            X509_STORE_CTX_set_verify_cb(ctx.get(), collectingCallback);
            X509_verify_cert(ctx.get());
            if (STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx.get()))
                for (int i = 0; i < sk_X509_num(chain); ++i)
                    result.chain << Certificate::fromHandle(sk_X509_value(chain, i));
        }
        clearOpenSslErrors();
    }
    if (result.chain.isEmpty())
        result.chain << cert;
    for (VerificationProblem &p : collector.problems) {
        const Certificate concerned =
            p.depth >= 0 && p.depth < result.chain.size() ? result.chain.at(p.depth) : Certificate();
        p.message = describe(p, now, concerned);
        result.problems << p;
    }
    if (!chainOk && collector.problems.isEmpty()) {
        // The strict run failed for a reason the collecting run did not report (should not
        // happen); say so rather than show an unexplained failure.
        result.problems << VerificationProblem{
            QStringLiteral("other"), QStringLiteral("OpenSSL did not verify the chain."), {}, 0, -1, cert.subject()};
    }

    bool hostsOk = true;
    for (const QString &host : options.hostnames) {
        if (hostMatches(cert, host))
            continue;
        hostsOk = false;
        VerificationProblem p;
        p.name = QStringLiteral("hostname-mismatch");
        p.depth = 0;
        p.subject = cert.subject();
        p.reason = QString::fromUtf8(X509_verify_cert_error_string(X509_V_ERR_HOSTNAME_MISMATCH));
        p.opensslCode = X509_V_ERR_HOSTNAME_MISMATCH;
        const QStringList names = cert.subjectAltNames();
        p.message =
            QStringLiteral("'%1' is not valid for %2, which clients dial (it names %3).")
                .arg(p.subject, host,
                     names.isEmpty() ? QStringLiteral("no alternative names") : names.join(QStringLiteral(", ")));
        result.problems << p;
    }
    result.verified = chainOk && hostsOk;
    return result;
}

}  // namespace workbench::models::certs
