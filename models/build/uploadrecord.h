// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace workbench::models::build {

/// A session this project uploaded, with the hash the CAS gave it.
struct UploadedSession {
    QString cas;  ///< the CAS it went to (`host:port` as the user named it)
    QString session;
    QString hash;
    QDateTime uploadedAt;  ///< UTC

    friend bool operator==(const UploadedSession &, const UploadedSession &) = default;
};

/// The local record of uploaded session hashes, one entry per (CAS, session). Hashes are not
/// secrets: the record lives in the project's `.scone-workbench/uploads.json`.
class UploadRecord
{
public:
    std::optional<UploadedSession> find(const QString &cas, const QString &session) const;
    /// Adds or replaces the entry of (entry.cas, entry.session).
    void record(const UploadedSession &entry);
    /// Every entry, sorted by CAS then session.
    const QList<UploadedSession> &entries() const { return m_entries; }

    friend bool operator==(const UploadRecord &, const UploadRecord &) = default;

private:
    QList<UploadedSession> m_entries;  // sorted by (cas, session)
};

/// `<project>/.scone-workbench/uploads.json`.
QString uploadRecordPath(const QString &projectDir);

/// `{"version": 1, "uploads": [{"cas", "session", "hash", "uploaded"}, …]}`, sorted, with ISO
/// UTC times.
QByteArray uploadRecordToJson(const UploadRecord &record);
/// Parses uploadRecordToJson()'s format. Fails (`upload.record`) on malformed JSON, an unknown
/// version or an entry without CAS, session or a valid hash. @p fileName labels errors.
Result<UploadRecord> uploadRecordFromJson(const QByteArray &json, const QString &fileName = {});

/// Reads the project's record; a missing file is an empty record.
Result<UploadRecord> loadUploadRecord(const QString &projectDir);
/// Writes the record atomically, creating `.scone-workbench/`.
Status saveUploadRecord(const QString &projectDir, const UploadRecord &record);

}  // namespace workbench::models::build
