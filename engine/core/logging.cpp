// SPDX-License-Identifier: Apache-2.0
#include "core/logging.h"

namespace workbench::engine {

Q_LOGGING_CATEGORY(lcJobs, "workbench.engine.jobs", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "workbench.engine.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProcess, "workbench.engine.process", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "workbench.engine.net", QtInfoMsg)

}  // namespace workbench::engine
