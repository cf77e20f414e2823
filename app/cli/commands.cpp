// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.h"
#include "cli/commands.h"

namespace workbench::cli {

const QList<Command> &commands()
{
    // Add one line per subcommand; the order is the order of `--help`.
    static const QList<Command> list = {
    };
    return list;
}

} // namespace workbench::cli
