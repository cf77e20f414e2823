// SPDX-License-Identifier: Apache-2.0
// `scone-workbench certs PROJECT_DIR --out DIR [--set NAME=VALUE]...`: issues the certificates
// the project's CAS policies describe, locally, so their chains can be tested before deploying.
#include "cli/cli.h"
#include "cli/commandoutput.h"
#include "cli/commands.h"
#include "cli/projectrun.h"

#include "analysis/certificatepreview.h"
#include "certs/certificateexport.h"
#include "certs/previewreport.h"
#include "core/displaytext.h"
#include "policy/sessionwriter.h"

#include <QDir>
#include <QThreadPool>

namespace workbench::cli {

namespace {

using namespace workbench::models;
using namespace workbench::models::certs;
using namespace workbench::models::policy;

const char kHelp[] = "Usage: scone-workbench certs PROJECT_DIR --out DIR [--set NAME=VALUE]... [--force]\n"
                     "\n"
                     "Issues, locally, the keys and certificates the project's CAS policies describe (every\n"
                     "private-key, x509 and x509-ca secret; imported secrets are the exporting session's), verifies\n"
                     "every chain and writes, for each x509/x509-ca secret S of session N:\n"
                     "  DIR/N/S.crt         the certificate (PEM)\n"
                     "  DIR/N/S.chain.pem   the certificate followed by its issuers up to the root\n"
                     "  DIR/N/S.key         its private key (PEM, mode 0600), when session N holds that key\n"
                     "and DIR/report.txt with the issuer tree and the verification results.\n"
                     "DIR/.scone-workbench-output lists the files written: the next run replaces exactly those\n"
                     "(all at once, or nothing changes). A DIR that holds anything else is refused unless\n"
                     "--force; with --force those files stay as they are, and only a file where the output\n"
                     "goes is still refused. Symbolic links inside DIR are never followed or written through.\n"
                     "\n"
                     "This command exists to test chains locally (e.g. start a TLS server with them). The CAS\n"
                     "generates its own keys at run time: never deploy these. Keys are written unencrypted.\n"
                     "\n"
                     "Options:\n"
                     "  --out DIR           output folder (required)\n"
                     "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable)\n"
                     "  --force             write into DIR although it holds files the workbench did not write\n"
                     "                      (they are kept)\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "As with render, the project is only read (a proposed APP_NAMESPACE is used, not written),\n"
                     "and it has the diagnostics `validate PROJECT_DIR` prints: any error stops the command\n"
                     "before anything is issued or written.\n"
                     "Exit codes: 0 written and every chain verifies, 1 the project has errors (nothing written),\n"
                     "a chain does not verify (report.txt says why) or nothing could be issued, 2 usage error.\n";

}  // namespace

int runCerts(const QStringList &args)
{
    int exitCode = ExitOk;
    const std::shared_ptr<const ProjectRun> run = prepareProjectRun(QStringLiteral("certs"), args, kHelp, &exitCode);
    if (!run)
        return exitCode;
    const QString &projectDir = run->options.projectDir;
    const QString &outDir = run->options.outDir;
    const engine::AnalysisSnapshot &analysis = run->analysis;
    auto fail = [](const QString &message) {
        err() << "scone-workbench: certs: " << escapeControlCharacters(message) << '\n';
        err().flush();
        return int(ExitFailure);
    };
    // The project's one diagnostics list, as `validate` prints it: errors stop the command.
    if (reportDiagnostics(*run) > 0)
        return ExitFailure;
    if (analysis.policies.sessions.isEmpty())
        return fail(QStringLiteral("the project produces no CAS sessions; nothing written"));
    if (analysis.secretSpecs.specs.isEmpty())
        return fail(QStringLiteral("the sessions define no private-key, x509 or x509-ca secret; nothing written"));

    const Clock &clock = Clock::system();
    const engine::CertificatePreview preview =
        engine::issueCertificatePreview(analysis, clock, nullptr, {}, QThreadPool::globalInstance());
    if (preview.error)
        return fail(preview.error->toString());
    const IssuedSecrets &issued = preview.issued;
    const QList<CertificateCheck> &checks = preview.checks;

    QList<OutputFile> files;
    int certificateFiles = 0;
    int keyFiles = 0;
    for (const IssuedSecret *s : issued.allCertificates()) {
        // Names come from the project: never let them lead outside the output folder.
        QString fileName = s->spec.name;
        fileName.replace(QLatin1Char('/'), QLatin1Char('_'));
        const QString base = safeRelativePath(s->spec.session) + QLatin1Char('/') + safeRelativePath(fileName);
        files.append(OutputFile{base + QStringLiteral(".crt"), s->certificate.toPem(), false});
        files.append(OutputFile{base + QStringLiteral(".chain.pem"),
                                chainToPem(issued.chain(s->ref()), ChainOrder::LeafToRoot), false});
        if (!s->key.isNull() && issued.holdsPrivateKey(s->spec.session, s->privateKeyOrigin)) {
            KeyExportPolicy policy;
            policy.plainConfirmed = true;  // this command's documented purpose: local chain tests
            const auto pem = exportPrivateKey(s->key, policy);
            if (!pem.ok())
                return fail(pem.error().toString());
            files.append(OutputFile{base + QStringLiteral(".key"), pem.value(), true});
            ++keyFiles;
        }
        ++certificateFiles;
    }
    // Manifest paths in the report as the user sees them in the project.
    QStringList notes = preview.notes;
    for (QString &n : notes)
        n.replace(projectDir + QLatin1Char('/'), QString());
    const QString report = formatPreviewReport(issued, checks, preview.issuedAt, notes);
    files.append(OutputFile{QStringLiteral("report.txt"), report.toUtf8(), false});
    if (!writeCommandOutput(QStringLiteral("certs"), outDir, files, run->options.force))
        return ExitFailure;
    const QDir out(outDir);

    int failed = 0;
    for (const CertificateCheck &c : checks) {
        if (c.verified())
            continue;
        ++failed;
        for (const VerificationProblem &p : c.result.problems)
            err() << "scone-workbench: certs: "
                  << escapeControlCharacters(c.secret.toString() + QStringLiteral(": ") + p.name +
                                             QStringLiteral(": ") + p.message)
                  << '\n';
    }
    // The same count as the report's: one per certificate the policies generate (an imported
    // certificate is that same certificate, written again into the importing session's folder).
    cli::out() << "Issued " << checks.size() << " certificates for " << issued.sessions().size() << " sessions to "
               << out.absolutePath() << " (" << certificateFiles << " certificate files and " << keyFiles
               << " unencrypted key files, imported secrets included; for local testing only)\n";
    cli::out() << (failed ? QStringLiteral("%1 of %2 chains do not verify").arg(failed).arg(checks.size())
                          : QStringLiteral("All %1 chains verify").arg(checks.size()))
               << "; see " << out.filePath(QStringLiteral("report.txt")) << '\n';
    cli::out().flush();
    err().flush();
    return failed ? ExitFailure : ExitOk;
}

}  // namespace workbench::cli
