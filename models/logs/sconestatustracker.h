// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"
#include "logs/sconestatus.h"

#include <QByteArrayView>

#include <vector>

namespace workbench::models::logs {

class LogStore;
class LogSourceRegistry;

/// Follows the SCONE events of every source and summarises them per source and per service
/// (LogSource::service): starting, attested, failing, with the session or secret a failure
/// names. Fed with the lines as they are appended (observe()), in order.
class SconeStatusTracker
{
public:
    void observe(LineNumber line, SourceId source, LineAttributes attributes, QByteArrayView text);
    /// Observes the lines [from, to) of @p store.
    void observe(const LogStore &store, LineNumber from, LineNumber to);

    /// Forgets what a source said (its container restarted and attests anew).
    void resetSource(SourceId source);

    SconeSourceStatus source(SourceId id) const;
    /// Which of a service's sources service() summarises: the cluster's (its pods' containers)
    /// or this machine's (Run locally), never both mixed.
    enum class Place { Cluster, Local };
    /// Over the service's sources in @p place (the live ones when there are any): failing when
    /// one fails, else starting when one starts, else attested when one attested.
    SconeSourceStatus service(const LogSourceRegistry &registry, const QString &service,
                              Place place = Place::Cluster) const;

private:
    struct State {
        SconeSourceStatus status;
        bool connected = false;  // "Connecting to CAS" seen since the last reset
    };
    State &state(SourceId id);

    std::vector<State> m_states;
};

}  // namespace workbench::models::logs
