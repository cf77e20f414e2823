// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <functional>
#include <memory>
#include <stop_token>

namespace workbench::engine {

/// A registration made with CancellationToken::onCancel(). Destroying it unregisters the
/// callback; if the callback is running on another thread at that moment, the destructor waits
/// for it to return (std::stop_callback semantics), so a callback never outlives what it uses
/// when the registration is a member of the object it captures. Move-only.
class CancellationCallback
{
public:
    CancellationCallback() = default;
    CancellationCallback(CancellationCallback &&) noexcept = default;
    CancellationCallback &operator=(CancellationCallback &&) noexcept = default;
    ~CancellationCallback() = default;

    bool isRegistered() const { return m_callback != nullptr; }
    /// Unregisters now (same waiting rule as the destructor).
    void reset() { m_callback.reset(); }

private:
    friend class CancellationToken;
    std::unique_ptr<std::stop_callback<std::function<void()>>> m_callback;
};

/// The receiving side of a cancellation: cheap to copy (one shared pointer), safe to use from
/// any thread. A default-constructed token is never cancelled. Work checks isCancelled() at its
/// chunk boundaries, or registers a callback to interrupt a blocking wait.
class CancellationToken
{
public:
    CancellationToken() = default;

    bool isCancelled() const noexcept { return m_token.stop_requested(); }
    /// False for a default token (nothing can ever cancel it).
    bool canBeCancelled() const noexcept { return m_token.stop_possible(); }

    /// Calls @p callback once when cancellation is requested: at once on this thread if it
    /// already was, otherwise on the thread that calls CancellationSource::cancel(). The callback
    /// must be quick and must not throw. Keep the returned registration alive for as long as the
    /// callback may run.
    [[nodiscard]] CancellationCallback onCancel(std::function<void()> callback) const;

    /// Error::cancelled(@p message) when cancelled, Ok otherwise: `if (auto s = t.check(); !s) return s.error();`
    Status check(const QString &message = {}) const;

    /// The underlying token, for std::jthread / std::condition_variable_any interop.
    std::stop_token stopToken() const { return m_token; }

private:
    friend class CancellationSource;
    explicit CancellationToken(std::stop_token token)
        : m_token(std::move(token))
    {}
    std::stop_token m_token;
};

}  // namespace workbench::engine
