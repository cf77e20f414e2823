// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace workbench::models {

/// One finding of the validator. Positions are 1-based (0 when the finding is about the whole
/// file); columns count Unicode code points. `code` is stable (documented in
/// models/validation/diagnosticcodes.h) so tests, the command line and filters can rely on it.
struct Diagnostic {
    enum class Severity { Error, Warning, Info };

    QString file;  ///< as given to the project (absolute or relative path)
    int line = 0;
    int column = 0;
    Severity severity = Severity::Error;
    QString code;     ///< e.g. "secret.unknown-reference"
    QString message;  ///< a sentence a user understands
    int endLine = 0;  ///< end of the offending text (for squiggles); 0 when unknown
    int endColumn = 0;
    int offset = -1;  ///< UTF-8 byte range in the file's text; -1 when unknown
    int length = 0;

    static QString severityName(Severity s);  ///< "error", "warning", "info"
    QString severityName() const { return severityName(severity); }
    /// `FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]`, with 1-based positions (1:1 for a finding
    /// about the whole file); no location at all for a finding about no file (never `:0:0:`).
    QString toString() const;

    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

using Diagnostics = QList<Diagnostic>;

/// Sorts by file, line, column, then severity (errors first) and code. Stable for equal keys.
void sortDiagnostics(Diagnostics &diagnostics);
bool hasErrors(const Diagnostics &diagnostics);
int countSeverity(const Diagnostics &diagnostics, Diagnostic::Severity severity);

}  // namespace workbench::models
