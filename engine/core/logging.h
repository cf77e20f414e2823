// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLoggingCategory>

// Logging categories of the engine's runtime: enable with
// QT_LOGGING_RULES="workbench.engine.*.debug=true". Nothing logged here ever contains a secret:
// command lines and environments are logged through their redacted display forms.
namespace workbench::engine {

Q_DECLARE_LOGGING_CATEGORY(lcJobs)     ///< "workbench.engine.jobs": job and pipeline state changes
Q_DECLARE_LOGGING_CATEGORY(lcHistory)  ///< "workbench.engine.history": run history files
Q_DECLARE_LOGGING_CATEGORY(lcProcess)  ///< "workbench.engine.process": external processes
Q_DECLARE_LOGGING_CATEGORY(lcNet)      ///< "workbench.engine.net": HTTP client, TLS warnings

}  // namespace workbench::engine
