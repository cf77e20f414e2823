// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"

#include <QString>

namespace workbench::models::logs {

/// A SCONE runtime or CAS message recognised in a log line, with what it names.
struct SconeEvent {
    SconeEventKind kind = SconeEventKind::None;
    /// The session a failure or the CAS connection is about ("ns/session"), when named.
    QString session;
    /// The secret a failure is about, when named.
    QString secret;
    /// "host:port" of "Connecting to CAS at host (port P)".
    QString casAddress;
    /// "ns/session/service" of "... using service ID ns/session/service".
    QString serviceId;
    /// Further detail: the measurement found and the one expected, and the like.
    QString detail;

    bool isFailure() const { return isSconeFailure(kind); }
};

}  // namespace workbench::models::logs
