// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/sessionsecretspecs.h"
#include "documents/secretindex.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/projectsettings.h"
#include "validation/diagnostic.h"

#include <QHash>
#include <QPair>
#include <QString>

#include <memory>

namespace workbench::engine {

/// Errors, warnings and infos of one diagnostics list, and how every consumer words them.
struct DiagnosticCounts {
    int errors = 0;
    int warnings = 0;
    int infos = 0;

    static DiagnosticCounts of(const models::Diagnostics &diagnostics);
    /// "No problems", "1 error, 3 warnings" (infos are not counted as problems).
    QString summary() const;
    friend bool operator==(const DiagnosticCounts &, const DiagnosticCounts &) = default;
};

/// The analysis of one project state (the workspace's texts, unsaved buffers included, and the
/// deployment settings) as one immutable value: the files parsed once, the diagnostics of every
/// stage in ONE list (settings, validation, policy generation, certificate structure), the
/// generated sessions and chart, the secret index. Published by ProjectAnalysis (and returned by
/// analyzeProject() for the command line); every area, the status bar, the Problems pane and
/// `validate`/`render`/`certs` read the same one, so every count shown anywhere is this count.
///
/// Held through AnalysisSnapshotPtr: never changed after publication, safe to read from any
/// thread, cheap to keep (documents are shared).
struct AnalysisSnapshot {
    quint64 projectId = 0;   ///< which opened project (a new one per ProjectAnalysis::reset())
    quint64 generation = 0;  ///< increases with every change of texts or settings
    QString projectDir;      ///< empty when no project is open

    models::ManifestProject project;            ///< every YAML file, parsed once
    models::policy::ResolvedSettings settings;  ///< the settings the stages used
    SecretIndex secrets;                        ///< definitions and uses of every secret
    /// The sessions, upload plan and chart; its `diagnostics` is the one list below.
    models::policy::PolicyPreview policies;
    /// The certificate preview's input (private-key/x509/x509-ca secrets of the sessions).
    models::certs::SessionSecretSpecs secretSpecs;
    /// True when secretSpecs passed the structural checks, so issuing them cannot fail on the
    /// project (only on cancellation or a cryptographic error).
    bool secretSpecsIssuable = false;

    models::Diagnostics diagnostics;  ///< THE list: every stage's findings, sorted
    DiagnosticCounts counts;
    QHash<QString, QPair<int, int>> countsByFile;  ///< file -> (errors, warnings), for badges

    int parsedFiles = 0;   ///< files this run parsed (the others came from the previous snapshot)
    int validations = 0;   ///< validator runs of this run (1, or 0 for an empty snapshot)
    qint64 elapsedMs = 0;  ///< time of the run that produced it
    /// The fast lane's snapshot (see analyzeProject()): the whole run of the same generation
    /// follows and replaces it. The certificate preview is not started for it.
    bool provisional = false;

    bool hasErrors() const { return counts.errors > 0; }
    bool hasPolicies() const { return !policies.sessions.isEmpty(); }
    /// The diagnostics of one file, in list order.
    models::Diagnostics diagnosticsOf(const QString &file) const;
};

using AnalysisSnapshotPtr = std::shared_ptr<const AnalysisSnapshot>;

}  // namespace workbench::engine
