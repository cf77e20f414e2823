// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "policy/variableresolver.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::build {

/// The name of a manifest once rendered: a trailing `.template` removed
/// (`flask-api/service.yaml.template` -> `flask-api/service.yaml`); other names unchanged.
QString renderedFileName(const QString &path);

/// Renders a manifest with the deployment settings as the tutorials' `SCONE="\$SCONE" envsubst`
/// does, through policy::resolveShellVariables() (the workbench's one substitution rule):
/// `$VAR` and `${VAR}` are replaced; `$$SCONE::…$$` and `{{…}}` stay as written. Unlike envsubst,
/// a variable that is not set never becomes an empty string: the result is an error
/// (`build.render.unset`) at the first one's line and column, naming every unset variable.
/// An unset variable inside a YAML comment is no error and stays as written.
/// @p fileName labels the error.
Result<QByteArray> renderTemplate(const QByteArray &text, const policy::VariableMap &variables,
                                  const QString &fileName);

/// A rendered project file.
struct RenderedManifest {
    QString sourcePath;  ///< relative to the project folder, as given
    QString outputPath;  ///< relative to the working folder: renderedFileName(sourcePath)
    QByteArray text;
};

/// Reads and renders the given project files (paths relative to @p projectDir), `*.template`
/// and plain manifests alike (the example project keeps `$VAR` in plain `service.yaml`). Stops
/// at the first file that cannot be read or rendered. Fails for a path that leaves the project.
Result<QList<RenderedManifest>> renderManifests(const QString &projectDir, const QStringList &relativePaths,
                                                const policy::VariableMap &variables);

}  // namespace workbench::models::build
