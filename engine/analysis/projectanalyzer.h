// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "core/cancellationtoken.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QThreadPool;

namespace workbench::engine {

/// What one analysis run reads: copies only, so a run can go to a worker thread.
struct AnalysisInput {
    quint64 projectId = 0;
    quint64 generation = 0;
    QString projectDir;
    /// The files as the previous run parsed them; a text below that equals its parsed text is
    /// not parsed again (parse once).
    models::ManifestProject base;
    QList<QPair<QString, QByteArray>> texts;  ///< current texts of files that may have changed
    QStringList filesToRead;                  ///< files that may have changed, read by the run itself
    QStringList removed;                      ///< files gone since `base`
    models::policy::ResolvedSettings settings;
    /// Check that the files `build.copy`/`requirements` name exist (needs a project folder).
    bool checkFiles = true;
    /// The findings are for the command line: a fix is worded as `--set NAME=VALUE` or the
    /// settings file, not the window's Deployment settings (the same findings otherwise).
    bool commandLine = false;
    /// What the run makes besides the diagnostics (which are the same either way): the secret
    /// index (the editor's go to definition, rename, hovers), and the texts of the sessions and
    /// the chart (PolicyGenerationOptions::writeTexts). The command line turns off what it does
    /// not read (`validate`: both; `render`, `certs`: the secret index).
    bool buildSecretIndex = true;
    bool writeTexts = true;
    /// The editor's fast lane: when exactly one file changed since @p previous (the published
    /// snapshot this input continues) and the project is big, the run first reports a
    /// provisional snapshot (see analyzeProject()).
    QString focusFile;
    AnalysisSnapshotPtr previous;
    /// Checked between the stages (after reading and parsing, after validating): once cancelled,
    /// the run returns early with an incomplete snapshot that its caller must drop.
    CancellationToken cancel;
};

/// Files from which a one-file change is first reported provisionally (below, the whole run is
/// about as fast as the fast lane).
constexpr int kProvisionalMinFiles = 100;

/// Called with the provisional snapshot of a run (on the run's thread).
using ProvisionalSink = std::function<void(AnalysisSnapshot)>;

/// The whole chain on one project state: parse the changed texts → validate (the secret index
/// is built beside it on @p pool) → generate the sessions and the chart with the settings →
/// check the certificate secrets' structure (issuer cycles, references, names; no key is made) →
/// ONE sorted diagnostics list with the settings' findings, the validator's (merged with the
/// generator's so that one finding is not reported twice) and the certificate checks'. Pure
/// (no I/O beyond the `checkFiles` stat calls); the GUI runs it on a worker thread, the command
/// line on its own thread. @p pool may be null (everything on the calling thread).
///
/// With @p provisional, an input whose focusFile is set and whose project has at least
/// kProvisionalMinFiles files first yields, right after the parse, a provisional snapshot: the
/// previous one with the new parse and, for the focus file, exactly the validator's findings
/// about it (ProjectValidator::validateFileInProject(), so typing latency does not grow with the
/// project); the other files keep their previous findings, the policies and certificate
/// structure are the previous ones. The returned snapshot is the whole run, as always.
AnalysisSnapshot analyzeProject(AnalysisInput input, QThreadPool *pool = nullptr,
                                const ProvisionalSink &provisional = {});

/// The fast lane alone: the provisional snapshot of analyzeProject() (nullopt when the fast
/// lane does not apply to @p input), for a one-file change while a whole run is still busy.
std::optional<AnalysisSnapshot> analyzeFileProvisionally(AnalysisInput input);

/// The input for a project folder as it is on disk (what the command line analyses): every YAML
/// file (paths spelled as @p dir is spelled) and the settings file with @p overrides applied
/// (`--set NAME=VALUE`), worded for the command line. Fails when the folder or a file cannot be
/// read. The files are read and parsed on @p pool when given (the same input as without it).
Result<AnalysisInput> analysisInputFromFolder(const QString &dir, const QList<QPair<QString, QString>> &overrides = {},
                                              QThreadPool *pool = nullptr);

}  // namespace workbench::engine
