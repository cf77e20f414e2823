// SPDX-License-Identifier: Apache-2.0
#include "core/cancellationsource.h"

#include <optional>

namespace workbench::engine {

struct CancellationSource::State {
    std::stop_source source;
    // Forwards the parent's cancellation; destroyed (unregistered) with the last source copy.
    std::optional<std::stop_callback<std::function<void()>>> link;
};

CancellationSource::CancellationSource()
    : m_state(std::make_shared<State>())
{}

CancellationSource::CancellationSource(const CancellationToken &parent)
    : CancellationSource()
{
    if (!parent.canBeCancelled())
        return;
    // The callback holds a copy of the stop_source (a shared handle), never the State, so the
    // State's lifetime stays with the sources.
    std::function<void()> forward = [source = m_state->source]() mutable { source.request_stop(); };
    m_state->link.emplace(parent.stopToken(), std::move(forward));
}

CancellationToken CancellationSource::token() const
{
    return CancellationToken(m_state->source.get_token());
}

bool CancellationSource::cancel()
{
    return m_state->source.request_stop();
}

bool CancellationSource::isCancelled() const
{
    return m_state->source.stop_requested();
}

}  // namespace workbench::engine
