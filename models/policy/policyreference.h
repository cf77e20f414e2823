// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/outputfolder.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include "policy/cassession.h"

#include <optional>

namespace workbench::models::policy {

struct PolicyPreview;

/// Where reference versions of the sessions are kept, to diff the preview against:
/// `<project>/.scone-workbench/rendered/<session path>.yaml` (written when the user marks a
/// preview as rendered, or by render --out) and `<project>/.scone-workbench/uploaded/<session
/// path>.yaml` (written by the upload after the CAS accepted a session). Session paths follow
/// sessionFilePath() (`ns/flask-api` → `ns/flask-api.yaml`). These are policies, not secrets:
/// generated secret values never leave the CAS, and explicit ones (`value:`,
/// `application_secret:`) are stored redacted, as a hash (storableSessionText()).
enum class ReferenceKind { Rendered, Uploaded };

QString referenceDir(const QString &projectDir, ReferenceKind kind);
QString referencePath(const QString &projectDir, ReferenceKind kind, const QString &sessionName);

struct StoredReference {
    QString text;
    QString path;
    ReferenceKind kind = ReferenceKind::Rendered;
    QDateTime modified;
};

/// The most recent stored reference of @p sessionName (rendered or uploaded, newest file wins).
/// The session as stored for reference: explicit secret values are replaced by
/// `<redacted sha256:…>` (the first 16 hex digits of their hash), so a changed value still shows
/// in a diff while the value itself never lands in the project folder. Diff a stored reference
/// against this text of the current session.
QString storableSessionText(const CasSession &session);

std::optional<StoredReference> loadLatestReference(const QString &projectDir, const QString &sessionName);

/// Stores @p sessions (name, YAML text) as the reference of @p kind, replacing what was stored
/// for that kind before (sessions that no longer exist are removed). Written with
/// writeOutputFolder() confined to @p projectDir (a `.scone-workbench` or reference folder that
/// is a symbolic link is refused) and with force: files in the reference folder that the
/// workbench did not write stay, and refuse the store only where a session file goes.
Status storeReferences(const QString &projectDir, ReferenceKind kind, const QList<QPair<QString, QString>> &sessions);
/// Convenience: stores every session of a preview as the rendered reference.
Status storeRenderedReference(const QString &projectDir, const PolicyPreview &preview);

/// The files of a render output: `policies/<session path>.yaml` for every session,
/// `policies/upload-order.txt` (one session name per line) and the chart under `helm/`. A
/// session that holds explicit secret values (`value:`, `application_secret:`) is a secret file
/// (mode 0600), like the keys `certs` writes.
Result<QList<OutputFile>> renderOutputFiles(const PolicyPreview &preview);
/// The same, releasing each text of @p preview once it is encoded (a render of thousands of
/// services does not hold its texts twice).
Result<QList<OutputFile>> renderOutputFiles(PolicyPreview &&preview);

/// Writes a render output into @p outDir with writeOutputFolder() (which owns the rules: the
/// previous run's files replaced, foreign files refused unless options.force, never through a
/// symbolic link, whole or not at all).
Result<OutputWriteResult> writeRenderOutput(const PolicyPreview &preview, const QString &outDir,
                                            const OutputWriteOptions &options = {});

/// True when @p session holds a secret value in plain text (`value:` or `application_secret:`).
bool sessionHoldsSecretValues(const CasSession &session);

}  // namespace workbench::models::policy
