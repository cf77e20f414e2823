// SPDX-License-Identifier: Apache-2.0
// Internal: the parsed, immutable state shared by copies of a YamlDocument.
#pragma once

#include "manifest/yamldocument.h"

#include <QByteArray>
#include <QList>

#include <vector>

namespace workbench::models::detail {

struct YamlData {
    /// What few nodes have: a tag other than the implicit `?`/`!`, an anchor.
    struct NodeProps {
        QString tag;
        QString anchor;
    };

    QByteArray text;
    std::vector<YamlNode> nodes;
    std::vector<int> children;  ///< every node's children, node after node (see YamlNode::m_firstChild)
    std::vector<NodeProps> props;
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
    /// While the tree is built a node knows only how many children it has (YamlNode::m_childCount);
    /// this lays them out in `children` once every node is there. A parent's children are the
    /// nodes that name it as their parent, in the order they were made.
    void linkChildren();
    const int *childrenOf(const YamlNode &n) const { return children.data() + n.m_firstChild; }
    void setTag(YamlNode &n, const QString &tag);
    void setAnchor(YamlNode &n, const QString &anchor);

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
