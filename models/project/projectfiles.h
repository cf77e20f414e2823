// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace workbench::models {

/// What a file in a project folder is, decided by its content (the top-level `kind:`), not by
/// its name: `service.yaml`, `Manifest.yml` and `x.yaml.template` are all recognised.
enum class ProjectFileCategory {
    ServiceManifest,  ///< kind: genservice
    MeshManifest,     ///< kind: mesh
    CasSession,       ///< a CAS session (policy) file: top-level name + services/secrets, no kind
    OtherYaml,        ///< YAML of some other kind
    Other,            ///< source code, requirements, READMEs, ...
};

struct ProjectFileInfo {
    QString absolutePath;
    QString relativePath;  ///< relative to the project folder, '/' separated
    ProjectFileCategory category = ProjectFileCategory::Other;
    QString kind;  ///< the value of the top-level `kind:` key, if any
};

/// True for file names the workbench treats as YAML (*.yaml, *.yml, *.yaml.template, *.yml.template).
bool isYamlFileName(const QString &fileName);

/// Classifies YAML text by its top-level keys without requiring it to parse (templates often
/// do not parse before their variables are substituted).
ProjectFileCategory classifyYamlText(const QByteArray &text, QString *kindOut = nullptr);

/// Lists the files of a project folder, sorted by relative path. Skips hidden folders,
/// build output (`target/`, `build/`) and anything deeper than @p maxDepth levels. With
/// @p classify, each YAML file's head is read for its category (classifyYamlText()); without,
/// every category is Other (for a caller that reads and parses the files anyway).
QList<ProjectFileInfo> scanProjectFiles(const QString &projectDir, int maxDepth = 4, bool classify = true);

}  // namespace workbench::models
