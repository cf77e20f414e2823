// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/cassession.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::policy {

/// One line of a line diff between a reference and the preview.
struct DiffLine {
    enum class Kind { Same, Added, Removed };
    Kind kind = Kind::Same;
    QString text;
    int oldLine = 0;  ///< 1-based in the reference, 0 for Added
    int newLine = 0;  ///< 1-based in the preview, 0 for Removed
};

/// Line diff (Myers, minimal). Deterministic.
QList<DiffLine> diffLines(const QStringList &oldLines, const QStringList &newLines);
QList<DiffLine> diffText(const QString &oldText, const QString &newText);

/// A change that relaxes what the CAS checks before releasing secrets.
struct SecurityChange {
    enum class Kind {
        NewTolerate,          ///< a new `security.attestation.tolerate` entry (e.g. debug-mode)
        WidenedAdvisories,    ///< `ignore_advisories` gained advisories or became "*"
        RemovedMrenclave,     ///< an MRENCLAVE a service accepted before is gone or replaced
        AttestationDisabled,  ///< a service lost all attestation, or attestation mode became none
        WeakerAccessPolicy,   ///< `access_policy` admits more (new entries, ANY, NONE removed)
        NewPublicExport,      ///< a secret became `export_public: true`
        NewExport,            ///< a secret is exported to a session it was not exported to before
    };
    Kind kind;
    QString service;  ///< service or secret or access section concerned; empty if session-wide
    QString detail;   ///< one sentence
    int newLine = 0;  ///< line in the preview text that shows it (0 if it is a removal)
    int oldLine = 0;  ///< line in the reference text (removals)
};
QString securityChangeTitle(SecurityChange::Kind kind);

/// The structural review of @p preview against @p reference: every relaxation of attestation
/// or access. Tightening (a removed tolerate, an added MRENCLAVE) is not a security change.
QList<SecurityChange> securityChanges(const CasSession &reference, const CasSession &preview);

struct SessionDiff {
    QList<DiffLine> lines;
    QList<SecurityChange> securityChanges;
    QString error;  ///< set when a side could not be parsed (lines are still filled)
    bool identical() const;
};

/// Diffs two session texts: lines, plus security changes when both parse as sessions. Line
/// numbers of the security changes refer to the texts given.
SessionDiff diffSessions(const QString &referenceText, const QString &previewText);

}  // namespace workbench::models::policy
