// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <memory>

namespace workbench::engine::net {

namespace detail {
class CurlLoop;
}

/// Handle to one request made with HttpClient. Copyable; cancel() is thread-safe and safe
/// after the client is gone.
class HttpCall
{
public:
    HttpCall() = default;

    quint64 id() const { return m_id; }
    bool isValid() const { return m_id != 0; }
    /// Stops this request only (other requests, even on the same HTTP/2 connection, go on).
    /// Its onDone then reports a cancellation, unless it had already finished.
    void cancel() const;

private:
    friend class HttpClient;
    HttpCall(std::weak_ptr<detail::CurlLoop> loop, quint64 id)
        : m_loop(std::move(loop))
        , m_id(id)
    {}
    std::weak_ptr<detail::CurlLoop> m_loop;
    quint64 m_id = 0;
};

}  // namespace workbench::engine::net
