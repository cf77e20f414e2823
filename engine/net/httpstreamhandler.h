// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "net/httpresponse.h"

#include <QByteArray>

#include <functional>

namespace workbench::engine::net {

/// Callbacks of a streaming request, all called on the context object's thread, in order:
/// onHead once (when the headers are complete), onData for each batch of body bytes (batches
/// coalesce whatever arrived while the previous one was being handled), onDone exactly once
/// (Ok at the end of the body; the Error otherwise, Error::isCancelled() after cancel()).
/// The stream is paused while more than HttpRequest::streamBufferBytes wait for onData.
struct HttpStreamHandler {
    std::function<void(const HttpResponseHead &)> onHead;
    std::function<void(QByteArray)> onData;
    std::function<void(const Status &)> onDone;
};

}  // namespace workbench::engine::net
