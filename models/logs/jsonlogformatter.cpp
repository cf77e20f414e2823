// SPDX-License-Identifier: Apache-2.0
#include "logs/jsonlogformatter.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace workbench::models::logs {

bool JsonLogFormatter::looksLikeJson(QByteArrayView line)
{
    const QByteArrayView t = line.trimmed();
    return t.size() >= 2 && t.front() == '{' && t.back() == '}';
}

std::optional<QString> JsonLogFormatter::prettyPrint(QByteArrayView line)
{
    if (!looksLikeJson(line))
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed().toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    QString text = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    return text;
}

}  // namespace workbench::models::logs
