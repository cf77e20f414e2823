// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <curl/curl.h>

#include <QString>

namespace workbench::engine::net::detail {

/// What is known about a failed transfer when it is turned into an Error.
struct FailedTransfer {
    CURLcode code = CURLE_OK;
    QString errorBuffer;     ///< curl's CURLOPT_ERRORBUFFER text
    QString target;          ///< "host:port"
    bool connected = false;  ///< the TLS (or TCP for http) connection was established
    bool idleTimeoutSet = false;
    bool tooLarge = false;
    bool viaProxy = false;
};

/// One Error per failure class (core/errorcodes.h net.*), with a message a user understands
/// and curl's own text as the detail.
Error toError(const FailedTransfer &f);

}  // namespace workbench::engine::net::detail
