// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeconnection.h"
#include "net/tlsconfig.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

namespace workbench::engine::process {
class Process;
}

namespace workbench::engine::kube {

/// What a request to the API server is sent with: the TLS settings (CA, client certificate
/// and key, server name, the insecure flag) and a bearer token. Shared, immutable.
struct KubeCredentials {
    std::shared_ptr<const net::TlsConfig> tls;
    models::kube::SharedSecret bearerToken;
    /// Where the credentials came from, for messages: "token", "token file", "client
    /// certificate", "exec plugin NAME".
    QString source;
    /// Bumped whenever the credentials change (a new plugin run, a re-read token file).
    quint64 generation = 0;
};

/// The credentials of one KubeConnection, kept current the way client-go does:
///  - a static token or client certificate: as resolved;
///  - a token file: re-read once a minute and after the server refused it (401);
///  - an exec credential plugin (client.authentication.k8s.io/v1 and v1beta1): run through the
///    engine's process runner with KUBERNETES_EXEC_INFO; its output is cached until its
///    expirationTimestamp (without one, until the server answers 401); several requests that
///    need credentials at once wait for one run. A failure carries the plugin's stderr
///    (Error::context.outputTail) and exit code.
///
/// Lives on its owner's thread; callbacks run there, always queued (never from inside acquire()).
class KubeAuth : public QObject
{
    Q_OBJECT

public:
    explicit KubeAuth(models::kube::KubeConnection connection, QObject *parent = nullptr);
    ~KubeAuth() override;

    using Callback = std::function<void(const Result<KubeCredentials> &)>;
    /// The credentials to use now; @p done runs once, queued, unless @p context is destroyed
    /// first.
    void acquire(QObject *context, Callback done);
    /// The server refused @p used with 401: the next acquire() runs the plugin again or
    /// re-reads the token file. Returns true when that can give other credentials (a retry
    /// makes sense).
    bool invalidate(const KubeCredentials &used);

    /// How long the plugin may run before it counts as failed (default 120 s).
    void setExecTimeoutMs(int ms) { m_execTimeoutMs = ms; }
    /// Plugin runs so far (for tests of the cache).
    int execRuns() const { return m_execRuns; }
    /// Time source for expiry (tests); default QDateTime::currentDateTimeUtc.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

private:
    struct Waiter {
        QPointer<QObject> context;
        Callback done;
    };
    void deliver(QObject *context, Callback done, const Result<KubeCredentials> &result);
    void startPlugin();
    void pluginFinished(const Result<KubeCredentials> &result);
    Result<KubeCredentials> staticCredentials();
    KubeCredentials make(QByteArray clientCertPem, models::kube::SharedSecret clientKey,
                         models::kube::SharedSecret token, QString source);

    models::kube::KubeConnection m_connection;
    std::optional<KubeCredentials> m_cached;
    std::optional<QDateTime> m_cachedUntil;  // exec: the plugin's expirationTimestamp
    QDateTime m_tokenReadAt;                 // token file: when it was last read
    quint64 m_generation = 0;
    std::vector<Waiter> m_waiters;  // exec: waiting for the running plugin
    process::Process *m_plugin = nullptr;
    int m_execTimeoutMs = 120000;
    int m_execRuns = 0;
    std::function<QDateTime()> m_clock;
};

}  // namespace workbench::engine::kube
