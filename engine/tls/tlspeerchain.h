// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "core/result.h"
#include "tls/tlsendpoint.h"

#include <QList>
#include <QString>

#include <atomic>

namespace workbench::engine::tls {

/// What a TLS server presented.
struct TlsPeerChain {
    TlsEndpoint endpoint;
    QString peerAddress;                      ///< the address connected to
    QString protocol;                         ///< "TLSv1.3"
    QString cipher;                           ///< "TLS_AES_256_GCM_SHA384"
    QList<models::certs::Certificate> chain;  ///< as presented, leaf first
    /// Set when the handshake failed after the server had sent its certificates (e.g. it wants
    /// a client certificate): the chain is still shown, with this reason.
    QString handshakeNote;
};

/// Connects to @p endpoint, sends SNI, completes the TLS handshake without verifying anything
/// (no trust is needed to look) and returns the certificate chain the server presents.
/// Blocking, bounded by endpoint.timeoutMs (connect + handshake; name resolution uses the
/// system resolver) and by @p cancel, which is polled every 100 ms. Run it off the UI thread
/// (TlsChainFetcher does). Errors: tls.resolve, tls.connect, tls.timeout, tls.handshake,
/// tls.no_certificate, and the one "cancelled" (Error::cancelled()); the OpenSSL error queue is
/// in Error::detail.
Result<TlsPeerChain> fetchPeerChain(const TlsEndpoint &endpoint, const std::atomic<bool> *cancel = nullptr);

}  // namespace workbench::engine::tls
