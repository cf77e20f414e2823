// SPDX-License-Identifier: Apache-2.0
// Internal: the parsed, immutable state shared by copies of a YamlDocument.
#pragma once

#include "manifest/yamldocument.h"

#include <QByteArray>
#include <QList>

#include <vector>

namespace workbench::models::detail {

struct YamlData {
    QByteArray text;
    std::vector<YamlNode> nodes;
    std::vector<int> lineStarts;  ///< byte offset of each line start (line 1 at index 0)
    QList<YamlIssue> issues;
    int root = -1;
    bool valid = false;
    bool asciiOnly = true;
    bool mayHaveMergeKeys = false;  ///< the text contains `<<` (see YamlNode::value())

    const YamlNode *node(int index) const
    {
        return index >= 0 && index < int(nodes.size()) ? &nodes[size_t(index)] : nullptr;
    }
    SourceLocation location(int offset, int length) const;
    int lineIndexOf(int offset) const;              ///< 0-based line index
    int columnOf(int lineIndex, int offset) const;  ///< 1-based, code points
};

/// Parses @p text into a new YamlData (never throws).
std::shared_ptr<const YamlData> parseYaml(QByteArray text);

/// Shared helpers for the edit code.
bool isBlank(char c);
bool isLineBreak(char c);

}  // namespace workbench::models::detail
