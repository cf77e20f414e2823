// SPDX-License-Identifier: Apache-2.0
#include "policy/policyreference.h"

#include "policy/policygenerator.h"
#include "policy/projectsettings.h"
#include "policy/sessionwriter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace workbench::models::policy {

namespace {

Status writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(QStringLiteral("render.write"), QStringLiteral("Cannot create the folder of %1.").arg(path));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        Error e =
            makeError(QStringLiteral("render.write"), QStringLiteral("Cannot write %1.").arg(path), f.errorString());
        e.file = path;
        return e;
    }
    f.write(bytes);
    if (!f.commit()) {
        Error e =
            makeError(QStringLiteral("render.write"), QStringLiteral("Cannot write %1.").arg(path), f.errorString());
        e.file = path;
        return e;
    }
    return Ok{};
}

Status replaceDir(const QString &path)
{
    QDir d(path);
    if (d.exists() && !d.removeRecursively())
        return makeError(QStringLiteral("render.write"), QStringLiteral("Cannot remove the old %1.").arg(path));
    if (!QDir().mkpath(path))
        return makeError(QStringLiteral("render.write"), QStringLiteral("Cannot create %1.").arg(path));
    return Ok{};
}

}  // namespace

QString referenceDir(const QString &projectDir, ReferenceKind kind)
{
    return QDir(workbenchDir(projectDir))
        .filePath(kind == ReferenceKind::Uploaded ? QStringLiteral("uploaded") : QStringLiteral("rendered"));
}

QString referencePath(const QString &projectDir, ReferenceKind kind, const QString &sessionName)
{
    return QDir(referenceDir(projectDir, kind)).filePath(sessionFilePath(sessionName));
}

std::optional<StoredReference> loadLatestReference(const QString &projectDir, const QString &sessionName)
{
    std::optional<StoredReference> best;
    for (ReferenceKind kind : {ReferenceKind::Rendered, ReferenceKind::Uploaded}) {
        const QString path = referencePath(projectDir, kind, sessionName);
        const QFileInfo fi(path);
        if (!fi.isFile())
            continue;
        if (best && best->modified > fi.lastModified())
            continue;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        best = StoredReference{QString::fromUtf8(f.readAll()), path, kind, fi.lastModified()};
    }
    return best;
}

Status storeReferences(const QString &projectDir, ReferenceKind kind, const QList<QPair<QString, QString>> &sessions)
{
    const QString dir = referenceDir(projectDir, kind);
    Status st = replaceDir(dir);
    if (!st.ok())
        return st;
    for (const auto &s : sessions) {
        st = writeFile(QDir(dir).filePath(sessionFilePath(s.first)), s.second.toUtf8());
        if (!st.ok())
            return st;
    }
    return Ok{};
}

QString storableSessionText(const CasSession &session)
{
    auto redact = [](const QString &value) {
        const QByteArray hash = QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
        return QStringLiteral("<redacted sha256:%1>").arg(QString::fromLatin1(hash));
    };
    CasSession copy = session;
    for (CasSecret &secret : copy.secrets) {
        if (secret.value)
            secret.value = redact(*secret.value);
        if (!secret.applicationSecret.isEmpty())
            secret.applicationSecret = redact(secret.applicationSecret);
    }
    return writeSession(copy).text;
}

Status storeRenderedReference(const QString &projectDir, const PolicyPreview &preview)
{
    QList<QPair<QString, QString>> sessions;
    for (const CasSession &session : preview.sessions)
        sessions.append({session.name, storableSessionText(session)});
    return storeReferences(projectDir, ReferenceKind::Rendered, sessions);
}

Result<QStringList> writeRenderOutput(const PolicyPreview &preview, const QString &outDir)
{
    QStringList written;
    const QDir out(outDir);
    const QString policies = out.filePath(QStringLiteral("policies"));
    const QString helm = out.filePath(QStringLiteral("helm"));
    for (const QString &d : {policies, helm}) {
        Status st = replaceDir(d);
        if (!st.ok())
            return st.error();
    }
    for (int i = 0; i < preview.sessions.size(); ++i) {
        const QString rel = QStringLiteral("policies/") + sessionFilePath(preview.sessions.at(i).name);
        Status st = writeFile(out.filePath(rel), preview.sessionYaml.value(i).text.toUtf8());
        if (!st.ok())
            return st.error();
        written.append(rel);
    }
    QString order;
    for (const QString &name : preview.upload.order)
        order += name + QLatin1Char('\n');
    Status st = writeFile(out.filePath(QStringLiteral("policies/upload-order.txt")), order.toUtf8());
    if (!st.ok())
        return st.error();
    written.append(QStringLiteral("policies/upload-order.txt"));
    for (const ChartFile &f : preview.chart.files) {
        const QString rel = QStringLiteral("helm/") + f.path;
        if (f.path.startsWith(QLatin1Char('/')) || QDir::cleanPath(rel) != rel || f.path.contains(QLatin1String("..")))
            return makeError(QStringLiteral("render.path"),
                             QStringLiteral("Refusing to write chart file %1 outside the output folder.").arg(f.path));
        st = writeFile(out.filePath(rel), f.content.text.toUtf8());
        if (!st.ok())
            return st.error();
        written.append(rel);
    }
    return written;
}

}  // namespace workbench::models::policy
