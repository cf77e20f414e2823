// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

// One entry point per subcommand; each lives in its own cmd_<name>.cpp and is listed in
// commands.cpp. They use models/ and engine/ only.
namespace workbench::cli {

} // namespace workbench::cli
