// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/pipelinestep.h"

#include <QList>

#include <memory>

namespace workbench::engine::jobs {

/// A pipeline declared as a tree: steps, and groups of nodes run in sequence or in parallel.
/// Immutable and cheap to copy (shared). Declared, not hand-wired:
///
///     auto recipe = sequence({
///         step("build", makeBuild).timeout(10min),
///         parallel({step("push app", pushApp), step("push db", pushDb)}),
///         step("deploy", deploy).retry(RetryPolicy::times(3)),
///     });
///
/// Semantics (PipelineJob): a sequence runs its children one after the other and stops at the
/// first that fails; a parallel group starts its children together (at most maxParallel at a
/// time when > 0), and when one fails cancels the others and fails with the first failure.
class PipelineRecipe
{
public:
    enum class Kind { Step, Sequence, Parallel };

    PipelineRecipe(PipelineStep step);  // NOLINT(google-explicit-constructor): steps nest directly
    static PipelineRecipe sequence(QList<PipelineRecipe> children);
    static PipelineRecipe parallel(QList<PipelineRecipe> children, int maxParallel = 0);

    Kind kind() const;
    const PipelineStep &step() const;  ///< Kind::Step only
    const QList<PipelineRecipe> &children() const;
    int maxParallel() const;
    /// Every step in declaration order (depth first).
    QList<const PipelineStep *> steps() const;

private:
    struct Node;
    explicit PipelineRecipe(std::shared_ptr<const Node> node);
    std::shared_ptr<const Node> m_node;
};

inline PipelineRecipe sequence(QList<PipelineRecipe> children)
{
    return PipelineRecipe::sequence(std::move(children));
}
inline PipelineRecipe parallel(QList<PipelineRecipe> children, int maxParallel = 0)
{
    return PipelineRecipe::parallel(std::move(children), maxParallel);
}
template<typename F> PipelineStep step(QString name, F factory)
{
    return PipelineStep(std::move(name), std::move(factory));
}

}  // namespace workbench::engine::jobs
