// SPDX-License-Identifier: Apache-2.0
#include "jobs/pipelinestep.h"

namespace workbench::engine::jobs {

PipelineStep PipelineStep::work(QString name, std::function<Status(const JobContext &)> work)
{
    const QString title = name;
    return PipelineStep(std::move(name),
                        [title, work](PipelineContext &) { return std::make_unique<ConcurrentJob<Ok>>(title, work); });
}

}  // namespace workbench::engine::jobs
