// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

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
};

/// The whole chain on one project state: parse the changed texts → validate (the secret index
/// is built beside it on @p pool) → generate the sessions and the chart with the settings →
/// check the certificate secrets' structure (issuer cycles, references, names; no key is made) →
/// ONE sorted diagnostics list with the settings' findings, the validator's (merged with the
/// generator's so that one finding is not reported twice) and the certificate checks'. Pure
/// (no I/O beyond the `checkFiles` stat calls); the GUI runs it on a worker thread, the command
/// line on its own thread. @p pool may be null (everything on the calling thread).
AnalysisSnapshot analyzeProject(AnalysisInput input, QThreadPool *pool = nullptr);

/// The input for a project folder as it is on disk (what the command line analyses): every YAML
/// file (paths spelled as @p dir is spelled) and the settings file with @p overrides applied
/// (`--set NAME=VALUE`), worded for the command line. Fails when the folder or a file cannot be
/// read.
Result<AnalysisInput> analysisInputFromFolder(const QString &dir, const QList<QPair<QString, QString>> &overrides = {});

}  // namespace workbench::engine
