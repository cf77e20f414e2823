// SPDX-License-Identifier: Apache-2.0
#include "logs/logsource.h"

namespace workbench::models::logs {

QString LogSource::displayName() const
{
    switch (kind) {
    case LogSourceKind::Container:
        return pod + QLatin1Char(' ') + container;
    case LogSourceKind::Pod:
        return pod;
    case LogSourceKind::Local:
        return service;
    }
    return {};
}

}  // namespace workbench::models::logs
