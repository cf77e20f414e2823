// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterstate.h"
#include "httprequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>

class QSslServer;
class QSslSocket;

namespace kubetest {

class HttpConnection;
class LogStream;
class WatchStream;

/// The HTTPS side of the test Kubernetes API server: authentication (bearer tokens, client
/// certificates), discovery, namespaces, pods (list, watch, get, log), secrets (get, list,
/// create, replace, patch, delete), Status errors; plus what tests need to provoke failures
/// (injected errors, forbidden requests, cut streams, a restart) and to check what clients
/// sent (the request log).
class ApiServer : public QObject
{
    Q_OBJECT

public:
    struct Options {
        QSslCertificate certificate;
        QList<QSslCertificate> chain;
        QSslKey key;
        QByteArray clientCaPem;  ///< empty: no client certificates
        QString gitVersion = QStringLiteral("v1.30.0");
    };

    ApiServer(ClusterState *state, Options options, QObject *parent = nullptr);
    ~ApiServer() override;

    bool listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }

    void addToken(const QString &token, const QString &user) { m_tokens.insert(token, user); }
    void removeToken(const QString &token) { m_tokens.remove(token); }
    /// The next @p count requests whose path matches get this Status error.
    void failRequests(const QRegularExpression &path, const QString &method, int code, const QString &reason,
                      const QString &message, int count);
    /// @p user may not @p verb @p resource in @p ns ("" = everywhere).
    void forbid(const QString &user, const QString &verb, const QString &resource, const QString &ns);
    /// Cuts the log streams of a pod (one container or all), in the middle of a line if asked.
    int cutLogStreams(const QString &ns, const QString &pod, const QString &container, bool midLine);
    /// Drops every connection and stops listening for @p downMs, then listens on the same port.
    void restart(int downMs);

    QJsonArray requestLog() const { return m_requestLog; }
    void clearRequestLog() { m_requestLog = {}; }

private:
    void onConnection();
    void onRequest(HttpConnection *c, const HttpRequest &r);
    QString authenticate(HttpConnection *c, const HttpRequest &r, bool *rejected) const;
    bool forbidden(const QString &user, const QString &verb, const QString &resource, const QString &ns) const;
    bool injectedFailure(HttpConnection *c, const HttpRequest &r);

    void sendJson(HttpConnection *c, int code, const QJsonObject &o,
                  const QByteArray &contentType = "application/json");
    void sendStatus(HttpConnection *c, int code, const QString &reason, const QString &message,
                    const QJsonObject &details = {});
    void notFound(HttpConnection *c, const QString &resource, const QString &name);

    void discovery(HttpConnection *c, const HttpRequest &r);
    void namespaces(HttpConnection *c, const HttpRequest &r, const QString &name);
    void pods(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name);
    void podLog(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name);
    void secrets(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name);
    void watch(HttpConnection *c, const HttpRequest &r, const QString &resource, const QString &ns);
    void writeSecret(HttpConnection *c, const HttpRequest &r, const QString &ns, const QString &name,
                     const QJsonObject &object, bool create);

    static bool wantsTable(const HttpRequest &r);
    static QString verbOf(const HttpRequest &r, bool named);

    ClusterState *m_state;
    Options m_options;
    QSslServer *m_server = nullptr;
    quint16 m_port = 0;
    QString m_error;
    QMap<QString, QString> m_tokens;
    struct Failure {
        QRegularExpression path;
        QString method;
        int code;
        QString reason;
        QString message;
        int remaining;
    };
    QList<Failure> m_failures;
    struct Rule {
        QString user, verb, resource, ns;
    };
    QList<Rule> m_forbidden;
    QList<QPointer<HttpConnection>> m_connections;
    QList<QPointer<LogStream>> m_logStreams;
    QList<QPointer<WatchStream>> m_watches;
    QJsonArray m_requestLog;
};

}  // namespace kubetest
