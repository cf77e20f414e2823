// SPDX-License-Identifier: Apache-2.0
#include "tls/tlsendpoint.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace workbench::engine::tls {

QString TlsEndpoint::toString() const
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') + QString::number(port);
}

QString TlsEndpoint::effectiveServerName() const
{
    if (!serverName.isEmpty())
        return serverName;
    return QHostAddress(host).isNull() ? host : QString();
}

Result<TlsEndpoint> parseTlsEndpoint(const QString &text)
{
    const QString t = text.trimmed();
    QString host;
    QString port;
    if (t.startsWith(QLatin1Char('['))) {
        const qsizetype close = t.indexOf(QLatin1Char(']'));
        if (close < 0 || t.mid(close + 1, 1) != QLatin1String(":"))
            return makeError(QStringLiteral("tls.endpoint"), QStringLiteral("'%1' is not [ADDRESS]:PORT.").arg(t));
        host = t.mid(1, close - 1);
        port = t.mid(close + 2);
    } else {
        const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0 || t.count(QLatin1Char(':')) != 1)
            return makeError(QStringLiteral("tls.endpoint"), QStringLiteral("'%1' is not HOST:PORT.").arg(t));
        host = t.left(colon);
        port = t.mid(colon + 1);
    }
    bool ok = false;
    const uint p = port.toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        return makeError(QStringLiteral("tls.endpoint"), QStringLiteral("'%1' has no valid port (1-65535).").arg(t));
    static const QRegularExpression hostRe(QStringLiteral("^[A-Za-z0-9._:-]+$"));
    if (host.isEmpty() || !hostRe.match(host).hasMatch())
        return makeError(QStringLiteral("tls.endpoint"), QStringLiteral("'%1' has no valid host.").arg(t));
    TlsEndpoint e;
    e.host = host;
    e.port = quint16(p);
    return e;
}

bool looksLikeHostPort(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}$"));
    return re.match(text.trimmed()).hasMatch();
}

}  // namespace workbench::engine::tls
