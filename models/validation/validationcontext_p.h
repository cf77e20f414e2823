// SPDX-License-Identifier: Apache-2.0
// Internal: shared state and helpers of the validator's rule files.
#pragma once

#include "manifest/sourcelocation.h"
#include "manifest/yamlnode.h"
#include "validation/diagnostic.h"
#include "validation/diagnosticcodes.h"
#include "validation/projectvalidator.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace workbench::models {
struct ManifestFile;
struct ServiceManifest;
struct MeshManifest;
struct CasSessionFile;
class ManifestProject;
}  // namespace workbench::models

namespace workbench::models::detail {

/// Collects diagnostics with their severity from the code table.
class Reporter
{
public:
    Reporter(Diagnostics &out, const ValidationOptions &options)
        : m_out(out)
        , m_options(options)
    {}

    void add(const QString &file, const SourceLocation &loc, const char *code, const QString &message)
    {
        if (!m_focus.isEmpty() && file != m_focus)
            return;
        const Diagnostic::Severity sev = severityOf(QLatin1String(code));
        if (sev == Diagnostic::Severity::Info && !m_options.includeInfo)
            return;
        Diagnostic d;
        d.file = file;
        d.line = loc.isValid() ? loc.line : 1;
        d.column = loc.isValid() ? loc.column : 1;
        d.endLine = loc.isValid() ? loc.endLine : 0;
        d.endColumn = loc.isValid() ? loc.endColumn : 0;
        d.offset = loc.offset;
        d.length = loc.length;
        d.severity = sev;
        d.code = QLatin1String(code);
        d.message = message;
        m_out.append(std::move(d));
    }

    const ValidationOptions &options() const { return m_options; }
    /// Only findings about @p file are kept (empty: all); wants(file) says whose checks to run.
    void setFocus(const QString &file) { m_focus = file; }
    bool wants(const QString &file) const { return m_focus.isEmpty() || file == m_focus; }
    const QString &focus() const { return m_focus; }

private:
    Diagnostics &m_out;
    QString m_focus;
    const ValidationOptions &m_options;
};

/// "did you mean `x`?" suffix (with a leading space), or empty.
QString didYouMean(const QString &word, const QStringList &candidates);
/// didYouMean() over the union of @p lists taken as one sorted list (the nearest name; on a tie
/// the first in sort order), without building that union: for candidate sets that are large
/// and shared (a mesh's variables).
QString didYouMeanSorted(const QString &word, std::initializer_list<const QStringList *> lists);
int editDistance(const QString &a, const QString &b);

bool isBoolText(const QString &v);
bool isTrueText(const QString &v);
bool isIntText(const QString &v);
bool isHexText(const QString &v);
/// `'x'` quoting for messages.
inline QString q(const QString &s)
{
    return QLatin1Char('`') + s + QLatin1Char('`');
}

/// Schema pass over the node tree (types, required and unknown keys, enumerations).
void checkServiceSchema(Reporter &r, const QString &file, const YamlNode *root);
void checkMeshSchema(Reporter &r, const QString &file, const YamlNode *root);
void checkSessionSchema(Reporter &r, const QString &file, const YamlNode *root);

/// Per-file semantic rules (no other files needed).
void checkService(Reporter &r, const ManifestFile &file, const ServiceManifest &svc, const QString &rootDir);
void checkMesh(Reporter &r, const ManifestFile &file, const MeshManifest &mesh, const QString &rootDir);
void checkSession(Reporter &r, const ManifestFile &file, const CasSessionFile &session);

/// The placeholders of a document's scalars, with the location of each in the source.
struct PlaceholderUse;

/// Secret kinds and the placeholder formats each accepts.
bool isKnownFormat(const QString &format, bool legacy);
/// Empty when @p format fits @p kind; else a sentence saying what it needs.
QString formatProblem(const QString &kind, const QString &format, bool legacy);

extern const QStringList kTolerances;

}  // namespace workbench::models::detail
