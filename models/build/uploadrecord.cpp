// SPDX-License-Identifier: Apache-2.0
#include "build/uploadrecord.h"

#include "build/casupload.h"
#include "core/boundedfile.h"
#include "policy/projectsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace workbench::models::build {

namespace {

bool before(const UploadedSession &a, const QString &cas, const QString &session)
{
    return a.cas < cas || (a.cas == cas && a.session < session);
}

Error recordError(const QString &fileName, const QString &message, const QString &detail = {})
{
    Error e = makeError(QStringLiteral("upload.record"), message, detail);
    e.file = fileName;
    return e;
}

}  // namespace

std::optional<UploadedSession> UploadRecord::find(const QString &cas, const QString &session) const
{
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), 0,
                                     [&](const UploadedSession &e, int) { return before(e, cas, session); });
    if (it != m_entries.cend() && it->cas == cas && it->session == session)
        return *it;
    return std::nullopt;
}

void UploadRecord::record(const UploadedSession &entry)
{
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), 0, [&](const UploadedSession &e, int) {
        return before(e, entry.cas, entry.session);
    });
    if (it != m_entries.end() && it->cas == entry.cas && it->session == entry.session)
        *it = entry;
    else
        m_entries.insert(it, entry);
}

QString uploadRecordPath(const QString &projectDir)
{
    return policy::workbenchDir(projectDir) + QStringLiteral("/uploads.json");
}

QByteArray uploadRecordToJson(const UploadRecord &record)
{
    QJsonArray uploads;
    for (const UploadedSession &e : record.entries()) {
        QJsonObject o;
        o.insert(QStringLiteral("cas"), e.cas);
        o.insert(QStringLiteral("session"), e.session);
        o.insert(QStringLiteral("hash"), e.hash);
        o.insert(QStringLiteral("uploaded"), e.uploadedAt.toUTC().toString(Qt::ISODate));
        uploads.append(o);
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("uploads"), uploads);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<UploadRecord> uploadRecordFromJson(const QByteArray &json, const QString &fileName)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return recordError(fileName, QStringLiteral("the upload record is not a JSON object"),
                           parseError.errorString());
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("version")).toInt() != 1)
        return recordError(fileName, QStringLiteral("the upload record has an unknown version"));
    UploadRecord record;
    for (const QJsonValue &v : root.value(QStringLiteral("uploads")).toArray()) {
        const QJsonObject o = v.toObject();
        UploadedSession e;
        e.cas = o.value(QStringLiteral("cas")).toString();
        e.session = o.value(QStringLiteral("session")).toString();
        e.hash = o.value(QStringLiteral("hash")).toString();
        e.uploadedAt = QDateTime::fromString(o.value(QStringLiteral("uploaded")).toString(), Qt::ISODate).toUTC();
        if (e.cas.isEmpty() || e.session.isEmpty() || !isSessionHash(e.hash))
            return recordError(fileName,
                               QStringLiteral("an entry of the upload record has no CAS, session or valid hash"));
        record.record(e);
    }
    return record;
}

Result<UploadRecord> loadUploadRecord(const QString &projectDir)
{
    const QString path = uploadRecordPath(projectDir);
    if (!QFileInfo::exists(path) && !QFileInfo(path).isSymLink())
        return UploadRecord();
    const Result<QByteArray> text = readFileBounded(path);
    if (!text.ok())
        return recordError(path, QStringLiteral("cannot read the upload record"), text.error().message);
    return uploadRecordFromJson(text.value(), path);
}

Status saveUploadRecord(const QString &projectDir, const UploadRecord &record)
{
    const QString dir = policy::workbenchDir(projectDir);
    if (!QDir().mkpath(dir))
        return recordError(dir, QStringLiteral("cannot create the folder"));
    const QString path = uploadRecordPath(projectDir);
    QSaveFile f(path);
    const QByteArray bytes = uploadRecordToJson(record);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return recordError(path, QStringLiteral("cannot write the upload record"), f.errorString());
    return Ok{};
}

}  // namespace workbench::models::build
