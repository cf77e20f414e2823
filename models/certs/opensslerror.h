// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>

namespace workbench::models::certs {

/// Empties this thread's OpenSSL error queue and returns its entries, "; "-separated, as the
/// technical detail of an Error (nothing is printed to stderr and lost). Empty when the queue
/// was empty.
QString drainOpenSslErrors();

/// Discards the queue (after an expected failure, e.g. probing a format).
void clearOpenSslErrors();

/// An Error with @p code and @p message whose detail is the drained OpenSSL error queue.
Error openSslError(const QString &code, const QString &message);

}  // namespace workbench::models::certs
