// SPDX-License-Identifier: Apache-2.0
#include "jobs/pipelinerecipe.h"

#include <optional>

namespace workbench::engine::jobs {

struct PipelineRecipe::Node {
    Kind kind = Kind::Step;
    std::optional<PipelineStep> step;
    QList<PipelineRecipe> children;
    int maxParallel = 0;
};

PipelineRecipe::PipelineRecipe(std::shared_ptr<const Node> node)
    : m_node(std::move(node))
{}

PipelineRecipe::PipelineRecipe(PipelineStep step)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Step;
    n->step.emplace(std::move(step));
    m_node = std::move(n);
}

PipelineRecipe PipelineRecipe::sequence(QList<PipelineRecipe> children)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Sequence;
    n->children = std::move(children);
    return PipelineRecipe(std::move(n));
}

PipelineRecipe PipelineRecipe::parallel(QList<PipelineRecipe> children, int maxParallel)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Parallel;
    n->children = std::move(children);
    n->maxParallel = std::max(0, maxParallel);
    return PipelineRecipe(std::move(n));
}

PipelineRecipe::Kind PipelineRecipe::kind() const
{
    return m_node->kind;
}

const PipelineStep &PipelineRecipe::step() const
{
    return *m_node->step;
}

const QList<PipelineRecipe> &PipelineRecipe::children() const
{
    return m_node->children;
}

int PipelineRecipe::maxParallel() const
{
    return m_node->maxParallel;
}

QList<const PipelineStep *> PipelineRecipe::steps() const
{
    QList<const PipelineStep *> out;
    if (m_node->kind == Kind::Step) {
        out.append(&*m_node->step);
        return out;
    }
    for (const PipelineRecipe &c : m_node->children)
        out += c.steps();
    return out;
}

}  // namespace workbench::engine::jobs
