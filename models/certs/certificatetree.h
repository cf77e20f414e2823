// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"

#include <QList>

namespace workbench::models::certs {

/// Certificates arranged by issuer: each node's parent is the certificate that signed it.
/// Built from any set (a PEM bundle, a PKCS#12, a TLS peer chain), loop-safe: a cycle of
/// cross-signed certificates is cut, never followed forever.
class CertificateTree
{
public:
    struct Node {
        Certificate certificate;
        int parent = -1;      ///< index of the issuer node, -1 for a root (or an orphan)
        QList<int> children;  ///< indices, in input order
        bool selfSigned = false;
    };

    /// Duplicates (same DER) are merged; the first occurrence wins.
    static CertificateTree build(const QList<Certificate> &certificates);

    const QList<Node> &nodes() const { return m_nodes; }
    /// Nodes without a parent in the set: self-signed roots and certificates whose issuer is missing.
    QList<int> roots() const;
    /// Nodes that issued nothing in the set (the end entities to verify).
    QList<int> leaves() const;
    /// @p index's certificate followed by its issuers within the set, up to a root.
    QList<Certificate> chainFrom(int index) const;
    int depth(int index) const;

private:
    QList<Node> m_nodes;
};

}  // namespace workbench::models::certs
