// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationtoken.h"

#include <QString>
#include <QVariantHash>

namespace workbench::engine::jobs {

/// Handed to every step factory and onSucceeded hook, on the pipeline's thread: values that
/// steps pass on to later steps (an image digest for the deploy step), the pipeline's token,
/// and which step and try is being created.
struct PipelineContext {
    QVariantHash values;
    CancellationToken token;
    QString step;     ///< the step being created
    int attempt = 0;  ///< 1 for the first try
};

}  // namespace workbench::engine::jobs
