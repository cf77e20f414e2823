// SPDX-License-Identifier: Apache-2.0
#include "policy/sessiongraph.h"

#include "policy/detail/graphalgorithms.h"

#include <QHash>
#include <QMap>

namespace workbench::models::policy {

int SessionGraph::indexOf(const QString &id) const
{
    for (int i = 0; i < nodes.size(); ++i)
        if (nodes.at(i).id == id)
            return i;
    return -1;
}

int SessionGraph::problemCount() const
{
    int n = 0;
    for (const Edge &e : edges)
        if (e.problem != Edge::Problem::None)
            ++n;
    for (const Node &node : nodes)
        if (node.inCycle)
            ++n;
    return n;
}

QList<QList<int>> SessionGraph::edgeGroups() const
{
    QMap<QPair<int, int>, QList<int>> groups;
    QList<QPair<int, int>> order;
    for (int i = 0; i < edges.size(); ++i) {
        const QPair<int, int> key{edges.at(i).from, edges.at(i).to};
        if (!groups.contains(key))
            order.append(key);
        groups[key].append(i);
    }
    QList<QList<int>> out;
    out.reserve(order.size());
    for (const auto &k : order)
        out.append(groups.value(k));
    return out;
}

SessionGraph buildSessionGraph(const QList<CasSession> &sessions)
{
    SessionGraph g;
    QHash<QString, int> nodeOf;
    auto lastSegment = [](const QString &name) { return name.section(QLatin1Char('/'), -1); };
    for (int i = 0; i < sessions.size(); ++i) {
        const CasSession &s = sessions.at(i);
        SessionGraph::Node n;
        n.id = s.name;
        n.label = s.meshService.isEmpty() ? lastSegment(s.name) : s.meshService;
        n.kind = s.kind == CasSession::Kind::Namespace ? SessionGraph::Node::Kind::Namespace
                                                       : SessionGraph::Node::Kind::Session;
        n.curated = s.curatedImage;
        n.sessionIndex = i;
        for (const CasSecret &c : s.secrets)
            if (c.exportPublic)
                n.publicSecrets.append(c.name);
        nodeOf.insert(s.name, int(g.nodes.size()));
        g.nodes.append(n);
    }
    auto missingNode = [&](const QString &id, const QString &label) {
        if (const auto it = nodeOf.constFind(id); it != nodeOf.cend())
            return *it;
        SessionGraph::Node n;
        n.id = id;
        n.label = label;
        n.kind = SessionGraph::Node::Kind::Missing;
        nodeOf.insert(id, int(g.nodes.size()));
        g.nodes.append(n);
        return int(g.nodes.size() - 1);
    };
    auto exportsTo = [](const CasSecret &c, const QString &importer) {
        for (const SecretExport &e : c.exports) {
            if (!e.isNamespace && e.sessionAbsolute == importer)
                return true;
            if (e.isNamespace &&
                (importer == e.sessionAbsolute || importer.startsWith(e.sessionAbsolute + QLatin1Char('/'))))
                return true;
        }
        return false;
    };

    // Imports: one edge per imported secret.
    for (int i = 0; i < sessions.size(); ++i) {
        const CasSession &s = sessions.at(i);
        for (const CasSecret &c : s.secrets) {
            if (!c.import)
                continue;
            SessionGraph::Edge e;
            e.to = nodeOf.value(s.name);
            e.secret = c.import->secret;
            const QString &from = c.import->sessionAbsolute;
            if (from.isEmpty()) {
                e.from = missingNode(QLatin1Char('?') + c.import->secret,
                                     QStringLiteral("(no exporter of %1)").arg(c.import->secret));
                e.problem = SessionGraph::Edge::Problem::DanglingImport;
            } else if (const auto it = nodeOf.constFind(from);
                       it != nodeOf.cend() && g.nodes.at(*it).kind != SessionGraph::Node::Kind::Missing) {
                e.from = *it;
                const CasSession &exporter = sessions.at(g.nodes.at(*it).sessionIndex);
                const CasSecret *orig = exporter.secret(c.import->secret);
                if (!exporter.curatedImage && (!orig || !exportsTo(*orig, s.name)))
                    e.problem = SessionGraph::Edge::Problem::DanglingImport;
            } else {
                e.from = missingNode(from, lastSegment(from));
                e.problem = SessionGraph::Edge::Problem::DanglingImport;
            }
            g.edges.append(e);
        }
    }
    // Exports not matched by an import.
    for (int i = 0; i < sessions.size(); ++i) {
        const CasSession &s = sessions.at(i);
        for (const CasSecret &c : s.secrets) {
            for (const SecretExport &ex : c.exports) {
                if (ex.isNamespace) {
                    SessionGraph::Edge e;
                    e.from = nodeOf.value(s.name);
                    e.to = missingNode(ex.sessionAbsolute, lastSegment(ex.sessionAbsolute));
                    e.secret = c.name;
                    e.namespaceExport = true;
                    g.edges.append(e);
                    continue;
                }
                const auto it = nodeOf.constFind(ex.sessionAbsolute);
                bool imported = false;
                if (it != nodeOf.cend() && g.nodes.at(*it).sessionIndex >= 0) {
                    const CasSession &target = sessions.at(g.nodes.at(*it).sessionIndex);
                    for (const CasSecret &t : target.secrets)
                        if (t.import && t.import->sessionAbsolute == s.name && t.import->secret == c.name)
                            imported = true;
                    if (target.curatedImage)
                        imported = true;  // its embedded policy may import it; nothing to flag
                }
                if (imported)
                    continue;
                SessionGraph::Edge e;
                e.from = nodeOf.value(s.name);
                e.to = it != nodeOf.cend() ? *it : missingNode(ex.sessionAbsolute, lastSegment(ex.sessionAbsolute));
                e.secret = c.name;
                e.problem = SessionGraph::Edge::Problem::UnusedExport;
                g.edges.append(e);
            }
        }
    }
    // The namespace session grants the creation of every session below it.
    for (int ns = 0; ns < g.nodes.size(); ++ns) {
        if (g.nodes.at(ns).kind != SessionGraph::Node::Kind::Namespace)
            continue;
        const QString prefix = g.nodes.at(ns).id + QLatin1Char('/');
        for (int s = 0; s < g.nodes.size(); ++s)
            if (s != ns && g.nodes.at(s).kind == SessionGraph::Node::Kind::Session &&
                g.nodes.at(s).id.startsWith(prefix))
                g.grants.append({ns, s});
    }
    // Cycles among real sessions.
    std::vector<std::vector<int>> adj(static_cast<size_t>(g.nodes.size()));
    for (const SessionGraph::Edge &e : std::as_const(g.edges))
        if (!e.namespaceExport && e.from >= 0 && e.to >= 0 && e.from != e.to)
            adj[size_t(e.from)].push_back(e.to);
    for (const std::vector<int> &comp : detail::stronglyConnectedComponents(adj)) {
        if (comp.size() < 2)
            continue;
        for (int v : comp)
            g.nodes[v].inCycle = true;
        for (SessionGraph::Edge &e : g.edges)
            if (std::find(comp.begin(), comp.end(), e.from) != comp.end() &&
                std::find(comp.begin(), comp.end(), e.to) != comp.end())
                e.inCycle = true;
    }
    return g;
}

}  // namespace workbench::models::policy
