// SPDX-License-Identifier: Apache-2.0
#include "validation/diagnostic.h"

#include <algorithm>

namespace workbench::models {

QString Diagnostic::severityName(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString Diagnostic::toString() const
{
    // 1-based always: a finding about a whole file points at its start, never at 0:0; a finding
    // about no file has no location (never a line that starts with `:`).
    const QString text =
        severityName() + QStringLiteral(": ") + message + QStringLiteral(" [") + code + QLatin1Char(']');
    if (file.isEmpty())
        return text;
    return file + QLatin1Char(':') + QString::number(qMax(1, line)) + QLatin1Char(':') +
           QString::number(qMax(1, column)) + QStringLiteral(": ") + text;
}

void sortDiagnostics(Diagnostics &diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &a, const Diagnostic &b) {
        if (a.file != b.file)
            return a.file < b.file;
        if (a.line != b.line)
            return a.line < b.line;
        if (a.column != b.column)
            return a.column < b.column;
        if (a.severity != b.severity)
            return int(a.severity) < int(b.severity);
        return a.code < b.code;
    });
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Diagnostic::Severity::Error; });
}

int countSeverity(const Diagnostics &diagnostics, Diagnostic::Severity severity)
{
    return int(std::count_if(diagnostics.begin(), diagnostics.end(),
                             [severity](const Diagnostic &d) { return d.severity == severity; }));
}

}  // namespace workbench::models
