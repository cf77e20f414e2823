// SPDX-License-Identifier: Apache-2.0
// `scone-workbench upload PROJECT_DIR [--direct --cas https://HOST:PORT --cas-ca FILE --identity FILE]
// [--set NAME=VALUE]...`
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/deploycli.h"

namespace workbench::cli {

namespace {

const char kHelp[] =
    "Usage: scone-workbench upload PROJECT_DIR [--direct --cas https://HOST:PORT --cas-ca FILE --identity FILE]\n"
    "                              [--set NAME=VALUE]...\n"
    "\n"
    "Uploads the project's CAS sessions in upload order (the namespace session first, exporters\n"
    "before importers).\n"
    "  sconectl route      sconectl apply -f mesh.yaml --release RELEASE (sconectl also writes the\n"
    "                      helm chart the deploy step installs)\n"
    "  --direct            the CAS REST API over mutual TLS: GET /v1/sessions/NAME for the current\n"
    "                      hash, POST /session (an existing session with predecessor: HASH). The CAS\n"
    "                      certificate must lead to the pinned CA, else nothing is sent. The hashes\n"
    "                      are kept in PROJECT_DIR/.scone-workbench/uploads.json.\n"
    "\n"
    "Options:\n"
    "  --direct            use the CAS REST API (default: the UPLOAD setting, else sconectl)\n"
    "  --cas URL           https://HOST:PORT of the CAS REST API (default: CAS_API_URL, else\n"
    "                      CAS_URL with port 8081)\n"
    "  --cas-ca FILE       the pinned CA certificate of the CAS, PEM (default: CAS_CA_FILE)\n"
    "  --identity FILE     your identity: PEM private key and certificate, or scone's\n"
    "                      ~/.cas/config.json (default: CAS_IDENTITY_FILE, the keychain, then\n"
    "                      $SCONE_CLI_CONFIG or ~/.cas/config.json)\n"
    "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Progress goes to stderr. stdout: one line per session in upload order, \"SESSION HASH\"\n"
    "(\"-\" on the sconectl route, which reports no hashes). Exit codes: 0 uploaded, 1 failed,\n"
    "2 usage error, 130 cancelled by SIGINT or SIGTERM.\n";

}  // namespace

int runUpload(const QStringList &args)
{
    return runDeployCommand(QStringLiteral("upload"), args, UploadGroup, kHelp, engine::deploy::DeployStep::Upload);
}

}  // namespace workbench::cli
