// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationtoken.h"

#include <memory>

namespace workbench::engine {

/// The sending side of a cancellation. Copies share one state: cancelling any copy cancels
/// every token handed out. Thread-safe.
class CancellationSource
{
public:
    CancellationSource();
    /// A source that is also cancelled when @p parent is (a pipeline's token cancels its steps'
    /// tokens). The link lives as long as some copy of this source does.
    explicit CancellationSource(const CancellationToken &parent);

    CancellationToken token() const;
    /// Requests cancellation; true if this call did it (false when it already was). Runs the
    /// registered callbacks on this thread before returning.
    bool cancel();
    bool isCancelled() const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

}  // namespace workbench::engine
