// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sourceref.h"
#include "validation/diagnostic.h"

namespace workbench::models::policy::detail {

inline Diagnostic makeDiagnostic(Diagnostic::Severity severity, const QString &code, const QString &message,
                                 const SourceRef &source = {})
{
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = message;
    d.file = source.file;
    d.line = source.line;
    d.column = source.column;
    return d;
}

}  // namespace workbench::models::policy::detail
