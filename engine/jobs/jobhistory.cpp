// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobhistory.h"

#include "core/boundedfile.h"
#include "core/errorcodes.h"
#include "core/logging.h"
#include "jobs/job.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace workbench::engine::jobs {

namespace {
Error ioError(const QString &message, const QString &detail = {})
{
    return makeError(QString(errc::historyIo), message, detail);
}

Status writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("Could not write the run history."),
                       path + QStringLiteral(": ") + f.errorString());
    f.write(bytes);
    if (!f.commit())
        return ioError(QStringLiteral("Could not write the run history."),
                       path + QStringLiteral(": ") + f.errorString());
    return Ok{};
}

QString cutLog(const QString &log, qint64 maxBytes)
{
    const QByteArray utf8 = log.toUtf8();
    if (utf8.size() <= maxBytes)
        return log;
    // Keep the newest part, starting at a line boundary.
    qsizetype start = utf8.size() - maxBytes;
    const qsizetype nl = utf8.indexOf('\n', start);
    start = nl < 0 ? start : nl + 1;
    return QStringLiteral("[earlier output not kept]\n") + QString::fromUtf8(utf8.mid(start));
}
}  // namespace

QString JobHistory::canonicalProjectPath(const QString &projectPath)
{
    const QFileInfo info(projectPath);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

JobHistory::JobHistory(const QString &projectPath, const QString &baseDirectory)
    : m_projectKey(canonicalProjectPath(projectPath))
{
    QString base = baseDirectory;
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history");
    const QByteArray hash = QCryptographicHash::hash(m_projectKey.toUtf8(), QCryptographicHash::Sha256).toHex();
    m_directory = QDir(base).filePath(QString::fromLatin1(hash.left(32)));
}

void JobHistory::setMaxRuns(int maxRuns)
{
    m_maxRuns = std::max(1, maxRuns);
}

void JobHistory::setMaxLogBytes(qint64 bytes)
{
    m_maxLogBytes = std::max<qint64>(1024, bytes);
}

Status JobHistory::record(const Job &job)
{
    return append(RunRecord::fromJob(job, m_maxLogBytes));
}

Status JobHistory::append(RunRecord run)
{
    if (!QDir().mkpath(m_directory))
        return ioError(QStringLiteral("Could not create the run history folder."), m_directory);
    const QString marker = QDir(m_directory).filePath(QStringLiteral("project.json"));
    if (!QFileInfo::exists(marker)) {
        const QJsonObject o{{QStringLiteral("path"), m_projectKey}};
        if (auto s = writeAtomically(marker, QJsonDocument(o).toJson()); !s.ok())
            return s;
    }
    run.log = cutLog(run.log, m_maxLogBytes);
    const QDateTime when = (run.startedAt.isValid() ? run.startedAt : QDateTime::currentDateTimeUtc()).toUTC();
    // Sortable by name: the UTC start time first.
    const QString name =
        QStringLiteral("run-%1-%2.json").arg(when.toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz")), run.id.left(8));
    if (auto s = writeAtomically(QDir(m_directory).filePath(name),
                                 QJsonDocument(run.toJson()).toJson(QJsonDocument::Compact));
        !s.ok())
        return s;

    QStringList files = QDir(m_directory).entryList({QStringLiteral("run-*.json")}, QDir::Files, QDir::Name);
    while (files.size() > m_maxRuns) {
        const QString oldest = files.takeFirst();
        if (!QFile::remove(QDir(m_directory).filePath(oldest)))
            qCWarning(lcHistory) << "could not remove old run" << oldest;
    }
    qCDebug(lcHistory) << "recorded run" << run.id << "in" << m_directory;
    return Ok{};
}

Result<QList<RunRecord>> JobHistory::runs() const
{
    QList<RunRecord> out;
    const QDir dir(m_directory);
    if (!dir.exists())
        return out;
    QStringList files = dir.entryList({QStringLiteral("run-*.json")}, QDir::Files, QDir::Name);
    std::reverse(files.begin(), files.end());
    for (const QString &name : std::as_const(files)) {
        const Result<QByteArray> text = models::readFileBounded(dir.filePath(name));
        if (!text.ok()) {
            qCWarning(lcHistory) << text.error().message;
            continue;
        }
        QJsonParseError perr{};
        const QJsonDocument doc = QJsonDocument::fromJson(text.value(), &perr);
        Result<RunRecord> r = doc.isObject()
                                  ? RunRecord::fromJson(doc.object())
                                  : Result<RunRecord>(ioError(QStringLiteral("Not JSON."), perr.errorString()));
        if (!r.ok()) {
            qCWarning(lcHistory) << "skipping" << dir.filePath(name) << r.error().toString();
            continue;
        }
        out.append(std::move(r).value());
    }
    return out;
}

Status JobHistory::clear()
{
    QDir dir(m_directory);
    if (dir.exists() && !dir.removeRecursively())
        return ioError(QStringLiteral("Could not delete the run history."), m_directory);
    return Ok{};
}

}  // namespace workbench::engine::jobs
