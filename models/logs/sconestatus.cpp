// SPDX-License-Identifier: Apache-2.0
#include "logs/sconestatus.h"

namespace workbench::models::logs {

QString sconeStatusName(SconeStatus status)
{
    switch (status) {
    case SconeStatus::Unknown:
        return QStringLiteral("unknown");
    case SconeStatus::Starting:
        return QStringLiteral("starting");
    case SconeStatus::Attested:
        return QStringLiteral("attested");
    case SconeStatus::Failing:
        return QStringLiteral("failing");
    }
    return {};
}

}  // namespace workbench::models::logs
