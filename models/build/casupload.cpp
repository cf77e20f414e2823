// SPDX-License-Identifier: Apache-2.0
#include "build/casupload.h"

#include "policy/sessionwriter.h"
#include "policy/uploadplan.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace workbench::models::build {

namespace {

const QLatin1String kConflictText("Invalid previous session digest");

bool isTopLevelContent(const QByteArray &line)
{
    if (line.isEmpty())
        return false;
    const char c = line.at(0);
    return c != ' ' && c != '\t' && c != '#' && c != '\r' && c != '%' && !line.startsWith("---");
}

}  // namespace

Result<QList<CasUploadItem>> planCasUpload(const QList<policy::CasSession> &sessions)
{
    const policy::UploadPlan plan = policy::planUpload(sessions);
    if (!plan.ok()) {
        QStringList problems;
        for (const Diagnostic &d : plan.diagnostics)
            if (d.severity == Diagnostic::Severity::Error)
                problems << d.message;
        return makeError(QStringLiteral("upload.plan"), QStringLiteral("the sessions cannot be uploaded in any order"),
                         problems.join(QStringLiteral("; ")));
    }
    QHash<QString, const policy::CasSession *> byName;
    for (const policy::CasSession &s : sessions)
        byName.insert(s.name, &s);
    QList<CasUploadItem> items;
    items.reserve(plan.order.size());
    for (const QString &name : plan.order)
        if (const policy::CasSession *s = byName.value(name))
            items.append({name, policy::writeSession(*s).text.toUtf8()});
    return items;
}

bool isSessionHash(const QString &hash)
{
    if (hash.size() != 64)
        return false;
    for (const QChar c : hash)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
              (c >= QLatin1Char('A') && c <= QLatin1Char('F'))))
            return false;
    return true;
}

Result<QByteArray> withPredecessor(const QByteArray &sessionYaml, const QString &hash)
{
    if (!isSessionHash(hash))
        return makeError(QStringLiteral("upload.predecessor"),
                         QStringLiteral("`%1` is not a session hash (64 hex digits)").arg(hash.left(80)));
    const QByteArray line = "predecessor: " + hash.toLatin1() + '\n';
    QList<QByteArray> lines = sessionYaml.split('\n');
    const bool endsWithNewline = sessionYaml.endsWith('\n');
    if (endsWithNewline)
        lines.removeLast();
    qsizetype firstContent = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &l = lines.at(i);
        if (l.startsWith("predecessor:")) {
            lines[i] = line.chopped(1);
            QByteArray out = lines.join('\n');
            if (endsWithNewline)
                out += '\n';
            return out;
        }
        if (firstContent < 0 && isTopLevelContent(l))
            firstContent = i;
    }
    if (firstContent >= 0 && lines.at(firstContent).startsWith('{'))
        return makeError(QStringLiteral("upload.predecessor"),
                         QStringLiteral("the session is written as one flow mapping ({…}); a predecessor can only be "
                                        "added to a block-style session"));
    if (firstContent < 0)
        firstContent = lines.size();
    lines.insert(firstContent, line.chopped(1));
    QByteArray out = lines.join('\n');
    if (endsWithNewline)
        out += '\n';
    return out;
}

UploadDecision decideUpload(const std::optional<QString> &currentHash, const std::optional<QString> &recordedHash)
{
    UploadDecision d;
    if (!currentHash)
        return d;
    d.action = UploadDecision::Action::Update;
    d.predecessor = *currentHash;
    d.changedElsewhere = recordedHash && recordedHash->compare(*currentHash, Qt::CaseInsensitive) != 0;
    return d;
}

QString casCreateSessionPath()
{
    return QStringLiteral("/session");
}

QString casSessionPath(const QString &sessionName)
{
    QString path = QStringLiteral("/v1/sessions/");
    const QByteArray utf8 = sessionName.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '~' || c == '-' || c == '/')
            path += QLatin1Char(char(c));
        else
            path += QStringLiteral("%%1").arg(int(c), 2, 16, QLatin1Char('0')).toUpper();
    }
    return path;
}

QString casErrorMessage(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonValue msg = doc.object().value(QStringLiteral("msg"));
        QStringList parts;
        if (msg.isArray()) {
            for (const QJsonValue &v : msg.toArray())
                if (v.isString())
                    parts << v.toString();
        } else if (msg.isString()) {
            parts << msg.toString();
        }
        if (!parts.isEmpty())
            return parts.join(QStringLiteral("; ")).left(300);
    }
    return QString::fromUtf8(body.left(300)).trimmed();
}

Result<std::optional<CasSessionState>> parseGetSessionResponse(int status, const QByteArray &body)
{
    if (status >= 200 && status < 300) {
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        CasSessionState state;
        state.session = o.value(QStringLiteral("session")).toString();
        state.hash = o.value(QStringLiteral("hash")).toString();
        if (!isSessionHash(state.hash))
            return makeError(QStringLiteral("upload.cas"),
                             QStringLiteral("the CAS answered without a session hash (expected JSON with `session` and "
                                            "`hash`)"));
        state.hash = state.hash.toLower();
        return std::optional<CasSessionState>(std::move(state));
    }
    const QString message = casErrorMessage(body);
    if (status == 404 || message.contains(QLatin1String("not found"), Qt::CaseInsensitive))
        return std::optional<CasSessionState>();
    return makeError(QStringLiteral("upload.cas"),
                     QStringLiteral("the CAS refused to read the session (HTTP %1)").arg(status), message);
}

Result<QString> parseCreateSessionResponse(int status, const QByteArray &body)
{
    if (status >= 200 && status < 300) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (doc.isObject()) {
            const QString hash = doc.object().value(QStringLiteral("hash")).toString();
            if (isSessionHash(hash))
                return hash.toLower();
        }
        if (body.trimmed().startsWith("Created Session"))
            return QString();
        return makeError(QStringLiteral("upload.cas"),
                         QStringLiteral("the CAS accepted the session but its answer has no hash"),
                         QString::fromUtf8(body.left(200)));
    }
    const QString message = casErrorMessage(body);
    if (message.contains(kConflictText, Qt::CaseInsensitive))
        return makeError(QStringLiteral("upload.conflict"),
                         QStringLiteral("the CAS refused the session: it exists with another hash than the one given "
                                        "as predecessor (or none was given)"),
                         message);
    return makeError(QStringLiteral("upload.cas"), QStringLiteral("the CAS refused the session (HTTP %1)").arg(status),
                     message);
}

}  // namespace workbench::models::build
