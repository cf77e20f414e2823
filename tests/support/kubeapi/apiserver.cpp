// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"

#include "httpconnection.h"
#include "logstream.h"
#include "objectjson.h"
#include "watchstream.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

#include <memory>

namespace kubetest {

namespace {

QJsonObject mergePatch(QJsonObject target, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull()) {
            target.remove(it.key());
        } else if (it.value().isObject() && target.value(it.key()).isObject()) {
            target.insert(it.key(), mergePatch(target.value(it.key()).toObject(), it.value().toObject()));
        } else {
            target.insert(it.key(), it.value());
        }
    }
    return target;
}

// RFC 6902 on objects: add, replace, remove (what "kubectl patch --type=json" is used for).
bool jsonPatch(QJsonObject &target, const QJsonArray &ops, QString *error)
{
    for (const QJsonValue &v : ops) {
        const QJsonObject op = v.toObject();
        const QString name = op.value(QStringLiteral("op")).toString();
        QStringList path = op.value(QStringLiteral("path")).toString().split(QLatin1Char('/'));
        if (path.isEmpty() || !path.front().isEmpty() || path.size() < 2) {
            *error = QStringLiteral("invalid path");
            return false;
        }
        path.removeFirst();
        for (QString &p : path)
            p.replace(QStringLiteral("~1"), QStringLiteral("/")).replace(QStringLiteral("~0"), QStringLiteral("~"));
        std::function<bool(QJsonObject &, int)> apply = [&](QJsonObject &o, int depth) -> bool {
            const QString &key = path[depth];
            if (depth + 1 == path.size()) {
                if (name == QLatin1String("remove")) {
                    if (!o.contains(key))
                        return false;
                    o.remove(key);
                } else if (name == QLatin1String("add") || name == QLatin1String("replace")) {
                    if (name == QLatin1String("replace") && !o.contains(key))
                        return false;
                    o.insert(key, op.value(QStringLiteral("value")));
                } else {
                    return false;
                }
                return true;
            }
            QJsonObject child = o.value(key).toObject();
            if (!o.value(key).isObject())
                return false;
            if (!apply(child, depth + 1))
                return false;
            o.insert(key, child);
            return true;
        };
        if (!apply(target, 0)) {
            *error = QStringLiteral("the server rejected our request due to an error in our request");
            return false;
        }
    }
    return true;
}

Labels labelsFrom(const QJsonObject &o)
{
    Labels l;
    for (auto it = o.begin(); it != o.end(); ++it)
        l.insert(it.key(), it.value().toString());
    return l;
}

// X.509 verification of a client certificate chain against the client CA.
QString verifiedClientName(const QList<QSslCertificate> &chain, const QByteArray &caPem)
{
    if (chain.isEmpty() || caPem.isEmpty())
        return {};
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(caPem.constData(), int(caPem.size())), BIO_free);
    while (X509 *ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store.get(), ca);
        X509_free(ca);
    }
    auto toX509 = [](const QSslCertificate &c) {
        const QByteArray der = c.toDer();
        const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
        return d2i_X509(nullptr, &p, long(der.size()));
    };
    std::unique_ptr<X509, decltype(&X509_free)> leaf(toX509(chain.front()), X509_free);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509) *)> untrusted(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
    for (qsizetype i = 1; i < chain.size(); ++i)
        sk_X509_push(untrusted.get(), toX509(chain[i]));
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    if (!leaf || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1)
        return {};
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
    if (X509_verify_cert(ctx.get()) != 1)
        return {};
    return chain.front().subjectInfo(QSslCertificate::CommonName).value(0);
}

QJsonObject apiResource(const char *name, const char *singular, bool namespaced, const char *kind,
                        const QStringList &verbs, const QStringList &shortNames = {})
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), QLatin1String(name));
    o.insert(QStringLiteral("singularName"), QLatin1String(singular));
    o.insert(QStringLiteral("namespaced"), namespaced);
    o.insert(QStringLiteral("kind"), QLatin1String(kind));
    o.insert(QStringLiteral("verbs"), QJsonArray::fromStringList(verbs));
    if (!shortNames.isEmpty())
        o.insert(QStringLiteral("shortNames"), QJsonArray::fromStringList(shortNames));
    return o;
}

const QStringList kAllVerbs{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                            QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
                            QStringLiteral("update"), QStringLiteral("watch")};

QJsonObject genericTable(const QStringList &columns, const QList<QJsonArray> &cells, const QList<QJsonObject> &metas,
                         quint64 rv, bool withColumns)
{
    QJsonObject t;
    t.insert(QStringLiteral("kind"), QStringLiteral("Table"));
    t.insert(QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1"));
    t.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::number(rv)}});
    if (withColumns) {
        QJsonArray defs;
        for (const QString &c : columns) {
            QJsonObject d;
            d.insert(QStringLiteral("name"), c);
            d.insert(QStringLiteral("type"), QStringLiteral("string"));
            d.insert(QStringLiteral("format"), c == QLatin1String("Name") ? QStringLiteral("name") : QString());
            d.insert(QStringLiteral("description"), QString());
            d.insert(QStringLiteral("priority"), 0);
            defs.append(d);
        }
        t.insert(QStringLiteral("columnDefinitions"), defs);
    }
    QJsonArray rows;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        QJsonObject partial{{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
                            {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                            {QStringLiteral("metadata"), metas[i]}};
        rows.append(QJsonObject{{QStringLiteral("cells"), cells[i]}, {QStringLiteral("object"), partial}});
    }
    t.insert(QStringLiteral("rows"), rows);
    return t;
}

QJsonArray namespaceCells(const QJsonObject &ns, qint64 now)
{
    const QJsonObject meta = ns.value(QStringLiteral("metadata")).toObject();
    const qint64 created = parseRfc3339(meta.value(QStringLiteral("creationTimestamp")).toString().toLatin1());
    return QJsonArray{meta.value(QStringLiteral("name")).toString(), QStringLiteral("Active"),
                      humanDuration(now - created)};
}

QJsonArray secretCells(const QJsonObject &s, qint64 now)
{
    const QJsonObject meta = s.value(QStringLiteral("metadata")).toObject();
    const qint64 created = parseRfc3339(meta.value(QStringLiteral("creationTimestamp")).toString().toLatin1());
    return QJsonArray{meta.value(QStringLiteral("name")).toString(), s.value(QStringLiteral("type")).toString(),
                      s.value(QStringLiteral("data")).toObject().size(), humanDuration(now - created)};
}

}  // namespace

ApiServer::ApiServer(ClusterState *state, Options options, QObject *parent)
    : QObject(parent)
    , m_state(state)
    , m_options(std::move(options))
{}

ApiServer::~ApiServer() = default;

bool ApiServer::listen(quint16 port)
{
    delete m_server;
    m_server = new QSslServer(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(m_options.certificate);
    if (!m_options.chain.isEmpty())
        config.setLocalCertificateChain(QList<QSslCertificate>{m_options.certificate} + m_options.chain);
    config.setPrivateKey(m_options.key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    // Clients with a certificate are checked here (ApiServer::authenticate); clients with a
    // token have none, so the handshake must not insist.
    config.setPeerVerifyMode(m_options.clientCaPem.isEmpty() ? QSslSocket::VerifyNone : QSslSocket::QueryPeer);
    if (!m_options.clientCaPem.isEmpty())
        config.setCaCertificates(QSslCertificate::fromData(m_options.clientCaPem, QSsl::Pem));
    m_server->setSslConfiguration(config);
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, &ApiServer::onConnection);
    connect(m_server, &QSslServer::sslErrors, this,
            [](QSslSocket *socket, const QList<QSslError> &) { socket->ignoreSslErrors(); });
    connect(m_server, &QSslServer::peerVerifyError, this,
            [](QSslSocket *socket, const QSslError &) { socket->ignoreSslErrors(); });
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_error = m_server->errorString();
        return false;
    }
    m_port = m_server->serverPort();
    return true;
}

void ApiServer::onConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        auto *c = new HttpConnection(socket, this);
        m_connections.append(c);
        connect(c, &HttpConnection::requestReceived, this, &ApiServer::onRequest);
        connect(c, &HttpConnection::closed, c, &QObject::deleteLater);
    }
}

void ApiServer::restart(int downMs)
{
    for (const QPointer<HttpConnection> &c : std::as_const(m_connections))
        if (c)
            c->abort();
    m_connections.clear();
    if (m_server)
        m_server->close();
    const quint16 port = m_port;
    QTimer::singleShot(downMs, this, [this, port] {
        if (!listen(port))
            qWarning("kube-test-server: could not listen again on %u: %s", port, qPrintable(m_error));
    });
}

int ApiServer::cutLogStreams(const QString &ns, const QString &pod, const QString &container, bool midLine)
{
    int cut = 0;
    for (const QPointer<LogStream> &s : std::as_const(m_logStreams)) {
        if (!s)
            continue;
        const auto &o = s->options();
        if (o.namespaceName == ns && o.pod == pod && (container.isEmpty() || o.container == container)) {
            s->cut(midLine);
            ++cut;
        }
    }
    return cut;
}

void ApiServer::failRequests(const QRegularExpression &path, const QString &method, int code, const QString &reason,
                             const QString &message, int count)
{
    m_failures.append({path, method, code, reason, message, count});
}

void ApiServer::forbid(const QString &user, const QString &verb, const QString &resource, const QString &ns)
{
    m_forbidden.append({user, verb, resource, ns});
}

bool ApiServer::forbidden(const QString &user, const QString &verb, const QString &resource, const QString &ns) const
{
    for (const Rule &r : m_forbidden) {
        if ((r.user.isEmpty() || r.user == user) && (r.verb.isEmpty() || r.verb == verb) &&
            (r.resource.isEmpty() || r.resource == resource) && (r.ns.isEmpty() || r.ns == ns))
            return true;
    }
    return false;
}

QString ApiServer::authenticate(HttpConnection *c, const HttpRequest &r, bool *rejected) const
{
    *rejected = false;
    const QByteArray auth = r.header("authorization");
    if (auth.startsWith("Bearer ")) {
        const QString token = QString::fromUtf8(auth.mid(7).trimmed());
        const auto it = m_tokens.constFind(token);
        if (it == m_tokens.constEnd()) {
            *rejected = true;
            return {};
        }
        return *it;
    }
    const QList<QSslCertificate> chain = c->socket()->peerCertificateChain();
    if (!chain.isEmpty()) {
        const QString user = verifiedClientName(chain, m_options.clientCaPem);
        if (user.isEmpty())
            *rejected = true;
        return user;
    }
    return {};
}

bool ApiServer::injectedFailure(HttpConnection *c, const HttpRequest &r)
{
    for (qsizetype i = 0; i < m_failures.size(); ++i) {
        Failure &f = m_failures[i];
        if (!f.path.match(r.path).hasMatch())
            continue;
        if (!f.method.isEmpty() && f.method.toLatin1() != r.method)
            continue;
        const Failure copy = f;
        if (--f.remaining <= 0)
            m_failures.removeAt(i);
        sendStatus(c, copy.code, copy.reason, copy.message);
        return true;
    }
    return false;
}

void ApiServer::sendJson(HttpConnection *c, int code, const QJsonObject &o, const QByteArray &contentType)
{
    c->respond(code, contentType, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void ApiServer::sendStatus(HttpConnection *c, int code, const QString &reason, const QString &message,
                           const QJsonObject &details)
{
    sendJson(c, code, statusJson(code, reason, message, details));
}

void ApiServer::notFound(HttpConnection *c, const QString &resource, const QString &name)
{
    sendStatus(c, 404, QStringLiteral("NotFound"), QStringLiteral("%1 \"%2\" not found").arg(resource, name),
               QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), resource}});
}

bool ApiServer::wantsTable(const HttpRequest &r)
{
    return r.header("accept").contains("as=Table");
}

QString ApiServer::verbOf(const HttpRequest &r, bool named)
{
    if (r.method == "GET")
        return r.queryValue("watch") == QLatin1String("true") || r.queryValue("watch") == QLatin1String("1")
                   ? QStringLiteral("watch")
               : named ? QStringLiteral("get")
                       : QStringLiteral("list");
    if (r.method == "POST")
        return QStringLiteral("create");
    if (r.method == "PUT")
        return QStringLiteral("update");
    if (r.method == "PATCH")
        return QStringLiteral("patch");
    if (r.method == "DELETE")
        return QStringLiteral("delete");
    return QString::fromLatin1(r.method).toLower();
}

void ApiServer::onRequest(HttpConnection *c, const HttpRequest &request)
{
    HttpRequest r = request;
    bool rejected = false;
    r.user = authenticate(c, r, &rejected);
    QJsonObject logEntry{{QStringLiteral("method"), QString::fromLatin1(r.method)},
                         {QStringLiteral("path"), r.path},
                         {QStringLiteral("query"), r.query.toString(QUrl::FullyDecoded)},
                         {QStringLiteral("user"), r.user},
                         {QStringLiteral("accept"), QString::fromLatin1(r.header("accept"))},
                         {QStringLiteral("contentType"), QString::fromLatin1(r.header("content-type"))},
                         {QStringLiteral("userAgent"), QString::fromLatin1(r.header("user-agent"))}};
    m_requestLog.append(logEntry);

    const bool publicInfo =
        r.method == "GET" && (r.path == QLatin1String("/version") || r.path == QLatin1String("/healthz") ||
                              r.path == QLatin1String("/livez") || r.path == QLatin1String("/readyz"));
    if (rejected || (r.user.isEmpty() && !publicInfo)) {
        sendStatus(c, 401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
        return;
    }
    if (injectedFailure(c, r))
        return;
    if (publicInfo || r.path == QLatin1String("/api") || r.path == QLatin1String("/apis") ||
        r.path == QLatin1String("/api/v1") || r.path.startsWith(QLatin1String("/apis/")) ||
        r.path.startsWith(QLatin1String("/openapi"))) {
        discovery(c, r);
        return;
    }

    QStringList parts = r.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    // Legacy watch paths: /api/v1/watch/namespaces/NS/pods -> ?watch=true
    if (parts.size() >= 3 && parts[0] == QLatin1String("api") && parts[1] == QLatin1String("v1") &&
        parts[2] == QLatin1String("watch")) {
        parts.removeAt(2);
        r.query.removeAllQueryItems(QStringLiteral("watch"));
        r.query.addQueryItem(QStringLiteral("watch"), QStringLiteral("true"));
    }
    if (parts.size() < 3 || parts[0] != QLatin1String("api") || parts[1] != QLatin1String("v1")) {
        sendStatus(c, 404, QStringLiteral("NotFound"),
                   QStringLiteral("the server could not find the requested resource"));
        return;
    }
    parts = parts.mid(2);
    QString ns;
    if (parts[0] == QLatin1String("namespaces") && parts.size() >= 3) {
        ns = parts[1];
        parts = parts.mid(2);
    }
    const QString resource = parts[0];
    const QString name = parts.value(1);
    const QString sub = parts.value(2);
    if (parts[0] == QLatin1String("namespaces") && ns.isEmpty()) {
        if (forbidden(r.user, verbOf(r, !name.isEmpty()), resource, QString())) {
            sendStatus(c, 403, QStringLiteral("Forbidden"),
                       QStringLiteral("namespaces is forbidden: User \"%1\" cannot %2 resource \"namespaces\" in API "
                                      "group \"\" at the cluster scope")
                           .arg(r.user, verbOf(r, !name.isEmpty())));
            return;
        }
        namespaces(c, r, name);
        return;
    }
    const QString verb = sub == QLatin1String("log") ? QStringLiteral("get") : verbOf(r, !name.isEmpty());
    const QString checked = sub.isEmpty() ? resource : resource + QLatin1Char('/') + sub;
    if (forbidden(r.user, verb, checked, ns)) {
        const QString where =
            ns.isEmpty() ? QStringLiteral("at the cluster scope") : QStringLiteral("in the namespace \"%1\"").arg(ns);
        sendStatus(c, 403, QStringLiteral("Forbidden"),
                   QStringLiteral("%1%2 is forbidden: User \"%3\" cannot %4 resource \"%5\" in API group \"\" %6")
                       .arg(resource, name.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(name), r.user, verb,
                            checked, where));
        return;
    }
    if (resource == QLatin1String("pods")) {
        if (sub == QLatin1String("log"))
            podLog(c, r, ns, name);
        else if (sub.isEmpty())
            pods(c, r, ns, name);
        else
            sendStatus(c, 404, QStringLiteral("NotFound"),
                       QStringLiteral("the server could not find the requested resource"));
        return;
    }
    if (resource == QLatin1String("secrets") && sub.isEmpty()) {
        secrets(c, r, ns, name);
        return;
    }
    sendStatus(c, 404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource"));
}

void ApiServer::discovery(HttpConnection *c, const HttpRequest &r)
{
    if (r.path == QLatin1String("/version")) {
        const QStringList v = m_options.gitVersion.mid(1).split(QLatin1Char('.'));
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("major"), v.value(0)},
                             {QStringLiteral("minor"), v.value(1)},
                             {QStringLiteral("gitVersion"), m_options.gitVersion},
                             {QStringLiteral("gitCommit"), QStringLiteral("0000000000000000000000000000000000000000")},
                             {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
                             {QStringLiteral("buildDate"), QStringLiteral("2024-04-17T17:27:03Z")},
                             {QStringLiteral("goVersion"), QStringLiteral("go1.22.2")},
                             {QStringLiteral("compiler"), QStringLiteral("gc")},
                             {QStringLiteral("platform"), QStringLiteral("linux/amd64")}});
        return;
    }
    if (r.path == QLatin1String("/healthz") || r.path == QLatin1String("/livez") ||
        r.path == QLatin1String("/readyz")) {
        c->respond(200, "text/plain; charset=utf-8", "ok");
        return;
    }
    if (r.path == QLatin1String("/api")) {
        QJsonObject address{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                            {QStringLiteral("serverAddress"), QStringLiteral("127.0.0.1:%1").arg(m_port)}};
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIVersions")},
                             {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
                             {QStringLiteral("serverAddressByClientCIDRs"), QJsonArray{address}}});
        return;
    }
    if (r.path == QLatin1String("/apis")) {
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("groups"), QJsonArray()}});
        return;
    }
    if (r.path == QLatin1String("/api/v1")) {
        QJsonArray resources{
            apiResource("namespaces", "namespace", false, "Namespace",
                        {QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("get"),
                         QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("update"),
                         QStringLiteral("watch")},
                        {QStringLiteral("ns")}),
            apiResource("pods", "pod", true, "Pod", kAllVerbs, {QStringLiteral("po")}),
            apiResource("pods/log", "", true, "Pod", {QStringLiteral("get")}),
            apiResource("pods/status", "", true, "Pod",
                        {QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")}),
            apiResource("secrets", "secret", true, "Secret", kAllVerbs),
        };
        QJsonObject pods = resources[1].toObject();
        pods.insert(QStringLiteral("categories"), QJsonArray{QStringLiteral("all")});
        resources[1] = pods;
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
                             {QStringLiteral("groupVersion"), QStringLiteral("v1")},
                             {QStringLiteral("resources"), resources}});
        return;
    }
    sendStatus(c, 404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource"));
}

void ApiServer::namespaces(HttpConnection *c, const HttpRequest &r, const QString &name)
{
    const qint64 now = nowNanos();
    if (r.method == "GET" && name.isEmpty()) {
        if (r.queryValue("watch") == QLatin1String("true")) {
            watch(c, r, QStringLiteral("namespaces"), {});
            return;
        }
        QList<QJsonArray> cells;
        QList<QJsonObject> metas;
        QJsonArray items;
        for (const NamespaceRecord *ns : m_state->namespaces()) {
            const QJsonObject o = namespaceJson(*ns, false);
            items.append(o);
            cells.append(namespaceCells(o, now));
            metas.append(o.value(QStringLiteral("metadata")).toObject());
        }
        if (wantsTable(r)) {
            sendJson(c, 200,
                     genericTable({QStringLiteral("Name"), QStringLiteral("Status"), QStringLiteral("Age")}, cells,
                                  metas, m_state->resourceVersion(), true),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("NamespaceList")},
                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"),
                                                                       QString::number(m_state->resourceVersion())}}},
                             {QStringLiteral("items"), items}});
        return;
    }
    if (r.method == "GET") {
        const NamespaceRecord *ns = m_state->namespaceRecord(name);
        if (!ns) {
            notFound(c, QStringLiteral("namespaces"), name);
            return;
        }
        const QJsonObject o = namespaceJson(*ns);
        if (wantsTable(r)) {
            sendJson(c, 200,
                     genericTable({QStringLiteral("Name"), QStringLiteral("Status"), QStringLiteral("Age")},
                                  {namespaceCells(o, now)}, {o.value(QStringLiteral("metadata")).toObject()},
                                  m_state->resourceVersion(), true),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        sendJson(c, 200, o);
        return;
    }
    if (r.method == "POST" && name.isEmpty()) {
        QJsonParseError pe;
        const QJsonObject body = QJsonDocument::fromJson(r.body, &pe).object();
        const QJsonObject meta = body.value(QStringLiteral("metadata")).toObject();
        const QString newName = meta.value(QStringLiteral("name")).toString();
        if (pe.error != QJsonParseError::NoError) {
            sendStatus(c, 400, QStringLiteral("BadRequest"),
                       QStringLiteral("the body is not JSON: ") + pe.errorString());
            return;
        }
        static const QRegularExpression dns1123(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
        if (newName.isEmpty() || !dns1123.match(newName).hasMatch() || newName.size() > 63) {
            sendStatus(c, 422, QStringLiteral("Invalid"),
                       QStringLiteral("Namespace \"%1\" is invalid: metadata.name: Invalid value: \"%1\": a lowercase "
                                      "RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
                                      "must start and end with an alphanumeric character")
                           .arg(newName));
            return;
        }
        if (m_state->namespaceRecord(newName)) {
            sendStatus(
                c, 409, QStringLiteral("AlreadyExists"),
                QStringLiteral("namespaces \"%1\" already exists").arg(newName),
                QJsonObject{{QStringLiteral("name"), newName}, {QStringLiteral("kind"), QStringLiteral("namespaces")}});
            return;
        }
        if (r.queryValue("dryRun") == QLatin1String("All")) {
            NamespaceRecord dry;
            dry.name = newName;
            dry.created = now;
            sendJson(c, 201, namespaceJson(dry));
            return;
        }
        const NamespaceRecord &ns =
            m_state->addNamespace(newName, labelsFrom(meta.value(QStringLiteral("labels")).toObject()));
        sendJson(c, 201, namespaceJson(ns));
        return;
    }
    if (r.method == "DELETE" && !name.isEmpty()) {
        const NamespaceRecord *ns = m_state->namespaceRecord(name);
        if (!ns) {
            notFound(c, QStringLiteral("namespaces"), name);
            return;
        }
        QJsonObject o = namespaceJson(*ns);
        for (const PodRecord *p : m_state->pods(name))
            m_state->deletePod(name, p->name);
        for (const SecretRecord *s : m_state->secrets(name))
            m_state->deleteSecret(name, s->name);
        m_state->deleteNamespace(name);
        sendJson(c, 200, o);
        return;
    }
    sendStatus(c, 405, QStringLiteral("MethodNotAllowed"),
               QStringLiteral("the server does not allow this method on the requested resource"));
}

void ApiServer::watch(HttpConnection *c, const HttpRequest &r, const QString &resource, const QString &ns)
{
    QString error;
    const auto labels = LabelSelector::parse(r.queryValue("labelSelector"), &error);
    if (!labels) {
        sendStatus(c, 400, QStringLiteral("BadRequest"), QStringLiteral("unable to parse requirement: ") + error);
        return;
    }
    const auto fields = FieldSelector::parse(r.queryValue("fieldSelector"), &error);
    if (!fields) {
        sendStatus(c, 400, QStringLiteral("BadRequest"), error);
        return;
    }
    WatchStream::Options o;
    o.resource = resource;
    o.namespaceName = ns;
    o.labels = *labels;
    o.fields = *fields;
    o.table = wantsTable(r);
    o.timeoutSeconds = r.queryValue("timeoutSeconds").toInt();
    std::vector<WatchEvent> initial;
    auto event = [](const QString &res, const QString &n, const QString &name, const Labels &l, const QJsonObject &obj,
                    quint64 rv) {
        WatchEvent e;
        e.type = QStringLiteral("ADDED");
        e.resource = res;
        e.namespaceName = n;
        e.name = name;
        e.labels = l;
        e.object = obj;
        e.resourceVersion = rv;
        return e;
    };
    if (resource == QLatin1String("pods")) {
        for (const PodRecord *p : m_state->pods(ns)) {
            WatchEvent e = event(resource, p->namespaceName, p->name, p->labels, podJson(*p), p->resourceVersion);
            e.fields = p->fields();
            e.pod = std::make_shared<const PodRecord>(*p);
            initial.push_back(std::move(e));
        }
    } else if (resource == QLatin1String("secrets")) {
        for (const SecretRecord *s : m_state->secrets(ns))
            initial.push_back(
                event(resource, s->namespaceName, s->name, s->labels, secretJson(*s), s->resourceVersion));
    } else {
        for (const NamespaceRecord *n : m_state->namespaces())
            initial.push_back(event(resource, {}, n->name, n->labels, namespaceJson(*n), n->resourceVersion));
    }
    const bool table = o.table;
    WatchStream::Render render = [table, resource](const WatchEvent &e, bool withColumns) -> QJsonObject {
        if (!table)
            return e.object;
        const qint64 now = nowNanos();
        if (e.pod)
            return podTable({e.pod.get()}, e.resourceVersion, withColumns, now);
        const QJsonObject meta = e.object.value(QStringLiteral("metadata")).toObject();
        if (resource == QLatin1String("secrets"))
            return genericTable(
                {QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Data"), QStringLiteral("Age")},
                {secretCells(e.object, now)}, {meta}, e.resourceVersion, withColumns);
        return genericTable({QStringLiteral("Name"), QStringLiteral("Status"), QStringLiteral("Age")},
                            {namespaceCells(e.object, now)}, {meta}, e.resourceVersion, withColumns);
    };
    auto *stream = new WatchStream(c, m_state, o, r.queryValue("resourceVersion"), std::move(initial), render, this);
    m_watches.append(stream);
}

void ApiServer::pods(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name)
{
    const qint64 now = nowNanos();
    if (r.method == "GET" && name.isEmpty()) {
        if (r.queryValue("watch") == QLatin1String("true") || r.queryValue("watch") == QLatin1String("1")) {
            watch(c, r, QStringLiteral("pods"), ns);
            return;
        }
        QString error;
        const auto labels = LabelSelector::parse(r.queryValue("labelSelector"), &error);
        if (!labels) {
            sendStatus(c, 400, QStringLiteral("BadRequest"), QStringLiteral("unable to parse requirement: ") + error);
            return;
        }
        const auto fields = FieldSelector::parse(r.queryValue("fieldSelector"), &error);
        if (!fields) {
            sendStatus(c, 400, QStringLiteral("BadRequest"), error);
            return;
        }
        std::vector<const PodRecord *> selected;
        for (const PodRecord *p : m_state->pods(ns))
            if (labels->matches(p->labels) && fields->matches(p->fields()))
                selected.push_back(p);
        // limit / continue: the continue token is the index of the next item.
        const qsizetype offset = r.queryValue("continue").toLongLong();
        const qsizetype limit = r.queryValue("limit").toLongLong();
        QString next;
        if (offset > 0)
            selected.erase(selected.begin(),
                           selected.begin() + std::min<qsizetype>(offset, qsizetype(selected.size())));
        if (limit > 0 && qsizetype(selected.size()) > limit) {
            selected.resize(std::size_t(limit));
            next = QString::number(offset + limit);
        }
        if (wantsTable(r)) {
            sendJson(c, 200, podTable(selected, m_state->resourceVersion(), true, now, next),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        QJsonArray items;
        for (const PodRecord *p : selected)
            items.append(podJson(*p, false));
        QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(m_state->resourceVersion())}};
        if (!next.isEmpty())
            meta.insert(QStringLiteral("continue"), next);
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("PodList")},
                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("metadata"), meta},
                             {QStringLiteral("items"), items}});
        return;
    }
    PodRecord *pod = m_state->pod(ns, name);
    if (r.method == "GET") {
        if (!pod) {
            notFound(c, QStringLiteral("pods"), name);
            return;
        }
        if (wantsTable(r)) {
            sendJson(c, 200, podTable({pod}, m_state->resourceVersion(), true, now),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        sendJson(c, 200, podJson(*pod));
        return;
    }
    if (r.method == "DELETE" && pod) {
        const QJsonObject o = podJson(*pod);
        m_state->deletePod(ns, name);
        sendJson(c, 200, o);
        return;
    }
    if (r.method == "DELETE") {
        notFound(c, QStringLiteral("pods"), name);
        return;
    }
    sendStatus(c, 405, QStringLiteral("MethodNotAllowed"),
               QStringLiteral("the test API server does not create or change pods through the API; use its control "
                              "channel"));
}

void ApiServer::podLog(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name)
{
    PodRecord *pod = m_state->pod(ns, name);
    if (!pod) {
        notFound(c, QStringLiteral("pods"), name);
        return;
    }
    QString containerName = r.queryValue("container");
    if (containerName.isEmpty()) {
        if (pod->containers.size() != 1) {
            QStringList init;
            for (const ContainerRecord &ic : pod->initContainers)
                init << ic.name;
            QString message = QStringLiteral("a container name must be specified for pod %1, choose one of: [%2]")
                                  .arg(name, pod->containerNames().join(QLatin1Char(' ')));
            if (!init.isEmpty())
                message += QStringLiteral(" or one of the init containers: [%1]").arg(init.join(QLatin1Char(' ')));
            sendStatus(c, 400, QStringLiteral("BadRequest"), message);
            return;
        }
        containerName = pod->containers.front().name;
    }
    ContainerRecord *container = pod->container(containerName);
    if (!container) {
        sendStatus(c, 400, QStringLiteral("BadRequest"),
                   QStringLiteral("container %1 is not valid for pod %2").arg(containerName, name));
        return;
    }
    const bool hasSinceSeconds = r.hasQuery("sinceSeconds");
    const bool hasSinceTime = r.hasQuery("sinceTime");
    if (hasSinceSeconds && hasSinceTime) {
        sendStatus(c, 422, QStringLiteral("Invalid"),
                   QStringLiteral("PodLogOptions \"%1\" is invalid: []: Forbidden: at most one of `sinceTime` or "
                                  "`sinceSeconds` may be specified")
                       .arg(name));
        return;
    }
    qint64 since = std::numeric_limits<qint64>::min();
    if (hasSinceSeconds) {
        const qint64 seconds = r.queryValue("sinceSeconds").toLongLong();
        if (seconds < 1) {
            sendStatus(c, 422, QStringLiteral("Invalid"),
                       QStringLiteral("PodLogOptions \"%1\" is invalid: sinceSeconds: Invalid value: %2: must be "
                                      "greater than 0")
                           .arg(name)
                           .arg(seconds));
            return;
        }
        since = nowNanos() - seconds * 1'000'000'000;
    }
    if (hasSinceTime) {
        const qint64 t = parseRfc3339(r.queryValue("sinceTime").toLatin1());
        if (t < 0) {
            sendStatus(c, 400, QStringLiteral("BadRequest"),
                       QStringLiteral("parsing time \"%1\" as \"2006-01-02T15:04:05Z07:00\": cannot parse")
                           .arg(r.queryValue("sinceTime")));
            return;
        }
        // The API server passes sinceTime on to the kubelet in whole seconds.
        since = t - t % 1'000'000'000;
    }
    qint64 tail = -1;
    if (r.hasQuery("tailLines")) {
        tail = r.queryValue("tailLines").toLongLong();
        if (tail < 0) {
            sendStatus(c, 422, QStringLiteral("Invalid"),
                       QStringLiteral("PodLogOptions \"%1\" is invalid: tailLines: Invalid value: %2: must be greater "
                                      "than or equal to 0")
                           .arg(name)
                           .arg(tail));
            return;
        }
    }
    const bool previous = r.queryValue("previous") == QLatin1String("true");
    std::shared_ptr<ContainerLog> log = container->log;
    bool ended = container->terminated;
    if (previous) {
        if (!container->previousLog) {
            sendStatus(c, 400, QStringLiteral("BadRequest"),
                       QStringLiteral("previous terminated container \"%1\" in pod \"%2\" not found")
                           .arg(containerName, name));
            return;
        }
        log = container->previousLog;
        ended = true;
    } else if (!container->waitingReason.isEmpty() && container->waitingReason != QLatin1String("CrashLoopBackOff")) {
        const bool pulling = container->waitingReason == QLatin1String("ImagePullBackOff") ||
                             container->waitingReason == QLatin1String("ErrImagePull");
        sendStatus(c, 400, QStringLiteral("BadRequest"),
                   QStringLiteral("container \"%1\" in pod \"%2\" is waiting to start: %3")
                       .arg(containerName, name,
                            pulling ? QStringLiteral("trying and failing to pull image") : container->waitingReason));
        return;
    }
    qsizetype first = 0;
    if (tail >= 0)
        first = std::max<qsizetype>(0, log->size() - tail);
    LogStream::Options o;
    o.namespaceName = ns;
    o.pod = name;
    o.container = containerName;
    o.follow = r.queryValue("follow") == QLatin1String("true");
    o.timestamps = r.queryValue("timestamps") == QLatin1String("true");
    o.limitBytes = r.hasQuery("limitBytes") ? r.queryValue("limitBytes").toLongLong() : -1;
    o.ended = ended;
    auto *stream = new LogStream(c, m_state, log, first, since, o, this);
    m_logStreams.append(stream);
}

void ApiServer::secrets(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name)
{
    const qint64 now = nowNanos();
    if (r.method == "GET" && name.isEmpty()) {
        if (r.queryValue("watch") == QLatin1String("true")) {
            watch(c, r, QStringLiteral("secrets"), ns);
            return;
        }
        QString error;
        const auto labels = LabelSelector::parse(r.queryValue("labelSelector"), &error);
        if (!labels) {
            sendStatus(c, 400, QStringLiteral("BadRequest"), QStringLiteral("unable to parse requirement: ") + error);
            return;
        }
        QJsonArray items;
        QList<QJsonArray> cells;
        QList<QJsonObject> metas;
        for (const SecretRecord *s : m_state->secrets(ns)) {
            if (!labels->matches(s->labels))
                continue;
            const QJsonObject o = secretJson(*s, false);
            items.append(o);
            cells.append(secretCells(o, now));
            metas.append(o.value(QStringLiteral("metadata")).toObject());
        }
        if (wantsTable(r)) {
            sendJson(c, 200,
                     genericTable({QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Data"),
                                   QStringLiteral("Age")},
                                  cells, metas, m_state->resourceVersion(), true),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        sendJson(c, 200,
                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("SecretList")},
                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"),
                                                                       QString::number(m_state->resourceVersion())}}},
                             {QStringLiteral("items"), items}});
        return;
    }
    SecretRecord *existing = name.isEmpty() ? nullptr : m_state->secret(ns, name);
    if (r.method == "GET") {
        if (!existing) {
            notFound(c, QStringLiteral("secrets"), name);
            return;
        }
        const QJsonObject o = secretJson(*existing);
        if (wantsTable(r)) {
            sendJson(c, 200,
                     genericTable({QStringLiteral("Name"), QStringLiteral("Type"), QStringLiteral("Data"),
                                   QStringLiteral("Age")},
                                  {secretCells(o, now)}, {o.value(QStringLiteral("metadata")).toObject()},
                                  m_state->resourceVersion(), true),
                     "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        sendJson(c, 200, o);
        return;
    }
    if (r.method == "DELETE") {
        if (!existing) {
            notFound(c, QStringLiteral("secrets"), name);
            return;
        }
        const QString uid = existing->uid;
        m_state->deleteSecret(ns, name);
        sendJson(
            c, 200,
            QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("metadata"), QJsonObject()},
                        {QStringLiteral("status"), QStringLiteral("Success")},
                        {QStringLiteral("details"), QJsonObject{{QStringLiteral("name"), name},
                                                                {QStringLiteral("kind"), QStringLiteral("secrets")},
                                                                {QStringLiteral("uid"), uid}}}});
        return;
    }
    const QByteArray contentType = r.header("content-type").split(';').value(0).trimmed();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        sendStatus(c, 400, QStringLiteral("BadRequest"),
                   QStringLiteral("the body of the request was in an unknown format - accepted media types include: "
                                  "application/json, application/yaml, application/vnd.kubernetes.protobuf"));
        return;
    }
    if (r.method == "POST" && name.isEmpty()) {
        writeSecret(c, r, ns,
                    doc.object().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
                    doc.object(), true);
        return;
    }
    if (r.method == "PUT" && !name.isEmpty()) {
        if (!existing) {
            notFound(c, QStringLiteral("secrets"), name);
            return;
        }
        writeSecret(c, r, ns, name, doc.object(), false);
        return;
    }
    if (r.method == "PATCH" && !name.isEmpty()) {
        const bool apply = contentType == "application/apply-patch+yaml";
        if (!existing && !apply) {
            notFound(c, QStringLiteral("secrets"), name);
            return;
        }
        QJsonObject current = existing ? secretJson(*existing) : QJsonObject();
        if (contentType == "application/json-patch+json") {
            QString error;
            if (!doc.isArray() || !jsonPatch(current, doc.array(), &error)) {
                sendStatus(c, 422, QStringLiteral("Invalid"),
                           error.isEmpty() ? QStringLiteral("invalid JSON patch") : error);
                return;
            }
        } else if (contentType == "application/merge-patch+json" ||
                   contentType == "application/strategic-merge-patch+json" || apply) {
            current = mergePatch(current, doc.object());
        } else {
            sendStatus(c, 415, QStringLiteral("UnsupportedMediaType"),
                       QStringLiteral("the body of the request was in an unknown format - accepted media types "
                                      "include: application/json-patch+json, application/merge-patch+json, "
                                      "application/apply-patch+yaml"));
            return;
        }
        // A patch never carries the resourceVersion check of an update.
        QJsonObject meta = current.value(QStringLiteral("metadata")).toObject();
        meta.remove(QStringLiteral("resourceVersion"));
        current.insert(QStringLiteral("metadata"), meta);
        writeSecret(c, r, ns, name, current, !existing);
        return;
    }
    sendStatus(c, 405, QStringLiteral("MethodNotAllowed"),
               QStringLiteral("the server does not allow this method on the requested resource"));
}

void ApiServer::writeSecret(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name,
                            const QJsonObject &object, bool create)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    if (name.isEmpty()) {
        sendStatus(c, 422, QStringLiteral("Invalid"),
                   QStringLiteral("Secret \"\" is invalid: metadata.name: Required value: name or generateName is "
                                  "required"));
        return;
    }
    const QString bodyNs = meta.value(QStringLiteral("namespace")).toString();
    if (!bodyNs.isEmpty() && bodyNs != ns) {
        sendStatus(
            c, 400, QStringLiteral("BadRequest"),
            QStringLiteral("the namespace of the provided object does not match the namespace sent on the request"));
        return;
    }
    if (!m_state->namespaceRecord(ns)) {
        notFound(c, QStringLiteral("namespaces"), ns);
        return;
    }
    SecretRecord *existing = m_state->secret(ns, name);
    if (create && existing) {
        sendStatus(c, 409, QStringLiteral("AlreadyExists"), QStringLiteral("secrets \"%1\" already exists").arg(name),
                   QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("secrets")}});
        return;
    }
    SecretRecord s;
    s.namespaceName = ns;
    s.name = name;
    s.type = object.value(QStringLiteral("type")).toString();
    if (s.type.isEmpty())
        s.type = QStringLiteral("Opaque");
    s.labels = labelsFrom(meta.value(QStringLiteral("labels")).toObject());
    s.annotations = meta.value(QStringLiteral("annotations")).toObject();
    s.immutable = object.value(QStringLiteral("immutable")).toBool();
    QJsonObject data = object.value(QStringLiteral("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        const QByteArray value = it.value().toString().toLatin1();
        if (!QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors)) {
            sendStatus(c, 400, QStringLiteral("BadRequest"),
                       QStringLiteral("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at "
                                      "input byte 0"));
            return;
        }
    }
    const QJsonObject stringData = object.value(QStringLiteral("stringData")).toObject();
    for (auto it = stringData.begin(); it != stringData.end(); ++it)
        data.insert(it.key(), QString::fromLatin1(it.value().toString().toUtf8().toBase64()));
    s.data = data;
    auto invalid = [&](const QString &detail) {
        sendStatus(c, 422, QStringLiteral("Invalid"), QStringLiteral("Secret \"%1\" is invalid: %2").arg(name, detail),
                   QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("Secret")}});
    };
    auto requireJsonKey = [&](const QString &key) {
        if (!data.contains(key)) {
            invalid(QStringLiteral("data[%1]: Required value").arg(key));
            return false;
        }
        const QByteArray decoded = QByteArray::fromBase64(data.value(key).toString().toLatin1());
        QJsonParseError pe;
        QJsonDocument::fromJson(decoded, &pe);
        if (pe.error != QJsonParseError::NoError) {
            invalid(QStringLiteral("data[%1]: Invalid value: \"<secret contents redacted>\": %2")
                        .arg(key, pe.errorString()));
            return false;
        }
        return true;
    };
    if (s.type == QLatin1String("kubernetes.io/dockerconfigjson") &&
        !requireJsonKey(QStringLiteral(".dockerconfigjson")))
        return;
    if (s.type == QLatin1String("kubernetes.io/dockercfg") && !requireJsonKey(QStringLiteral(".dockercfg")))
        return;
    if (s.type == QLatin1String("kubernetes.io/tls")) {
        for (const QString &key : {QStringLiteral("tls.crt"), QStringLiteral("tls.key")}) {
            if (!data.contains(key)) {
                invalid(QStringLiteral("data[%1]: Required value").arg(key));
                return;
            }
        }
    }
    if (existing) {
        const QString rv = meta.value(QStringLiteral("resourceVersion")).toString();
        if (!rv.isEmpty() && rv != QString::number(existing->resourceVersion)) {
            sendStatus(
                c, 409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on secrets \"%1\": the object has been modified; "
                               "please apply your changes to the latest version and try again")
                    .arg(name),
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("secrets")}});
            return;
        }
        if (existing->type != s.type) {
            invalid(QStringLiteral("type: Invalid value: \"%1\": field is immutable").arg(s.type));
            return;
        }
        if (existing->immutable && existing->data != s.data) {
            invalid(QStringLiteral("data: Forbidden: field is immutable when `immutable` is set"));
            return;
        }
        s.uid = existing->uid;
        s.created = existing->created;
    }
    if (r.queryValue("dryRun") == QLatin1String("All")) {
        sendJson(c, create ? 201 : 200, secretJson(s));
        return;
    }
    const SecretRecord &stored = m_state->putSecret(s, !existing);
    sendJson(c, existing ? 200 : 201, secretJson(stored));
}

}  // namespace kubetest
