// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeconnection.h"
#include "kube/kubeobjects.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace workbench::engine::net {
class HttpClient;
}

namespace workbench::engine::kube {

class KubeAuth;
struct KubeCallState;

/// Handle to one request of a KubeClient. Copyable; cancel() is thread-safe, idempotent and
/// safe after the client is gone. The request's callback then reports Error::cancelled()
/// (unless it had finished already).
class KubeCall
{
public:
    KubeCall() = default;
    bool isValid() const { return bool(m_state); }
    void cancel() const;

private:
    friend class KubeClient;
    explicit KubeCall(std::shared_ptr<KubeCallState> state)
        : m_state(std::move(state))
    {}
    std::shared_ptr<KubeCallState> m_state;
};

/// PodLogOptions: what `kubectl logs` asks for.
struct PodLogOptions {
    QString container;  ///< required when the pod has several containers
    bool follow = false;
    bool previous = false;  ///< the previous (terminated) instance of the container
    bool timestamps = false;
    std::optional<qint64> sinceSeconds;
    /// Nanoseconds since the epoch (UTC). The API server cuts it to whole seconds.
    std::optional<qint64> sinceTime;
    std::optional<qint64> tailLines;
    std::optional<qint64> limitBytes;
};

/// Callbacks of a streaming request (a log follow), on the context object's thread: onOpen
/// once when the API server accepted it (HTTP 2xx), onData per batch of body bytes, onDone
/// exactly once (Ok at the end of the body; a Status error such as kube.bad_request with the
/// API server's message; a net.* error; Error::isCancelled() after cancel()).
struct KubeStreamHandler {
    std::function<void()> onOpen;
    std::function<void(QByteArray)> onData;
    std::function<void(const Status &)> onDone;
};

/// One event of a pod watch.
struct PodWatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark };
    Type type = Type::Added;
    models::kube::KubePod pod;  ///< for a Bookmark, only meta.resourceVersion is set
};

/// Callbacks of a watch: onEvent per event, onDone once. An ERROR event ends the watch with
/// its Status as the error (kube.gone for "too old resource version": list again).
struct PodWatchHandler {
    std::function<void()> onOpen;  ///< the API server accepted the watch
    std::function<void(const PodWatchEvent &)> onEvent;
    std::function<void(const Status &)> onDone;
};

/// The Kubernetes API client of the workbench: typed calls for what the Logs area, the `logs`
/// command and the Build & Deploy pipeline need, on the engine's one HttpClient (every
/// request and stream on its single I/O thread, HTTP/2 multiplexed where the server offers
/// it). Authentication from the KubeConnection (see KubeAuth: token, token file, client
/// certificate, exec plugin; a 401 refreshes refreshable credentials and retries once).
///
/// Non-2xx answers become Errors with the API server's Status message and a code from
/// core/errorcodes.h (kube.not_found, kube.already_exists, kube.conflict, kube.gone,
/// kube.forbidden, kube.unauthorized, kube.invalid, ...).
///
/// Threading: the client lives on its owner's thread; call it there, and give context objects
/// that live there too. Every callback runs on that thread, queued (never from inside the
/// call that starts the request), exactly once unless the context object is destroyed first
/// (then nothing is delivered and the request is dropped). Destroying the client cancels
/// nothing by itself: cancel calls or destroy their context objects.
class KubeClient : public QObject
{
    Q_OBJECT

public:
    KubeClient(net::HttpClient &http, models::kube::KubeConnection connection, QObject *parent = nullptr);
    ~KubeClient() override;

    const models::kube::KubeConnection &connection() const { return m_connection; }
    /// The namespace of the connection (-n, else the context's, else "default").
    QString defaultNamespace() const { return m_connection.namespaceName; }
    KubeAuth &auth() { return *m_auth; }

    /// Timeout of a whole non-streaming request (default 60 s).
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }

    template<typename T> using Callback = std::function<void(const Result<T> &)>;

    // --- pods ----------------------------------------------------------------------------
    KubeCall getPod(const QString &ns, const QString &name, QObject *context, Callback<models::kube::KubePod> done);
    /// Pods matching @p labelSelector ("app.kubernetes.io/instance=web,tier in (a,b)"; empty:
    /// all) in @p ns.
    KubeCall listPods(const QString &ns, const QString &labelSelector, QObject *context,
                      Callback<models::kube::KubePodList> done);
    /// A watch from @p resourceVersion (empty: the current pods as Added first). The server
    /// ends it after @p timeoutSeconds (0: the server's default); resume from the last event's
    /// resourceVersion. See PodWatcher for list + watch + resume + relist in one.
    KubeCall watchPods(const QString &ns, const QString &labelSelector, const QString &resourceVersion,
                       QObject *context, PodWatchHandler handler, int timeoutSeconds = 0);
    /// A container's log as it arrives (GET .../pods/NAME/log).
    KubeCall streamPodLogs(const QString &ns, const QString &pod, const PodLogOptions &options, QObject *context,
                           KubeStreamHandler handler);

    // --- namespaces ----------------------------------------------------------------------
    KubeCall getNamespace(const QString &name, QObject *context, Callback<models::kube::KubeNamespace> done);
    KubeCall createNamespace(const QString &name, const QMap<QString, QString> &labels, QObject *context,
                             Callback<models::kube::KubeNamespace> done);
    /// Gets the namespace, creating it when it does not exist (a concurrent create counts as
    /// existing). @p done gets the namespace and whether this call created it.
    KubeCall ensureNamespace(const QString &name, const QMap<QString, QString> &labels, QObject *context,
                             std::function<void(const Result<models::kube::KubeNamespace> &, bool created)> done);

    // --- secrets -------------------------------------------------------------------------
    KubeCall getSecret(const QString &ns, const QString &name, QObject *context,
                       Callback<models::kube::KubeSecret> done);
    /// POST of a Secret object (JSON, e.g. models::build::pullSecretObject() for a
    /// kubernetes.io/dockerconfigjson pull secret). kube.already_exists when it exists.
    KubeCall createSecret(const QString &ns, models::kube::SharedSecret secretJson, QObject *context,
                          Callback<models::kube::KubeObjectMeta> done);
    /// PUT of a Secret object; without metadata.resourceVersion in the object it replaces
    /// whatever is there, with it kube.conflict when the secret changed since.
    KubeCall replaceSecret(const QString &ns, const QString &name, models::kube::SharedSecret secretJson,
                           QObject *context, Callback<models::kube::KubeObjectMeta> done);
    /// Create, or replace when it exists. @p done gets the stored metadata and whether it was
    /// created.
    KubeCall applySecret(const QString &ns, const QString &name, models::kube::SharedSecret secretJson,
                         QObject *context,
                         std::function<void(const Result<models::kube::KubeObjectMeta> &, bool created)> done);

    // --- anything else -------------------------------------------------------------------
    /// A request to @p path ("/api/v1/namespaces/x/configmaps") with an encoded query
    /// ("a=1&b=2"), a JSON body (may be empty), answered with a JSON object.
    KubeCall requestJson(const QByteArray &method, const QString &path, const QString &query, const QByteArray &body,
                         QObject *context, Callback<QJsonObject> done);

    /// "/api/v1/namespaces/NS/pods/NAME" with each segment percent-encoded.
    static QString path(std::initializer_list<QString> segments);
    /// Encodes name=value pairs for a query string (values percent-encoded).
    static QString query(const QList<QPair<QString, QString>> &items);

private:
    struct Request;
    using BodyCallback = std::function<void(const Result<QByteArray> &)>;
    void startBuffered(const std::shared_ptr<KubeCallState> &state, std::shared_ptr<const Request> request,
                       QObject *context, BodyCallback done, bool retried = false);
    void startStreaming(const std::shared_ptr<KubeCallState> &state, std::shared_ptr<const Request> request,
                        QObject *context, std::shared_ptr<KubeStreamHandler> handler, bool retried = false);
    std::shared_ptr<const Request> makeRequest(QByteArray method, QString path, QString query = {},
                                               QByteArray body = {}, models::kube::SharedSecret secretBody = {});

    net::HttpClient &m_http;
    models::kube::KubeConnection m_connection;
    KubeAuth *m_auth = nullptr;
    int m_requestTimeoutMs = 60000;
    QByteArray m_userAgent;
};

}  // namespace workbench::engine::kube
