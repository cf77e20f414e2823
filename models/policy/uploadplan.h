// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/cassession.h"
#include "validation/diagnostic.h"

#include <QList>
#include <QStringList>

namespace workbench::models::policy {

/// The order in which sessions must be uploaded and what stands in the way.
struct UploadPlan {
    /// Every session exactly once: namespace sessions first, then exporters before importers
    /// (ties keep the input order). Sessions in a cycle are appended in input order.
    QStringList order;
    /// Each strongly connected group of sessions that import from each other (sorted names).
    QList<QStringList> cycles;
    /// policy.cycle (error), policy.import.missing-session (error for a session of the same
    /// namespace, warning for one outside: it must already exist on the CAS).
    Diagnostics diagnostics;

    bool ok() const { return !hasErrors(diagnostics); }
};

/// Computes the upload order of @p sessions and checks their dependencies (imports from
/// sessions that are not part of the set, cycles). Imports whose exporter is unknown
/// (SecretImport::sessionAbsolute empty) are the generator's dangling imports and are skipped.
UploadPlan planUpload(const QList<CasSession> &sessions);

}  // namespace workbench::models::policy
