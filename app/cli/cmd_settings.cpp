// SPDX-License-Identifier: Apache-2.0
// `scone-workbench settings PROJECT_DIR [--set NAME=VALUE]... [--save]`: shows the deployment
// settings a project's commands use and, when asked, writes them: through the same settings
// store (a headless project session) as the window, so the file keeps its comments.
#include "cli/cli.h"
#include "cli/commands.h"

#include "core/displaytext.h"
#include "documents/document.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QDir>
#include <QFileInfo>

namespace workbench::cli {

namespace {

using namespace workbench::models;
using namespace workbench::models::policy;

const char kHelp[] = "Usage: scone-workbench settings PROJECT_DIR [--set NAME=VALUE]... [--save]\n"
                     "\n"
                     "Prints the deployment settings that validate, render and certs use for PROJECT_DIR, one\n"
                     "NAME=VALUE per line (the settings file over the defaults; an APP_NAMESPACE the workbench\n"
                     "proposes when none is set). Notes and problems go to stderr.\n"
                     "\n"
                     "Only with these options is anything written, into PROJECT_DIR/.scone-workbench/settings.yaml,\n"
                     "with the file's comments, order and unknown keys kept:\n"
                     "  --set NAME=VALUE    change a setting (RELEASE, APP_IMAGE_REPO, MODE, a free variable...;\n"
                     "                      an empty VALUE means not set); repeatable\n"
                     "  --save              write the settings as they are in effect, including a proposed\n"
                     "                      APP_NAMESPACE (what Save does in the workbench)\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "Exit codes: 0 ok, 1 the settings cannot be read or written (a settings file that is a\n"
                     "symbolic link is never written through), 2 usage error.\n";

int fail(const QString &message)
{
    err() << "scone-workbench: settings: " << escapeControlCharacters(message) << '\n';
    err().flush();
    return ExitFailure;
}

}  // namespace

int runSettings(const QStringList &args)
{
    QString projectDir;
    QList<QPair<QString, QString>> sets;
    bool save = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(kHelp);
            out().flush();
            return ExitOk;
        }
        if (a == QLatin1String("--save")) {
            save = true;
        } else if (a == QLatin1String("--set") || a.startsWith(QLatin1String("--set="))) {
            QString v;
            if (a.startsWith(QLatin1String("--set=")))
                v = a.mid(6);
            else if (i + 1 < args.size())
                v = args.at(++i);
            const qsizetype eq = v.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usageError(QStringLiteral("settings: --set needs NAME=VALUE"));
            DeploymentSettings probe;
            if (const Status st = probe.set(v.left(eq), v.mid(eq + 1)); !st.ok())
                return usageError(QStringLiteral("settings: ") + st.error().message);
            sets.append({v.left(eq), v.mid(eq + 1)});
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(QStringLiteral("settings: unknown option %1").arg(a));
        } else if (!projectDir.isEmpty()) {
            return usageError(QStringLiteral("settings: more than one PROJECT_DIR (%1, %2)").arg(projectDir, a));
        } else {
            projectDir = a;
        }
    }
    if (projectDir.isEmpty())
        return usageError(QStringLiteral("settings: PROJECT_DIR is missing"));
    if (!QFileInfo(projectDir).isDir())
        return usageError(QStringLiteral("settings: %1 is not a folder").arg(projectDir));

    // The window's own session, without a window: the same store, the same edits.
    engine::ProjectSession session;
    if (const Status st = session.open(projectDir); !st.ok())
        return fail(st.error().message);
    engine::SettingsStore *store = session.settings();
    int rc = ExitOk;
    if (!sets.isEmpty() || save) {
        if (!store->document())
            rc = fail(QStringLiteral("the settings file cannot be read: %1").arg(store->filePath()));
        for (const auto &s : std::as_const(sets)) {
            if (rc != ExitOk)
                break;
            if (const Status st = store->setValue(s.first, s.second); !st.ok())
                rc = fail(st.error().toString());
        }
        if (rc == ExitOk && store->canSave()) {
            if (const Status st = store->save(); !st.ok())
                rc = fail(st.error().toString());
        } else if (rc == ExitOk && store->isReadOnly()) {
            rc = fail(store->readOnlyReason());
        }
    }
    const ResolvedSettings &resolved = store->resolved();
    const DeploymentSettings &s = resolved.values;
    for (const QString &name : knownSettingNames())
        out() << name << '=' << escapeControlCharacters(s.value(name)) << '\n';
    for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
        out() << escapeControlCharacters(it.key()) << '=' << escapeControlCharacters(it.value()) << '\n';
    out().flush();
    if (resolved.namespaceProposed)
        err() << "scone-workbench: settings: APP_NAMESPACE " << escapeControlCharacters(s.appNamespace)
              << " is proposed for this project folder and not in the settings file (--save keeps it)\n";
    for (Diagnostic d : resolved.diagnostics) {
        if (!d.file.isEmpty())
            d.file = QDir(projectDir).relativeFilePath(d.file);
        err() << escapeControlCharacters(d.toString()) << '\n';
    }
    err().flush();
    session.shutdown();
    if (rc == ExitOk && hasErrors(resolved.diagnostics))
        rc = ExitFailure;
    return rc;
}

}  // namespace workbench::cli
