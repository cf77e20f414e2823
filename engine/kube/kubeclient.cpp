// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeclient.h"

#include "core/errorcodes.h"
#include "kube/kubeauth.h"
#include "kube/kubestatus.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMutex>
#include <QPointer>
#include <QUrl>

namespace workbench::engine::kube {

using models::kube::KubeNamespace;
using models::kube::KubeObjectMeta;
using models::kube::KubePod;
using models::kube::KubePodList;
using models::kube::KubeSecret;
using models::kube::SharedSecret;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("KubeClient", text);
}

QString formatSinceTime(qint64 nanos)
{
    const qint64 secs = nanos >= 0 ? nanos / 1'000'000'000 : (nanos - 999'999'999) / 1'000'000'000;
    const qint64 frac = nanos - secs * 1'000'000'000;
    QString s = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (frac != 0)
        s += QLatin1Char('.') + QStringLiteral("%1").arg(frac, 9, 10, QLatin1Char('0'));
    return s + QLatin1Char('Z');
}

}  // namespace

/// The shared state of one KubeCall (possibly several HTTP requests in a row: a retry after a
/// 401, get-then-create).
struct KubeCallState {
    QMutex mutex;
    net::HttpCall http;      // guarded by mutex
    bool cancelled = false;  // guarded by mutex

    bool isCancelled()
    {
        QMutexLocker l(&mutex);
        return cancelled;
    }
    void setHttp(const net::HttpCall &call)
    {
        QMutexLocker l(&mutex);
        http = call;
        if (cancelled) {
            l.unlock();
            call.cancel();
        }
    }
};

void KubeCall::cancel() const
{
    if (!m_state)
        return;
    net::HttpCall http;
    {
        QMutexLocker l(&m_state->mutex);
        m_state->cancelled = true;
        http = m_state->http;
    }
    http.cancel();
}

struct KubeClient::Request {
    QByteArray method;
    QString path;
    QString query;
    QByteArray body;
    SharedSecret secretBody;
};

KubeClient::KubeClient(net::HttpClient &http, models::kube::KubeConnection connection, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_connection(std::move(connection))
    , m_auth(new KubeAuth(m_connection, this))
    , m_userAgent("scone-workbench/" + QCoreApplication::applicationVersion().toUtf8() + " (linux)")
{
    if (m_userAgent.startsWith("scone-workbench/ "))
        m_userAgent = "scone-workbench (linux)";
}

KubeClient::~KubeClient() = default;

QString KubeClient::path(std::initializer_list<QString> segments)
{
    QString p;
    for (const QString &s : segments)
        p += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(s));
    return p;
}

QString KubeClient::query(const QList<QPair<QString, QString>> &items)
{
    QString q;
    for (const auto &item : items) {
        if (!q.isEmpty())
            q += QLatin1Char('&');
        q += QString::fromLatin1(QUrl::toPercentEncoding(item.first)) + QLatin1Char('=') +
             QString::fromLatin1(QUrl::toPercentEncoding(item.second));
    }
    return q;
}

std::shared_ptr<const KubeClient::Request> KubeClient::makeRequest(QByteArray method, QString path, QString query,
                                                                   QByteArray body, SharedSecret secretBody)
{
    auto r = std::make_shared<Request>();
    r->method = std::move(method);
    r->path = std::move(path);
    r->query = std::move(query);
    r->body = std::move(body);
    r->secretBody = std::move(secretBody);
    return r;
}

namespace {

net::HttpRequest httpRequest(const models::kube::KubeConnection &connection, const QByteArray &userAgent,
                             const KubeCredentials &creds, const QByteArray &method, const QString &path,
                             const QString &query, const QByteArray &body, const SharedSecret &secretBody)
{
    QUrl url(connection.server, QUrl::StrictMode);
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::StrictMode);
    if (!query.isEmpty())
        url.setQuery(query, QUrl::StrictMode);
    net::HttpRequest r(method, url);
    r.header("Accept", "application/json");
    r.header("User-Agent", userAgent);
    if (!body.isEmpty() || secretBody)
        r.header("Content-Type", "application/json");
    r.body = body;
    r.secretBody = secretBody;
    r.tls = creds.tls;
    r.bearerToken = creds.bearerToken;
    if (!connection.proxyUrl.isEmpty())
        r.proxy = connection.proxyUrl;
    return r;
}

}  // namespace

void KubeClient::startBuffered(const std::shared_ptr<KubeCallState> &state, std::shared_ptr<const Request> request,
                               QObject *context, BodyCallback done, bool retried)
{
    QPointer<KubeClient> self(this);
    m_auth->acquire(context, [self, state, request, context, done, retried](const Result<KubeCredentials> &creds) {
        if (state->isCancelled()) {
            done(Error::cancelled());
            return;
        }
        if (!self) {
            done(Error::cancelled(tr("The Kubernetes client is gone.")));
            return;
        }
        if (!creds) {
            done(creds.error());
            return;
        }
        net::HttpRequest r = httpRequest(self->m_connection, self->m_userAgent, creds.value(), request->method,
                                         request->path, request->query, request->body, request->secretBody);
        r.totalTimeoutMs = self->m_requestTimeoutMs;
        const KubeCredentials used = creds.value();
        const net::HttpCall call = self->m_http.send(
            r, context, [self, state, request, context, done, retried, used](const Result<net::HttpResponse> &res) {
                if (!res) {
                    done(res.error());
                    return;
                }
                const int status = res->head.status;
                if (status == 401 && !retried && self && self->m_auth->invalidate(used)) {
                    self->startBuffered(state, request, context, done, true);
                    return;
                }
                if (status < 200 || status >= 300) {
                    done(statusError(status, res->body));
                    return;
                }
                done(res->body);
            });
        state->setHttp(call);
    });
}

void KubeClient::startStreaming(const std::shared_ptr<KubeCallState> &state, std::shared_ptr<const Request> request,
                                QObject *context, std::shared_ptr<KubeStreamHandler> handler, bool retried)
{
    QPointer<KubeClient> self(this);
    m_auth->acquire(context, [self, state, request, context, handler, retried](const Result<KubeCredentials> &creds) {
        if (state->isCancelled()) {
            handler->onDone(Error::cancelled());
            return;
        }
        if (!self) {
            handler->onDone(Error::cancelled(tr("The Kubernetes client is gone.")));
            return;
        }
        if (!creds) {
            handler->onDone(creds.error());
            return;
        }
        net::HttpRequest r = httpRequest(self->m_connection, self->m_userAgent, creds.value(), request->method,
                                         request->path, request->query, request->body, request->secretBody);
        struct Attempt {
            int status = 0;
            bool failed = false;  // a non-2xx head: the body is a Status
            bool retry = false;
            QByteArray errorBody;
            net::HttpCall call;
        };
        auto attempt = std::make_shared<Attempt>();
        const KubeCredentials used = creds.value();
        net::HttpStreamHandler h;
        h.onHead = [self, attempt, handler, retried, used](const net::HttpResponseHead &head) {
            attempt->status = head.status;
            if (head.isSuccess()) {
                if (handler->onOpen)
                    handler->onOpen();
                return;
            }
            attempt->failed = true;
            if (head.status == 401 && !retried && self && self->m_auth->invalidate(used)) {
                attempt->retry = true;
                attempt->call.cancel();
            }
        };
        h.onData = [attempt, handler](QByteArray data) {
            if (attempt->failed) {
                if (attempt->errorBody.size() < 64 * 1024)
                    attempt->errorBody += data;
                return;
            }
            if (handler->onData)
                handler->onData(std::move(data));
        };
        h.onDone = [self, attempt, state, request, context, handler](const Status &s) {
            if (attempt->retry && self && !state->isCancelled()) {
                self->startStreaming(state, request, context, handler, true);
                return;
            }
            if (attempt->failed && (s || !s.error().isCancelled() || attempt->retry)) {
                handler->onDone(statusError(attempt->status, attempt->errorBody));
                return;
            }
            handler->onDone(s);
        };
        attempt->call = self->m_http.stream(r, context, std::move(h));
        state->setHttp(attempt->call);
    });
}

// --- pods ------------------------------------------------------------------------------------

KubeCall KubeClient::getPod(const QString &ns, const QString &name, QObject *context, Callback<KubePod> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state,
                  makeRequest("GET", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"),
                                           ns, QStringLiteral("pods"), name})),
                  context, [done](const Result<QByteArray> &body) {
                      if (!body) {
                          done(body.error());
                          return;
                      }
                      auto o = parseObject(body.value(), QStringLiteral("pod"));
                      if (!o) {
                          done(o.error());
                          return;
                      }
                      done(KubePod::fromJson(o.value()));
                  });
    return KubeCall(state);
}

KubeCall KubeClient::listPods(const QString &ns, const QString &labelSelector, QObject *context,
                              Callback<KubePodList> done)
{
    auto state = std::make_shared<KubeCallState>();
    QList<QPair<QString, QString>> q;
    if (!labelSelector.isEmpty())
        q.append({QStringLiteral("labelSelector"), labelSelector});
    startBuffered(state,
                  makeRequest("GET",
                              path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                    QStringLiteral("pods")}),
                              query(q)),
                  context, [done](const Result<QByteArray> &body) {
                      if (!body) {
                          done(body.error());
                          return;
                      }
                      auto o = parseObject(body.value(), QStringLiteral("pod list"));
                      if (!o) {
                          done(o.error());
                          return;
                      }
                      done(KubePodList::fromJson(o.value()));
                  });
    return KubeCall(state);
}

KubeCall KubeClient::watchPods(const QString &ns, const QString &labelSelector, const QString &resourceVersion,
                               QObject *context, PodWatchHandler handler, int timeoutSeconds)
{
    auto state = std::make_shared<KubeCallState>();
    QList<QPair<QString, QString>> q;
    if (!labelSelector.isEmpty())
        q.append({QStringLiteral("labelSelector"), labelSelector});
    if (!resourceVersion.isEmpty())
        q.append({QStringLiteral("resourceVersion"), resourceVersion});
    q.append({QStringLiteral("allowWatchBookmarks"), QStringLiteral("true")});
    if (timeoutSeconds > 0)
        q.append({QStringLiteral("timeoutSeconds"), QString::number(timeoutSeconds)});
    q.append({QStringLiteral("watch"), QStringLiteral("true")});

    struct WatchState {
        QByteArray partial;
        std::optional<Error> error;  // an ERROR event or an undecodable line ended the watch
        bool ended = false;
    };
    auto ws = std::make_shared<WatchState>();
    auto user = std::make_shared<PodWatchHandler>(std::move(handler));
    auto h = std::make_shared<KubeStreamHandler>();
    h->onOpen = [user] {
        if (user->onOpen)
            user->onOpen();
    };
    h->onData = [ws, user, state](QByteArray data) {
        if (ws->ended)
            return;
        ws->partial += data;
        qsizetype start = 0;
        for (;;) {
            const qsizetype nl = ws->partial.indexOf('\n', start);
            if (nl < 0)
                break;
            const QByteArrayView line = QByteArrayView(ws->partial).sliced(start, nl - start).trimmed();
            start = nl + 1;
            if (line.isEmpty())
                continue;
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &pe);
            if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
                ws->error = makeError(QString(errc::kubeDecode), tr("The pod watch sent a line that is no event."),
                                      pe.errorString());
                break;
            }
            const QJsonObject event = doc.object();
            const QString type = event.value(QLatin1String("type")).toString();
            const QJsonObject object = event.value(QLatin1String("object")).toObject();
            if (type == QLatin1String("ERROR")) {
                ws->error = KubeStatus::fromJson(object).toError();
                break;
            }
            PodWatchEvent e;
            if (type == QLatin1String("ADDED"))
                e.type = PodWatchEvent::Type::Added;
            else if (type == QLatin1String("MODIFIED"))
                e.type = PodWatchEvent::Type::Modified;
            else if (type == QLatin1String("DELETED"))
                e.type = PodWatchEvent::Type::Deleted;
            else if (type == QLatin1String("BOOKMARK"))
                e.type = PodWatchEvent::Type::Bookmark;
            else
                continue;  // an event type of a newer API server
            if (e.type == PodWatchEvent::Type::Bookmark) {
                e.pod.meta = KubeObjectMeta::fromJson(object.value(QLatin1String("metadata")).toObject());
            } else {
                auto pod = KubePod::fromJson(object);
                if (!pod) {
                    ws->error = pod.error();
                    break;
                }
                e.pod = std::move(pod).value();
            }
            if (user->onEvent)
                user->onEvent(e);
            if (state->isCancelled())
                return;
        }
        if (ws->error) {
            ws->ended = true;
            ws->partial.clear();
            KubeCall(state).cancel();  // onDone reports ws->error instead of the cancellation
            return;
        }
        ws->partial.remove(0, start);
    };
    h->onDone = [ws, user](const Status &s) {
        if (!user->onDone)
            return;
        if (ws->error) {
            user->onDone(*ws->error);
            return;
        }
        user->onDone(s);
    };
    startStreaming(state,
                   makeRequest("GET",
                               path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                     QStringLiteral("pods")}),
                               query(q)),
                   context, h);
    return KubeCall(state);
}

KubeCall KubeClient::streamPodLogs(const QString &ns, const QString &pod, const PodLogOptions &o, QObject *context,
                                   KubeStreamHandler handler)
{
    auto state = std::make_shared<KubeCallState>();
    QList<QPair<QString, QString>> q;
    if (!o.container.isEmpty())
        q.append({QStringLiteral("container"), o.container});
    if (o.follow)
        q.append({QStringLiteral("follow"), QStringLiteral("true")});
    if (o.previous)
        q.append({QStringLiteral("previous"), QStringLiteral("true")});
    if (o.timestamps)
        q.append({QStringLiteral("timestamps"), QStringLiteral("true")});
    if (o.sinceTime)
        q.append({QStringLiteral("sinceTime"), formatSinceTime(*o.sinceTime)});
    else if (o.sinceSeconds)
        q.append({QStringLiteral("sinceSeconds"), QString::number(*o.sinceSeconds)});
    if (o.tailLines)
        q.append({QStringLiteral("tailLines"), QString::number(*o.tailLines)});
    if (o.limitBytes)
        q.append({QStringLiteral("limitBytes"), QString::number(*o.limitBytes)});
    startStreaming(state,
                   makeRequest("GET",
                               path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                     QStringLiteral("pods"), pod, QStringLiteral("log")}),
                               query(q)),
                   context, std::make_shared<KubeStreamHandler>(std::move(handler)));
    return KubeCall(state);
}

// --- namespaces ------------------------------------------------------------------------------

namespace {

template<typename T>
std::function<void(const Result<QByteArray> &)> decodeTo(const QString &what,
                                                         std::function<void(const Result<T> &)> done)
{
    return [what, done](const Result<QByteArray> &body) {
        if (!body) {
            done(body.error());
            return;
        }
        auto o = parseObject(body.value(), what);
        if (!o) {
            done(o.error());
            return;
        }
        done(T::fromJson(o.value()));
    };
}

QByteArray namespaceObject(const QString &name, const QMap<QString, QString> &labels)
{
    QJsonObject meta{{QStringLiteral("name"), name}};
    if (!labels.isEmpty()) {
        QJsonObject l;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            l.insert(it.key(), it.value());
        meta.insert(QStringLiteral("labels"), l);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                     {QStringLiteral("metadata"), meta}})
        .toJson(QJsonDocument::Compact);
}

Result<KubeObjectMeta> metaOf(const Result<QByteArray> &body)
{
    if (!body)
        return body.error();
    auto o = parseObject(body.value(), QStringLiteral("object"));
    if (!o)
        return o.error();
    KubeObjectMeta m = KubeObjectMeta::fromJson(o->value(QLatin1String("metadata")).toObject());
    if (m.name.isEmpty())
        return makeError(QString(errc::kubeDecode), tr("The API server's answer names no object."));
    return m;
}

}  // namespace

KubeCall KubeClient::getNamespace(const QString &name, QObject *context, Callback<KubeNamespace> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(
        state,
        makeRequest("GET", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), name})),
        context, decodeTo<KubeNamespace>(QStringLiteral("namespace"), std::move(done)));
    return KubeCall(state);
}

KubeCall KubeClient::createNamespace(const QString &name, const QMap<QString, QString> &labels, QObject *context,
                                     Callback<KubeNamespace> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state,
                  makeRequest("POST", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces")}),
                              {}, namespaceObject(name, labels)),
                  context, decodeTo<KubeNamespace>(QStringLiteral("namespace"), std::move(done)));
    return KubeCall(state);
}

KubeCall KubeClient::ensureNamespace(const QString &name, const QMap<QString, QString> &labels, QObject *context,
                                     std::function<void(const Result<KubeNamespace> &, bool created)> done)
{
    auto state = std::make_shared<KubeCallState>();
    const auto get =
        makeRequest("GET", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), name}));
    const auto create =
        makeRequest("POST", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces")}), {},
                    namespaceObject(name, labels));
    QPointer<KubeClient> self(this);
    startBuffered(state, get, context, [self, state, get, create, context, done](const Result<QByteArray> &body) {
        if (body || body.error().code != QLatin1String(errc::kubeNotFound) || !self) {
            if (!body) {
                done(body.error(), false);
                return;
            }
            auto o = parseObject(body.value(), QStringLiteral("namespace"));
            done(o ? KubeNamespace::fromJson(o.value()) : Result<KubeNamespace>(o.error()), false);
            return;
        }
        self->startBuffered(state, create, context, [self, state, get, context, done](const Result<QByteArray> &c) {
            if (!c && c.error().code == QLatin1String(errc::kubeAlreadyExists) && self) {
                // Created by someone else in between: it exists.
                self->startBuffered(state, get, context, [done](const Result<QByteArray> &again) {
                    if (!again) {
                        done(again.error(), false);
                        return;
                    }
                    auto o = parseObject(again.value(), QStringLiteral("namespace"));
                    done(o ? KubeNamespace::fromJson(o.value()) : Result<KubeNamespace>(o.error()), false);
                });
                return;
            }
            if (!c) {
                done(c.error(), false);
                return;
            }
            auto o = parseObject(c.value(), QStringLiteral("namespace"));
            done(o ? KubeNamespace::fromJson(o.value()) : Result<KubeNamespace>(o.error()), true);
        });
    });
    return KubeCall(state);
}

// --- secrets ---------------------------------------------------------------------------------

KubeCall KubeClient::getSecret(const QString &ns, const QString &name, QObject *context, Callback<KubeSecret> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state,
                  makeRequest("GET", path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"),
                                           ns, QStringLiteral("secrets"), name})),
                  context, decodeTo<KubeSecret>(QStringLiteral("secret"), std::move(done)));
    return KubeCall(state);
}

KubeCall KubeClient::createSecret(const QString &ns, SharedSecret secretJson, QObject *context,
                                  Callback<KubeObjectMeta> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state,
                  makeRequest("POST",
                              path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                    QStringLiteral("secrets")}),
                              {}, {}, std::move(secretJson)),
                  context, [done](const Result<QByteArray> &body) { done(metaOf(body)); });
    return KubeCall(state);
}

KubeCall KubeClient::replaceSecret(const QString &ns, const QString &name, SharedSecret secretJson, QObject *context,
                                   Callback<KubeObjectMeta> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state,
                  makeRequest("PUT",
                              path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                    QStringLiteral("secrets"), name}),
                              {}, {}, std::move(secretJson)),
                  context, [done](const Result<QByteArray> &body) { done(metaOf(body)); });
    return KubeCall(state);
}

KubeCall KubeClient::applySecret(const QString &ns, const QString &name, SharedSecret secretJson, QObject *context,
                                 std::function<void(const Result<KubeObjectMeta> &, bool created)> done)
{
    auto state = std::make_shared<KubeCallState>();
    const auto create = makeRequest("POST",
                                    path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"), ns,
                                          QStringLiteral("secrets")}),
                                    {}, {}, secretJson);
    const auto replace = makeRequest("PUT",
                                     path({QStringLiteral("api"), QStringLiteral("v1"), QStringLiteral("namespaces"),
                                           ns, QStringLiteral("secrets"), name}),
                                     {}, {}, secretJson);
    QPointer<KubeClient> self(this);
    startBuffered(state, create, context, [self, state, replace, context, done](const Result<QByteArray> &body) {
        if (!body && body.error().code == QLatin1String(errc::kubeAlreadyExists) && self) {
            self->startBuffered(state, replace, context,
                                [done](const Result<QByteArray> &r) { done(metaOf(r), false); });
            return;
        }
        done(metaOf(body), true);
    });
    return KubeCall(state);
}

KubeCall KubeClient::requestJson(const QByteArray &method, const QString &p, const QString &q, const QByteArray &body,
                                 QObject *context, Callback<QJsonObject> done)
{
    auto state = std::make_shared<KubeCallState>();
    startBuffered(state, makeRequest(method, p, q, body), context, [done](const Result<QByteArray> &r) {
        if (!r) {
            done(r.error());
            return;
        }
        done(parseObject(r.value(), QStringLiteral("JSON object")));
    });
    return KubeCall(state);
}

}  // namespace workbench::engine::kube
