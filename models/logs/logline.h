// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"
#include "logs/linechunk.h"
#include "logs/linetypes.h"

#include <QByteArrayView>

#include <memory>

namespace workbench::models::logs {

/// One line read from the store. text points into the chunk, which holder keeps alive.
struct LogLine {
    LineNumber number;
    SourceId source;
    LogTimestamp timestamp = 0;
    LineAttributes attributes;
    QByteArrayView text;
    std::shared_ptr<const LineChunk> holder;
};

}  // namespace workbench::models::logs
