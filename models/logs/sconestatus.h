// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linetypes.h"
#include "logs/sconeevent.h"

#include <QString>

namespace workbench::models::logs {

/// Where a SCONE service stands, as its logs tell.
enum class SconeStatus : quint8 {
    Unknown,   ///< no SCONE line seen
    Starting,  ///< the runtime started or is connecting to its CAS
    Attested,  ///< the CAS accepted the enclave (said so, or the program runs after connecting)
    Failing,   ///< attestation, session, secret or CAS errors
};

QString sconeStatusName(SconeStatus status);

/// The status of one source or service and the event behind it.
struct SconeSourceStatus {
    SconeStatus status = SconeStatus::Unknown;
    /// The event that set the status (for Failing: the failure with what it names).
    SconeEvent event;
    /// The line of that event (for "show me").
    LineNumber eventLine;
    /// The session this source works with (from "Connecting to CAS ... service ID") or that a
    /// failure names; the secret a failure names.
    QString session;
    QString secret;
    QString casAddress;
    /// The source the status comes from (for a service: the one that decided it).
    SourceId source;
};

}  // namespace workbench::models::logs
