// SPDX-License-Identifier: Apache-2.0
#include "core/cancellationtoken.h"

namespace workbench::engine {

CancellationCallback CancellationToken::onCancel(std::function<void()> callback) const
{
    CancellationCallback registration;
    if (!callback || !m_token.stop_possible())
        return registration;
    registration.m_callback = std::make_unique<std::stop_callback<std::function<void()>>>(m_token, std::move(callback));
    return registration;
}

Status CancellationToken::check(const QString &message) const
{
    if (isCancelled())
        return Error::cancelled(message);
    return Ok{};
}

}  // namespace workbench::engine
