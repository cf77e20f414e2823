// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace workbench::models::build {

/// The external tools of Build & Deploy (what `doctor` checks).
enum class Tool { Sconectl, Buildah, Podman, Docker, Helm, Kubectl };

QList<Tool> allTools();
/// The executable name: `sconectl`, `buildah`, `podman`, `docker`, `helm`, `kubectl`.
QString toolProgram(Tool tool);
/// How to get a missing tool: a Debian package or an install page.
QString toolInstallHint(Tool tool);

/// The cheap command that shows a tool's version without touching a cluster or registry:
/// `sconectl --help` (sconectl forwards every other first word to its container; its help is
/// printed locally), `buildah --version`, `podman --version`, `docker --version`,
/// `helm version --short`, `kubectl version --client -o json`.
ToolInvocation versionInvocation(Tool tool, const Environment &inherited);

/// The version in the output of versionInvocation(): `1.28.2` (buildah), `4.3.1` (podman),
/// `28.2.2` (docker), `v3.14.4` (helm, without the `+g<commit>` suffix), `v1.32.4` (kubectl's
/// `clientVersion.gitVersion`, suffixes after the patch level kept). For sconectl the first
/// `X.Y.Z` in its help, or an empty string when its help names none (not an error). Fails
/// (`doctor.version`) when the output is not what the tool prints.
Result<QString> parseToolVersion(Tool tool, const QByteArray &output);

}  // namespace workbench::models::build
