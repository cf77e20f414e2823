// SPDX-License-Identifier: Apache-2.0
#include "analysis/projectanalyzer.h"

#include "core/poolparallelfor.h"

#include "certs/certificateissuer.h"
#include "core/boundedfile.h"
#include "validation/projectvalidator.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace workbench::engine {

using models::Diagnostic;
using models::Diagnostics;

DiagnosticCounts DiagnosticCounts::of(const Diagnostics &diagnostics)
{
    DiagnosticCounts c;
    for (const Diagnostic &d : diagnostics) {
        switch (d.severity) {
        case Diagnostic::Severity::Error:
            ++c.errors;
            break;
        case Diagnostic::Severity::Warning:
            ++c.warnings;
            break;
        case Diagnostic::Severity::Info:
            ++c.infos;
            break;
        }
    }
    return c;
}

QString DiagnosticCounts::summary() const
{
    if (errors == 0 && warnings == 0)
        return QStringLiteral("No problems");
    const QLatin1String es(errors == 1 ? "" : "s"), ws(warnings == 1 ? "" : "s");
    return QStringLiteral("%1 error%2, %3 warning%4").arg(errors).arg(es).arg(warnings).arg(ws);
}

namespace {

/// What the stages beside the validation produce.
struct Derived {
    SecretIndex secrets;
    models::policy::PolicyPreview policies;
    models::certs::SessionSecretSpecs secretSpecs;
    Diagnostics certificateFindings;
};

/// One list from the validator's findings and the policy generator's: where both report the
/// same line, the more severe side's findings stay and the other side's are dropped (they say
/// the same thing twice, e.g. `var.undefined` beside `$VAR is not set`); at equal severity the
/// validator's stay, as its codes are the documented, stable ones. Infos and findings without a
/// line are all kept.
Diagnostics mergeFindings(const Diagnostics &validation, const Diagnostics &generation)
{
    auto key = [](const Diagnostic &d) -> QString { return d.file + QLatin1Char(':') + QString::number(d.line); };
    auto counted = [](const Diagnostic &d) { return d.line > 0 && d.severity != Diagnostic::Severity::Info; };
    QHash<QString, int> bestV, bestG;  // most severe per line (Error = 0)
    for (const Diagnostic &d : validation)
        if (counted(d))
            bestV.insert(key(d), std::min(bestV.value(key(d), int(Diagnostic::Severity::Info)), int(d.severity)));
    for (const Diagnostic &d : generation)
        if (counted(d))
            bestG.insert(key(d), std::min(bestG.value(key(d), int(Diagnostic::Severity::Info)), int(d.severity)));
    Diagnostics out;
    out.reserve(validation.size() + generation.size());
    for (const Diagnostic &d : validation) {
        const auto g = bestG.constFind(key(d));
        if (counted(d) && g != bestG.cend() && g.value() < bestV.value(key(d)) && int(d.severity) >= g.value())
            continue;
        out.append(d);
    }
    for (const Diagnostic &d : generation) {
        const auto v = bestV.constFind(key(d));
        if (counted(d) && v != bestV.cend() && v.value() <= bestG.value(key(d)) && int(d.severity) >= v.value())
            continue;
        out.append(d);
    }
    return out;
}

/// The counts and per-file badges of @p s from its diagnostics.
void countDiagnostics(AnalysisSnapshot &s)
{
    s.counts = DiagnosticCounts::of(s.diagnostics);
    s.countsByFile.clear();
    for (const Diagnostic &d : std::as_const(s.diagnostics)) {
        auto &c = s.countsByFile[d.file];
        if (d.severity == Diagnostic::Severity::Error)
            ++c.first;
        else if (d.severity == Diagnostic::Severity::Warning)
            ++c.second;
    }
}

/// The fast lane's snapshot: @p previous with the new parse of @p current and, for @p file,
/// the validator's findings about it.
AnalysisSnapshot provisionalSnapshot(const AnalysisSnapshot &previous, const AnalysisSnapshot &current,
                                     const QString &file, const models::ValidationOptions &options)
{
    AnalysisSnapshot p = previous;
    p.generation = current.generation;
    p.project = current.project;
    p.provisional = true;
    p.parsedFiles = 0;
    p.validations = 0;
    Diagnostics all;
    all.reserve(previous.diagnostics.size());
    for (const Diagnostic &d : previous.diagnostics)
        if (d.file != file)
            all.append(d);
    all += models::ProjectValidator(options).validateFileInProject(current.project, file);
    models::sortDiagnostics(all);
    p.policies.diagnostics = all;
    p.diagnostics = std::move(all);
    countDiagnostics(p);
    return p;
}

}  // namespace

Diagnostics AnalysisSnapshot::diagnosticsOf(const QString &file) const
{
    Diagnostics out;
    for (const Diagnostic &d : diagnostics)
        if (d.file == file)
            out.append(d);
    return out;
}

namespace {

/// The first stage of every run: the snapshot's identity, the changed files read and parsed.
AnalysisSnapshot parseInput(AnalysisInput &input)
{
    AnalysisSnapshot s;
    s.projectId = input.projectId;
    s.generation = input.generation;
    s.projectDir = input.projectDir;
    s.settings = std::move(input.settings);
    s.project = std::move(input.base);
    if (s.project.rootDir().isEmpty())
        s.project.setRootDir(input.projectDir);
    // Files without an unsaved buffer are read here, off the UI thread.
    // As ProjectWorkspace::text(): a file that is there but cannot be read (a FIFO, /dev/zero
    // behind a link, too large) reads as nothing; opening it in an editor says why.
    for (const QString &path : std::as_const(input.filesToRead)) {
        const QFileInfo fi(path);
        if (!fi.exists() && !fi.isSymLink()) {
            input.removed.append(path);
            continue;
        }
        Result<QByteArray> text = models::readFileBounded(path);
        input.texts.append({path, text.ok() ? std::move(text).value() : QByteArray()});
    }
    // Parse once: a text the previous run parsed as it is now is kept.
    for (const auto &t : std::as_const(input.texts)) {
        const models::ManifestFile *parsed = s.project.file(t.first);
        if (parsed && parsed->document.text() == t.second)
            continue;
        s.project.setText(t.first, t.second);
        ++s.parsedFiles;
    }
    for (const QString &path : std::as_const(input.removed))
        s.project.removeFile(path);
    return s;
}

/// What the validator is told: the settings' variables are the defined shell variables.
models::ValidationOptions validationOptions(const AnalysisInput &input, const AnalysisSnapshot &s)
{
    models::ValidationOptions vo;
    vo.checkFiles = input.checkFiles && !s.project.rootDir().isEmpty();
    QSet<QString> names;
    const QMap<QString, QString> variables = s.settings.values.toVariables();
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        names.insert(it.key());
    vo.shellVariables = names;
    return vo;
}

bool fastLaneApplies(const AnalysisInput &input, const AnalysisSnapshot &s)
{
    return !input.focusFile.isEmpty() && input.previous && input.previous->projectId == s.projectId &&
           s.project.files().size() >= kProvisionalMinFiles && s.project.file(input.focusFile);
}

}  // namespace

std::optional<AnalysisSnapshot> analyzeFileProvisionally(AnalysisInput input)
{
    QElapsedTimer clock;
    clock.start();
    AnalysisSnapshot s = parseInput(input);
    if (!fastLaneApplies(input, s))
        return std::nullopt;
    AnalysisSnapshot p = provisionalSnapshot(*input.previous, s, input.focusFile, validationOptions(input, s));
    p.elapsedMs = clock.elapsed();
    return p;
}

AnalysisSnapshot analyzeProject(AnalysisInput input, QThreadPool *pool, const ProvisionalSink &provisional)
{
    QElapsedTimer clock;
    clock.start();
    AnalysisSnapshot s = parseInput(input);
    if (input.cancel.isCancelled() || (s.projectDir.isEmpty() && s.project.files().isEmpty())) {
        s.elapsedMs = clock.elapsed();
        return s;  // no project: nothing to say
    }

    const models::ValidationOptions vo = validationOptions(input, s);
    if (provisional && fastLaneApplies(input, s)) {
        AnalysisSnapshot p = provisionalSnapshot(*input.previous, s, input.focusFile, vo);
        p.elapsedMs = clock.elapsed();
        provisional(std::move(p));
    }

    // Two stages that only read the parse run side by side: the validation here, and on @p pool
    // the secret index, the policies and the certificate structure (which need no validation:
    // the generator is told that the validator reports what it reports more precisely).
    const models::policy::DeploymentSettings settings = s.settings.values;
    auto derive = [project = s.project, settings, commandLine = input.commandLine,
                   buildSecretIndex = input.buildSecretIndex, writeTexts = input.writeTexts, pool] {
        Derived out;
        if (buildSecretIndex)
            out.secrets = SecretIndex::build(project);
        const Diagnostics none;
        models::policy::PolicyGenerationOptions go;
        go.settings = settings;
        go.runValidator = true;
        go.commandLine = commandLine;
        go.validatorFindings = &none;  // merged below, once
        go.writeTexts = writeTexts;
        go.parallelFor = parallelForOn(pool);
        out.policies = models::policy::generatePolicies(project, go);
        out.secretSpecs = models::certs::secretSpecsFromSessions(out.policies.sessions, parallelForOn(pool));
        out.certificateFindings = models::certs::checkSecretSpecs(out.secretSpecs.specs, parallelForOn(pool));
        return out;
    };
    QFuture<Derived> derived;
    if (pool)
        derived = QtConcurrent::run(pool, derive);

    const Diagnostics validation = models::ProjectValidator(vo).validate(s.project);
    s.validations = 1;

    Derived side = pool ? derived.result() : derive();  // result() runs it here if no thread took it
    s.secrets = std::move(side.secrets);
    s.policies = std::move(side.policies);
    s.secretSpecs = std::move(side.secretSpecs);

    Diagnostics all = s.settings.diagnostics;
    all += mergeFindings(validation, s.policies.diagnostics);
    // Certificate structure: what issuing would stop on (a CA issued by itself, a reference that
    // leads nowhere, a SAN that is no host name). Listed once the rest has no errors: before,
    // its findings would mostly repeat the validator's about the same secrets.
    if (!models::hasErrors(all)) {
        s.secretSpecsIssuable = !models::hasErrors(side.certificateFindings);
        all += side.certificateFindings;
    }
    models::sortDiagnostics(all);
    s.policies.diagnostics = all;
    s.diagnostics = std::move(all);
    countDiagnostics(s);
    s.elapsedMs = clock.elapsed();
    return s;
}

Result<AnalysisInput> analysisInputFromFolder(const QString &dir, const QList<QPair<QString, QString>> &overrides,
                                              QThreadPool *pool)
{
    Result<models::ManifestProject> project = models::ManifestProject::loadFolder(dir, parallelForOn(pool));
    if (!project.ok())
        return project.error();
    AnalysisInput input;
    input.projectDir = dir;
    input.base = std::move(project).value();
    input.settings = models::policy::readProjectSettings(dir, overrides);
    input.checkFiles = true;
    input.commandLine = true;
    return input;
}

}  // namespace workbench::engine
