// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "process/processspec.h"

namespace workbench::engine::process {

/// The ProcessSpec that runs @p invocation (models/build: sconectl, buildah, podman, docker,
/// helm, kubectl as plain data): its program (resolved on the invocation's PATH), arguments,
/// working directory and complete environment; the variables the workbench set show in the
/// job log. @p toolPath is the tool's path from the settings, if any.
ProcessSpec processSpecFor(const models::build::ToolInvocation &invocation, const QString &toolPath = {});

}  // namespace workbench::engine::process
