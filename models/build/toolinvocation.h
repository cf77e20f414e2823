// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace workbench::models::build {

/// Environment variables of a child process (name -> value). Ordered, so what is shown in logs
/// and recorded by tests is deterministic.
using Environment = QMap<QString, QString>;

/// One run of an external tool (sconectl, buildah, podman, docker, helm, kubectl) as plain data:
/// what the engine's process runner executes. Models build these and never start processes.
///
/// Invariant: an invocation never carries a secret, neither in its arguments nor in the
/// variables the workbench sets. Credentials reach the tools through their own configuration
/// (REGISTRY_AUTH_FILE, ~/.docker/config.json, the CAS config folder), so displayCommand() can
/// be logged as is.
struct ToolInvocation {
    QString program;           ///< tool name (`sconectl`, `buildah`, ...); the engine resolves it on PATH
    QStringList arguments;     ///< argv without argv[0]
    QString workingDirectory;  ///< absolute; empty = the caller's
    Environment environment;   ///< the complete environment of the child (inherited + set)
    QStringList setVariables;  ///< names in `environment` that the workbench set or changed, sorted

    /// The command as one line for logs: the variables the workbench set, then the program and
    /// its arguments, each quoted for a POSIX shell when needed
    /// (`VERSION=5.8.0 sconectl apply -f service.yaml`).
    QString displayCommand() const;

    /// Sets @p name in `environment` and notes it in `setVariables`.
    void setVariable(const QString &name, const QString &value);
};

/// @p word quoted for a POSIX shell when it needs to be (`'it'\''s'`); for display only.
QString shellQuote(const QString &word);

}  // namespace workbench::models::build
