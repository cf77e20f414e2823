// SPDX-License-Identifier: Apache-2.0
#include "policy/policyreference.h"

#include "policy/policygenerator.h"
#include "policy/projectsettings.h"
#include "policy/sessionwriter.h"

#include "core/boundedfile.h"
#include <QCryptographicHash>

#include <QDir>
#include <QFileInfo>

#include <utility>

namespace workbench::models::policy {

namespace {}  // namespace

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
        if (!fi.isFile() || fi.isSymLink())
            continue;  // a reference is a file the workbench wrote, never a link out of the project
        if (best && best->modified > fi.lastModified())
            continue;
        const Result<QByteArray> text = readFileBounded(path);
        if (!text.ok())
            continue;
        best = StoredReference{QString::fromUtf8(text.value()), path, kind, fi.lastModified()};
    }
    return best;
}

Status storeReferences(const QString &projectDir, ReferenceKind kind, const QList<QPair<QString, QString>> &sessions)
{
    QList<OutputFile> files;
    for (const auto &s : sessions)
        files.append(OutputFile{sessionFilePath(s.first), s.second.toUtf8(), false});
    OutputWriteOptions options;
    options.force = true;  // the workbench's own folder: whatever else is there stays
    options.confinedTo = projectDir;
    const Result<OutputWriteResult> written = writeOutputFolder(referenceDir(projectDir, kind), files, options);
    if (!written.ok())
        return written.error();
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

bool sessionHoldsSecretValues(const CasSession &session)
{
    for (const CasSecret &secret : session.secrets)
        if (secret.value || !secret.applicationSecret.isEmpty())
            return true;
    return false;
}

Result<QList<OutputFile>> renderOutputFiles(const PolicyPreview &preview)
{
    return renderOutputFiles(PolicyPreview(preview));
}

Result<QList<OutputFile>> renderOutputFiles(PolicyPreview &&preview)
{
    // Encodes a text and lets it go (the list is this preview's own after the first write).
    auto take = [](QString &text) { return std::exchange(text, QString()).toUtf8(); };
    QList<OutputFile> files;
    files.reserve(preview.sessions.size() + 1 + preview.chart.files.size());
    for (int i = 0; i < preview.sessions.size(); ++i) {
        const CasSession &session = preview.sessions.at(i);
        files.append(OutputFile{QStringLiteral("policies/") + sessionFilePath(session.name),
                                i < preview.sessionYaml.size() ? take(preview.sessionYaml[i].text) : QByteArray(),
                                sessionHoldsSecretValues(session)});
    }
    QString order;
    for (const QString &name : preview.upload.order)
        order += name + QLatin1Char('\n');
    files.append(OutputFile{QStringLiteral("policies/upload-order.txt"), order.toUtf8(), false});
    for (ChartFile &f : preview.chart.files) {
        const QString rel = QStringLiteral("helm/") + f.path;
        if (f.path.startsWith(QLatin1Char('/')) || QDir::cleanPath(rel) != rel || f.path.contains(QLatin1String("..")))
            return makeError(QStringLiteral("render.path"),
                             QStringLiteral("Refusing to write chart file %1 outside the output folder.").arg(f.path));
        files.append(OutputFile{rel, take(f.content.text), false});
    }
    return files;
}

Result<OutputWriteResult> writeRenderOutput(const PolicyPreview &preview, const QString &outDir,
                                            const OutputWriteOptions &options)
{
    const Result<QList<OutputFile>> files = renderOutputFiles(preview);
    if (!files.ok())
        return files.error();
    return writeOutputFolder(outDir, files.value(), options);
}

}  // namespace workbench::models::policy
