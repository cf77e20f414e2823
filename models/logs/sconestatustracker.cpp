// SPDX-License-Identifier: Apache-2.0
#include "logs/sconestatustracker.h"

#include "logs/logsourceregistry.h"
#include "logs/logstore.h"
#include "logs/sconeeventclassifier.h"

namespace workbench::models::logs {

SconeStatusTracker::State &SconeStatusTracker::state(SourceId id)
{
    if (id.get() >= m_states.size())
        m_states.resize(std::size_t(id.get()) + 1);
    return m_states[id.get()];
}

void SconeStatusTracker::observe(LineNumber line, SourceId source, LineAttributes attributes, QByteArrayView text)
{
    if (attributes.kind != LineKind::Text)
        return;
    State &s = state(source);
    SconeSourceStatus &st = s.status;
    st.source = source;
    const SconeEventKind kind = attributes.scone;
    if (kind == SconeEventKind::None) {
        // Ordinary output after the CAS connection: the runtime received its configuration,
        // so the enclave was attested. Continuation lines and errors do not count.
        const bool continuation = !text.isEmpty() && (text[0] == ' ' || text[0] == '\t');
        if (st.status == SconeStatus::Starting && s.connected && !continuation && !text.trimmed().isEmpty() &&
            attributes.level != LogLevel::Error && attributes.level != LogLevel::Fatal) {
            st.status = SconeStatus::Attested;
            st.eventLine = line;
            st.event = SconeEvent{SconeEventKind::Attested, {}, {}, {}, {}, {}};
        }
        return;
    }
    SconeEvent event = SconeEventClassifier::classify(text);
    event.kind = kind;  // as stored (the store may have classified it)
    switch (kind) {
    case SconeEventKind::RuntimeInfo:
        if (st.status == SconeStatus::Unknown) {
            st.status = SconeStatus::Starting;
            st.event = event;
            st.eventLine = line;
        }
        return;
    case SconeEventKind::CasConnecting:
        s.connected = true;
        st.status = SconeStatus::Starting;
        st.event = event;
        st.eventLine = line;
        if (!event.session.isEmpty())
            st.session = event.session;
        st.casAddress = event.casAddress;
        return;
    case SconeEventKind::Attested:
        st.status = SconeStatus::Attested;
        st.event = event;
        st.eventLine = line;
        return;
    default:
        break;
    }
    // A failure. The first failure of an attempt is the one that matters; later lines of the
    // same error chain add the names they carry.
    if (st.status != SconeStatus::Failing) {
        st.status = SconeStatus::Failing;
        st.event = event;
        st.eventLine = line;
    } else if (st.event.kind == SconeEventKind::AttestationFailed || st.event.kind == SconeEventKind::RuntimeFatal) {
        // A more specific cause ("Caused by: session 'x' not found") replaces the generic one.
        if (kind != SconeEventKind::AttestationFailed && kind != SconeEventKind::RuntimeFatal) {
            st.event = event;
            st.eventLine = line;
        }
    }
    if (!event.session.isEmpty())
        st.session = event.session;
    if (!event.secret.isEmpty())
        st.secret = event.secret;
}

void SconeStatusTracker::observe(const LogStore &store, LineNumber from, LineNumber to)
{
    for (LineNumber n = std::max(from, store.firstLine()); n < to && n < store.endLine(); ++n) {
        if (const auto line = store.line(n))
            observe(n, line->source, line->attributes, line->text);
    }
}

void SconeStatusTracker::resetSource(SourceId source)
{
    state(source) = State{};
}

SconeSourceStatus SconeStatusTracker::source(SourceId id) const
{
    if (id.get() < m_states.size())
        return m_states[id.get()].status;
    SconeSourceStatus none;
    none.source = id;
    return none;
}

SconeSourceStatus SconeStatusTracker::service(const LogSourceRegistry &registry, const QString &service,
                                              Place place) const
{
    const auto inPlace = [place](const LogSource &s) {
        return (s.kind == LogSourceKind::Local) == (place == Place::Local);
    };
    bool anyLive = false;
    for (const LogSource &s : registry.all())
        anyLive = anyLive || (s.service == service && !s.retired && inPlace(s));
    SconeSourceStatus best;
    auto rank = [](SconeStatus st) {
        switch (st) {
        case SconeStatus::Failing:
            return 3;
        case SconeStatus::Starting:
            return 2;
        case SconeStatus::Attested:
            return 1;
        case SconeStatus::Unknown:
            return 0;
        }
        return 0;
    };
    for (const LogSource &s : registry.all()) {
        if (s.service != service || !inPlace(s) || (anyLive && s.retired))
            continue;
        const SconeSourceStatus st = source(s.id);
        if (rank(st.status) > rank(best.status))
            best = st;
    }
    return best;
}

}  // namespace workbench::models::logs
