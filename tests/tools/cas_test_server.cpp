// SPDX-License-Identifier: Apache-2.0
// Loopback HTTPS stand-in for a SCONE CAS (scone-formats.md §4.1), for the direct upload route.
//
//   cas_test_server --cert SERVER.pem --key SERVER.key [--record FILE] [--delay-ms N]
//
// Listens on 127.0.0.1 with a port the OS picks and prints "PORT <n>" on stdout. Requires a
// client certificate (any key, self-signed included, as the CAS does: the certificate is the
// client's identity, not a chain to check). Exits when stdin is closed or on SIGTERM.
//
//   POST /session                 body = session YAML (`name`, optional `predecessor`)
//       new name, no predecessor          -> 201 {"hash": "<sha256 of the body>"}
//       existing name, predecessor = hash -> 201 {"hash": …} (the new version)
//       existing name, predecessor missing or wrong, or a predecessor for a new name
//                                         -> 409 {"msg": ["Could not create successor session. Invalid previous session
//                                         digest"]}
//       unparsable YAML or no name        -> 400 {"msg": ["…"]}
//   GET /v1/sessions/<name>[?hash=H]      -> 200 {"session": "<yaml>", "hash": "<hash>"} (H: that version)
//                                         -> 404 {"msg": ["Session not found"]}
//   anything else                         -> 404 {"msg": ["Not found"]}
//
// The spec gives no status codes: 201, 409, 400 and 404 are this server's choice (clients must
// recognise the conflict by its message). Every request received after a completed handshake
// is appended to the record file as a JSON line {"event":"request", method, path, query, body,
// client (SHA-256 of the client certificate, hex)}; failed handshakes as {"event":"tls-failed",
// errors}. So a test can prove that nothing was sent.
#include <QByteArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace {

const char kConflict[] = "Could not create successor session. Invalid previous session digest";

struct Version {
    QByteArray yaml;
    QString hash;
};

struct Response {
    int status = 200;
    QJsonObject body;
};

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    default:
        return "Error";
    }
}

Response error(int status, const QString &message)
{
    return {status, QJsonObject{{QStringLiteral("msg"), QJsonArray{message}}}};
}

class CasState
{
public:
    Response post(const QByteArray &body)
    {
        QString name;
        QString predecessor;
        try {
            const YAML::Node root = YAML::Load(body.toStdString());
            if (!root.IsMap() || !root["name"] || !root["name"].IsScalar())
                return error(400, QStringLiteral("Could not parse session: missing field `name`"));
            name = QString::fromStdString(root["name"].as<std::string>());
            if (root["predecessor"] && root["predecessor"].IsScalar())
                predecessor = QString::fromStdString(root["predecessor"].as<std::string>());
        } catch (const YAML::Exception &e) {
            return error(400, QStringLiteral("Could not parse session: %1").arg(QString::fromUtf8(e.what())));
        }
        QList<Version> &versions = m_sessions[name];
        const bool exists = !versions.isEmpty();
        if ((exists && predecessor != versions.last().hash) || (!exists && !predecessor.isEmpty())) {
            if (!exists)
                m_sessions.remove(name);
            return error(409, QString::fromLatin1(kConflict));
        }
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        versions.append({body, hash});
        return {201, QJsonObject{{QStringLiteral("hash"), hash}}};
    }

    Response get(const QString &name, const QString &hash) const
    {
        const auto it = m_sessions.constFind(name);
        if (it == m_sessions.cend() || it->isEmpty())
            return error(404, QStringLiteral("Session not found"));
        const Version *v = &it->last();
        if (!hash.isEmpty()) {
            v = nullptr;
            for (const Version &candidate : *it)
                if (candidate.hash == hash)
                    v = &candidate;
            if (!v)
                return error(404, QStringLiteral("Session not found (no version with this hash)"));
        }
        return {200, QJsonObject{{QStringLiteral("session"), QString::fromUtf8(v->yaml)},
                                 {QStringLiteral("hash"), v->hash}}};
    }

private:
    QHash<QString, QList<Version>> m_sessions;
};

class Recorder
{
public:
    explicit Recorder(const QString &path)
        : m_file(path)
    {
        if (!path.isEmpty())
            m_file.open(QIODevice::WriteOnly | QIODevice::Append);
    }
    void write(const QJsonObject &o)
    {
        if (!m_file.isOpen())
            return;
        m_file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        m_file.flush();
    }

private:
    QFile m_file;
};

/// One client connection: HTTP/1.1 with keep-alive, Content-Length or chunked bodies and
/// `Expect: 100-continue`.
class Connection : public QObject
{
public:
    Connection(QSslSocket *socket, CasState &state, Recorder &recorder, int delayMs)
        : QObject(socket)
        , m_socket(socket)
        , m_state(state)
        , m_recorder(recorder)
        , m_delayMs(delayMs)
    {
        connect(socket, &QSslSocket::encrypted, this, [this] {
            m_encrypted = true;
            process();
        });
        connect(socket, &QSslSocket::readyRead, this, [this] {
            if (m_encrypted)
                process();
        });
        connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            // Any client certificate is an identity (the CAS does not check a chain); none is refused.
            if (!m_socket->peerCertificate().isNull()) {
                m_socket->ignoreSslErrors(errors);
                return;
            }
            QJsonArray list;
            for (const QSslError &e : errors)
                list.append(e.errorString());
            m_reportedFailure = true;
            m_recorder.write(
                {{QStringLiteral("event"), QStringLiteral("tls-failed")}, {QStringLiteral("errors"), list}});
        });
        connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_encrypted && !m_reportedFailure) {
                m_reportedFailure = true;
                m_recorder.write({{QStringLiteral("event"), QStringLiteral("tls-failed")},
                                  {QStringLiteral("errors"), QJsonArray{m_socket->errorString()}}});
            }
        });
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void process()
    {
        m_buffer += m_socket->readAll();
        while (!m_busy) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            QHash<QByteArray, QByteArray> headers;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            QByteArray body;
            qsizetype consumed = headerEnd + 4;
            if (headers.value("transfer-encoding").toLower() == "chunked") {
                qsizetype pos = consumed;
                for (;;) {
                    const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
                    if (lineEnd < 0)
                        return continueIfExpected(headers);
                    bool ok = false;
                    const qsizetype size =
                        m_buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
                    if (!ok)
                        return respond(error(400, QStringLiteral("bad chunk")), true);
                    if (m_buffer.size() < lineEnd + 2 + size + 2)
                        return continueIfExpected(headers);
                    body += m_buffer.mid(lineEnd + 2, size);
                    pos = lineEnd + 2 + size + 2;
                    if (size == 0)
                        break;
                }
                consumed = pos;
            } else {
                const qsizetype length = headers.value("content-length", "0").toLongLong();
                if (m_buffer.size() < consumed + length)
                    return continueIfExpected(headers);
                body = m_buffer.mid(consumed, length);
                consumed += length;
            }
            m_buffer.remove(0, consumed);
            m_sentContinue = false;
            handle(QString::fromLatin1(requestLine.value(0)), QString::fromLatin1(requestLine.value(1)), body,
                   headers.value("connection").toLower() == "close");
        }
    }

    void continueIfExpected(const QHash<QByteArray, QByteArray> &headers)
    {
        if (!m_sentContinue && headers.value("expect").toLower() == "100-continue") {
            m_sentContinue = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
    }

    void handle(const QString &method, const QString &target, const QByteArray &body, bool close)
    {
        const QUrl url(QStringLiteral("https://cas") + target);
        const QString path = url.path(QUrl::FullyDecoded);
        const QString query = url.query(QUrl::FullyDecoded);
        m_recorder.write(
            {{QStringLiteral("event"), QStringLiteral("request")},
             {QStringLiteral("method"), method},
             {QStringLiteral("path"), path},
             {QStringLiteral("query"), query},
             {QStringLiteral("body"), QString::fromUtf8(body)},
             {QStringLiteral("client"),
              QString::fromLatin1(m_socket->peerCertificate().digest(QCryptographicHash::Sha256).toHex())}});
        Response r;
        const QLatin1String sessions("/v1/sessions/");
        if (method == QLatin1String("POST") && path == QLatin1String("/session"))
            r = m_state.post(body);
        else if (method == QLatin1String("GET") && path.startsWith(sessions) && path.size() > sessions.size())
            r = m_state.get(path.mid(sessions.size()),
                            url.hasQuery() ? QUrlQuery(url).queryItemValue(QStringLiteral("hash")) : QString());
        else
            r = error(404, QStringLiteral("Not found"));
        if (m_delayMs > 0) {
            m_busy = true;
            QTimer::singleShot(m_delayMs, this, [this, r, close] {
                m_busy = false;
                respond(r, close);
                process();
            });
            return;
        }
        respond(r, close);
    }

    void respond(const Response &r, bool close)
    {
        const QByteArray body = QJsonDocument(r.body).toJson(QJsonDocument::Compact);
        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) +
                          "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                          "\r\n";
        head += close ? "Connection: close\r\n\r\n" : "\r\n";
        m_socket->write(head + body);
        if (close)
            m_socket->disconnectFromHost();
    }

    QSslSocket *m_socket;
    CasState &m_state;
    Recorder &m_recorder;
    int m_delayMs = 0;
    QByteArray m_buffer;
    bool m_encrypted = false;
    bool m_sentContinue = false;
    bool m_busy = false;
    bool m_reportedFailure = false;
};

class Server : public QTcpServer
{
public:
    Server(QSslConfiguration config, CasState &state, Recorder &recorder, int delayMs)
        : m_config(std::move(config))
        , m_state(state)
        , m_recorder(recorder)
        , m_delayMs(delayMs)
    {}

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        socket->setSslConfiguration(m_config);
        new Connection(socket, m_state, m_recorder, m_delayMs);
        socket->startServerEncryption();
    }

private:
    QSslConfiguration m_config;
    CasState &m_state;
    Recorder &m_recorder;
    int m_delayMs;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString &name) {
        const qsizetype i = args.indexOf(name);
        return i > 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
    };
    const QList<QSslCertificate> chain = QSslCertificate::fromData(readAll(option(QStringLiteral("--cert"))));
    const QSslKey key(readAll(option(QStringLiteral("--key"))), QSsl::Ec);
    const QSslKey rsaKey = key.isNull() ? QSslKey(readAll(option(QStringLiteral("--key"))), QSsl::Rsa) : QSslKey();
    if (chain.isEmpty() || (key.isNull() && rsaKey.isNull())) {
        std::fprintf(stderr,
                     "usage: cas_test_server --cert SERVER.pem --key SERVER.key [--record FILE] [--delay-ms N]\n");
        return 2;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key.isNull() ? rsaKey : key);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setCaCertificates({});

    CasState state;
    Recorder recorder(option(QStringLiteral("--record")));
    Server server(config, state, recorder, option(QStringLiteral("--delay-ms")).toInt());
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "cas_test_server: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("PORT %u\n", unsigned(server.serverPort()));
    std::fflush(stdout);

    QSocketNotifier stdinWatch(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&] {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
            app.quit();
    });
    return app.exec();
}
