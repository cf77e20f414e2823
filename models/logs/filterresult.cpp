// SPDX-License-Identifier: Apache-2.0
#include "logs/filterresult.h"

#include <algorithm>

namespace workbench::models::logs {

qsizetype FilterResult::lowerBound(LineNumber line) const
{
    return qsizetype(std::lower_bound(m_lines.begin(), m_lines.end(), line) - m_lines.begin());
}

bool FilterResult::contains(LineNumber line) const
{
    return std::binary_search(m_lines.begin(), m_lines.end(), line);
}

bool FilterResult::append(const FilterResult &later)
{
    if (later.m_from != m_to)
        return false;
    m_lines.insert(m_lines.end(), later.m_lines.begin(), later.m_lines.end());
    m_to = later.m_to;
    m_unreadable += later.m_unreadable;
    return true;
}

void FilterResult::dropBefore(LineNumber first)
{
    if (first <= m_from)
        return;
    m_lines.erase(m_lines.begin(), m_lines.begin() + std::ptrdiff_t(lowerBound(first)));
    m_from = std::min(first, m_to);
}

}  // namespace workbench::models::logs
