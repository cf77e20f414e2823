// SPDX-License-Identifier: Apache-2.0
// How the command line prints merged log lines (`run`, and `logs` once it shares this).
#pragma once

#include "logs/logsource.h"

#include <QString>

namespace workbench::cli {

/// One merged log line: "SOURCE | TEXT", the source's display name as the Logs area shows it
/// (LogSource::prefix(): "POD CONTAINER | ", "SERVICE | " for a local service).
QString formatLogLine(const models::logs::LogSource &source, const QString &text);

/// The log source of a service run on this machine (`run`): shown as its service name.
models::logs::LogSource localLogSource(const QString &service);

}  // namespace workbench::cli
