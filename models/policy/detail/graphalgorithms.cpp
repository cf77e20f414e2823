// SPDX-License-Identifier: Apache-2.0
#include "policy/detail/graphalgorithms.h"

#include <algorithm>
#include <utility>

namespace workbench::models::policy::detail {

std::vector<std::vector<int>> stronglyConnectedComponents(const std::vector<std::vector<int>> &adj)
{
    const int n = int(adj.size());
    std::vector<int> index(size_t(n), -1), low(size_t(n), 0);
    std::vector<bool> onStack(size_t(n), false);
    std::vector<int> stack;
    std::vector<std::vector<int>> result;
    int counter = 0;
    // Explicit DFS stack of (vertex, next edge position).
    std::vector<std::pair<int, size_t>> work;
    for (int root = 0; root < n; ++root) {
        if (index[size_t(root)] >= 0)
            continue;
        work.emplace_back(root, 0);
        while (!work.empty()) {
            auto &[v, pos] = work.back();
            if (pos == 0 && index[size_t(v)] < 0) {
                index[size_t(v)] = low[size_t(v)] = counter++;
                stack.push_back(v);
                onStack[size_t(v)] = true;
            }
            if (pos < adj[size_t(v)].size()) {
                const int w = adj[size_t(v)][pos++];
                if (index[size_t(w)] < 0)
                    work.emplace_back(w, 0);
                else if (onStack[size_t(w)])
                    low[size_t(v)] = std::min(low[size_t(v)], index[size_t(w)]);
                continue;
            }
            if (low[size_t(v)] == index[size_t(v)]) {
                std::vector<int> comp;
                int w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    onStack[size_t(w)] = false;
                    comp.push_back(w);
                } while (w != v);
                std::sort(comp.begin(), comp.end());
                result.push_back(std::move(comp));
            }
            const int finished = v;
            work.pop_back();
            if (!work.empty()) {
                const int parent = work.back().first;
                low[size_t(parent)] = std::min(low[size_t(parent)], low[size_t(finished)]);
            }
        }
    }
    return result;
}

}  // namespace workbench::models::policy::detail
