// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.h"

#include "core/displaytext.h"

#include <cstdio>
#include <memory>
#include <vector>

namespace workbench::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int usageError(const QString &message)
{
    // Messages quote the user's arguments: printed as text, never as terminal control sequences.
    err() << "scone-workbench: " << models::escapeControlCharacters(message) << " (see scone-workbench --help)\n";
    err().flush();
    return ExitUsage;
}

const Command *findCommand(const QString &name)
{
    for (const Command &c : commands())
        if (c.name == name)
            return &c;
    return nullptr;
}

QString helpText()
{
    QString s =
        QStringLiteral("Usage: scone-workbench [PROJECT_DIR]\n"
                       "       scone-workbench --screenshot FILE [--area NAME] [PROJECT_DIR]\n"
                       "       scone-workbench COMMAND [OPTIONS] [ARGS]\n"
                       "\n"
                       "SCONE Workbench: edit service and mesh manifests, preview CAS policies and certificate\n"
                       "chains, build, upload and deploy confidential services, and follow their logs.\n"
                       "Without a command it opens the desktop application on PROJECT_DIR (by default the\n"
                       "last project, or a copy of the bundled example on first start).\n"
                       "\n"
                       "Options:\n"
                       "  -h, --help              show this help and exit\n"
                       "  -v, --version           show the version and the library versions and exit\n"
                       "  --screenshot FILE       render the main window to a PNG file and exit\n"
                       "  --area NAME             area to show: manifests, policies, certificates, build, logs\n"
                       "\n"
                       "Commands:\n");
    // The synopsis on its own line, the summary indented below it: the synopses are too long to
    // share a column with the summaries in a terminal.
    for (const Command &c : commands())
        s += QStringLiteral("  ") + c.synopsis + QStringLiteral("\n      ") + c.summary + QLatin1Char('\n');
    if (commands().isEmpty())
        s += QStringLiteral("  (none in this build)\n");
    s += QStringLiteral("\nExit codes: 0 success, 1 errors found or the command failed, 2 usage error.\n");
    return s;
}

void keepUntilExit(std::shared_ptr<const void> value)
{
    // Deliberately never deleted (see the header): a static object's destructor would free it.
    static auto *const kept = new std::vector<std::shared_ptr<const void>>();
    kept->push_back(std::move(value));
}

}  // namespace workbench::cli
