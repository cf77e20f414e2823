// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

namespace workbench::models::policy::detail {

/// Tarjan's algorithm (iterative, so deep chains cannot overflow the stack). Returns the
/// strongly connected components of the graph given as adjacency lists; each component's
/// vertices are sorted ascending, components in reverse topological order.
std::vector<std::vector<int>> stronglyConnectedComponents(const std::vector<std::vector<int>> &adjacency);

}  // namespace workbench::models::policy::detail
