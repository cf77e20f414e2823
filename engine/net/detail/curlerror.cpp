// SPDX-License-Identifier: Apache-2.0
#include "net/detail/curlerror.h"

#include "core/errorcodes.h"

namespace workbench::engine::net::detail {

namespace {
bool mentionsClientCertRejection(const QString &text)
{
    // OpenSSL's names for the alerts a server sends when it refuses (or misses) our certificate.
    for (const char *alert : {"certificate required", "bad certificate", "unknown ca", "certificate unknown",
                              "unsupported certificate", "access denied", "peer did not return a certificate"})
        if (text.contains(QLatin1String(alert), Qt::CaseInsensitive))
            return true;
    return false;
}
}  // namespace

Error toError(const FailedTransfer &f)
{
    const QString detail = f.errorBuffer.isEmpty() ? QString::fromUtf8(curl_easy_strerror(f.code)) : f.errorBuffer;
    auto err = [&](QLatin1String code, const QString &message) { return makeError(QString(code), message, detail); };
    switch (f.code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
        return err(errc::invalidRequest, QStringLiteral("The request is not valid."));
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return err(errc::proxy, QStringLiteral("The proxy could not be used for %1.").arg(f.target));
    case CURLE_COULDNT_RESOLVE_HOST:
        return err(errc::connectFailed, QStringLiteral("The name of %1 could not be resolved.").arg(f.target));
    case CURLE_COULDNT_CONNECT:
        if (f.viaProxy)
            return err(errc::proxy, QStringLiteral("Could not connect to the proxy for %1.").arg(f.target));
        return err(errc::connectFailed, QStringLiteral("Could not connect to %1.").arg(f.target));
    case CURLE_OPERATION_TIMEDOUT:
        if (!f.connected)
            return err(errc::connectTimeout, QStringLiteral("Connecting to %1 timed out.").arg(f.target));
        if (f.idleTimeoutSet && detail.contains(QLatin1String("too slow")))
            return err(errc::idleTimeout, QStringLiteral("%1 sent nothing for too long.").arg(f.target));
        return err(errc::timedOut, QStringLiteral("The request to %1 timed out.").arg(f.target));
    case CURLE_PEER_FAILED_VERIFICATION:
        return err(errc::tlsServer,
                   QStringLiteral("The certificate of %1 is not trusted; nothing was sent.").arg(f.target));
    case CURLE_SSL_CERTPROBLEM:
        return err(errc::invalidRequest, QStringLiteral("The client certificate or its key cannot be used."));
    case CURLE_SSL_CACERT_BADFILE:
        return err(errc::invalidRequest, QStringLiteral("The CA certificates to trust cannot be read."));
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        if (mentionsClientCertRejection(detail))
            return err(
                errc::tlsClientCert,
                QStringLiteral("%1 refused the connection: it requires a client certificate it trusts.").arg(f.target));
        if (f.code == CURLE_SSL_CONNECT_ERROR)
            return err(errc::tlsServer, QStringLiteral("The TLS handshake with %1 failed.").arg(f.target));
        return err(errc::transfer, QStringLiteral("The connection to %1 failed.").arg(f.target));
    case CURLE_WRITE_ERROR:
        if (f.tooLarge)
            return err(errc::tooLarge, QStringLiteral("The response from %1 is larger than allowed.").arg(f.target));
        return err(errc::transfer, QStringLiteral("The response from %1 could not be stored.").arg(f.target));
    default:
        return err(errc::transfer, QStringLiteral("The request to %1 failed.").arg(f.target));
    }
}

}  // namespace workbench::engine::net::detail
