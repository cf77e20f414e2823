// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "validation/diagnostic.h"

#include <QSet>
#include <QString>

#include <optional>

namespace workbench::models {

class ManifestProject;
struct ManifestFile;
class YamlDocument;

struct ValidationOptions {
    /// Check that `build.copy`/`requirements`/`image_secrets` files exist (needs rootDir or
    /// absolute file paths). Off for in-memory projects without a folder.
    bool checkFiles = true;
    /// Shell variables (`$VAR`, `${VAR}`) known to be defined (deployment settings). When set, a
    /// `$VAR` not in the set is a `var.undefined` warning; when unset they are not checked.
    std::optional<QSet<QString>> shellVariables;
    /// Report `info` diagnostics (legacy suffixes, external images, ...).
    bool includeInfo = true;
};

/// Validates manifests: YAML syntax, the schema of each file (spec §1–§3) and the rules across
/// the files of a project (secret uniqueness and references, imports, issuers, mesh variables,
/// images, env blocks). Pure function of its inputs, fast enough to run on every keystroke
/// (a 200-service project validates in a few milliseconds).
class ProjectValidator
{
public:
    explicit ProjectValidator(ValidationOptions options = {});

    /// All diagnostics of a project, sorted (sortDiagnostics()).
    Diagnostics validate(const ManifestProject &project) const;
    /// The diagnostics validate() gives about @p path (a file of @p project), and only those,
    /// at the cost of that file's own checks plus the cross-file indexes: what the editor needs
    /// after a keystroke in one file of a big project. Not counted in runCount().
    Diagnostics validateFileInProject(const ManifestProject &project, const QString &path) const;
    /// One file on its own: syntax and schema, plus the references inside the file. Rules that
    /// need the other files (imports, mesh variables) are skipped.
    Diagnostics validateFile(const ManifestFile &file) const;
    /// Convenience: a single document (classified by content).
    Diagnostics validateDocument(const YamlDocument &document) const;

    const ValidationOptions &options() const { return m_options; }
    /// How many times validate() has run in this process (any thread; for tests and benchmarks
    /// that check that a project is validated once per change).
    static quint64 runCount();

private:
    Diagnostics run(const ManifestProject &project, const QString &focus) const;

    ValidationOptions m_options;
};

}  // namespace workbench::models
