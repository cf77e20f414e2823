// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatetree.h"

namespace workbench::models::certs {

CertificateTree CertificateTree::build(const QList<Certificate> &certificates)
{
    CertificateTree tree;
    for (const Certificate &c : certificates) {
        if (c.isNull())
            continue;
        bool duplicate = false;
        for (const Node &n : std::as_const(tree.m_nodes))
            duplicate = duplicate || n.certificate == c;
        if (duplicate)
            continue;
        Node n;
        n.certificate = c;
        n.selfSigned = c.isSelfSigned();
        tree.m_nodes << n;
    }
    const int count = int(tree.m_nodes.size());
    auto reaches = [&tree](int from, int target) {
        // Walks parents from @p from; at most count steps, so even a corrupt state terminates.
        for (int i = from, steps = 0; i >= 0 && steps <= int(tree.m_nodes.size());
             i = tree.m_nodes.at(i).parent, ++steps)
            if (i == target)
                return true;
        return false;
    };
    for (int i = 0; i < count; ++i) {
        Node &n = tree.m_nodes[i];
        if (n.selfSigned)
            continue;
        int best = -1;
        for (int j = 0; j < count && best < 0; ++j) {
            if (j == i || !n.certificate.isIssuedBy(tree.m_nodes.at(j).certificate))
                continue;
            if (reaches(j, i))
                continue;  // would close a loop (cross-signed pair): leave i as a root
            best = j;
        }
        n.parent = best;
    }
    for (int i = 0; i < count; ++i)
        if (const int p = tree.m_nodes.at(i).parent; p >= 0)
            tree.m_nodes[p].children << i;
    return tree;
}

QList<int> CertificateTree::roots() const
{
    QList<int> out;
    for (int i = 0; i < int(m_nodes.size()); ++i)
        if (m_nodes.at(i).parent < 0)
            out << i;
    return out;
}

QList<int> CertificateTree::leaves() const
{
    QList<int> out;
    for (int i = 0; i < int(m_nodes.size()); ++i)
        if (m_nodes.at(i).children.isEmpty())
            out << i;
    return out;
}

QList<Certificate> CertificateTree::chainFrom(int index) const
{
    QList<Certificate> out;
    for (int i = index, steps = 0; i >= 0 && i < int(m_nodes.size()) && steps <= int(m_nodes.size());
         i = m_nodes.at(i).parent, ++steps)
        out << m_nodes.at(i).certificate;
    return out;
}

int CertificateTree::depth(int index) const
{
    return int(chainFrom(index).size()) - 1;
}

}  // namespace workbench::models::certs
