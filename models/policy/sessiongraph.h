// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/cassession.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::policy {

/// Sessions as nodes and secrets flowing between them as edges, with the problems a reviewer
/// must see: imports nobody exports (dangling), exports nobody imports, cycles, public exports.
/// A pure model; ui/policies/sessiongraphview draws it.
struct SessionGraph {
    struct Node {
        enum class Kind {
            Namespace,  ///< the namespace session
            Session,    ///< a session of the set
            Missing,    ///< referenced but not in the set (or no exporter at all)
        };
        QString id;     ///< session name (Missing without exporter: "?<secret>")
        QString label;  ///< mesh service, else the last name segment
        Kind kind = Kind::Session;
        bool curated = false;  ///< curated image: its own secrets are unknown
        bool inCycle = false;
        QStringList publicSecrets;  ///< secrets with export_public: true
        int sessionIndex = -1;      ///< index in the input list, -1 for Missing
    };
    struct Edge {
        enum class Problem {
            None,
            DanglingImport,  ///< the importer names a session/secret that does not export it to it
            UnusedExport,    ///< exported to a session that does not import it or does not exist
        };
        int from = -1;   ///< exporter node
        int to = -1;     ///< importer node
        QString secret;  ///< secret name in the exporter
        Problem problem = Problem::None;
        bool namespaceExport = false;  ///< `export: namespace:` (to the whole namespace)
        bool inCycle = false;
    };

    /// What the namespace session grants: the sessions of its namespace exist because it lets
    /// its creator create them (`access_policy.create_sessions`). One per such session.
    struct Grant {
        int from = -1;  ///< the namespace session
        int to = -1;    ///< a session in that namespace
    };

    QList<Node> nodes;
    QList<Edge> edges;
    QList<Grant> grants;

    int indexOf(const QString &id) const;
    int problemCount() const;
    /// Edges between the same two nodes, grouped (for drawing one arrow per pair).
    QList<QList<int>> edgeGroups() const;
};

SessionGraph buildSessionGraph(const QList<CasSession> &sessions);

}  // namespace workbench::models::policy
