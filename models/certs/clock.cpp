// SPDX-License-Identifier: Apache-2.0
#include "certs/clock.h"

namespace workbench::models::certs {

const Clock &Clock::system()
{
    static const SystemClock clock;
    return clock;
}

}  // namespace workbench::models::certs
