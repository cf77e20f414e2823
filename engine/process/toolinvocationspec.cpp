// SPDX-License-Identifier: Apache-2.0
#include "process/toolinvocationspec.h"

namespace workbench::engine::process {

ProcessSpec processSpecFor(const models::build::ToolInvocation &invocation, const QString &toolPath)
{
    ProcessSpec spec;
    spec.command = CommandLine(invocation.program, invocation.arguments);
    spec.toolPath = toolPath;
    spec.workingDirectory = invocation.workingDirectory;
    // The invocation's environment is complete; re-setting the names the workbench chose marks
    // them as changes for the log ("environment: VERSION=5.8.0").
    spec.environment = ProcessEnvironment::fromVariables(invocation.environment);
    for (const QString &name : invocation.setVariables)
        if (invocation.environment.contains(name))
            spec.environment.set(name, invocation.environment.value(name));
    return spec;
}

}  // namespace workbench::engine::process
