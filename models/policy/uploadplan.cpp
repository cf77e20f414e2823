// SPDX-License-Identifier: Apache-2.0
#include "policy/uploadplan.h"

#include "policy/detail/diagnostics.h"
#include "policy/detail/graphalgorithms.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <set>

namespace workbench::models::policy {

UploadPlan planUpload(const QList<CasSession> &sessions)
{
    UploadPlan plan;
    const int n = int(sessions.size());
    QHash<QString, int> index;
    index.reserve(n);
    for (int i = 0; i < n; ++i)
        index.insert(sessions.at(i).name, i);

    // Edges exporter -> importer.
    std::vector<std::vector<int>> out(static_cast<size_t>(n));
    std::vector<int> indegree(size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        const CasSession &s = sessions.at(i);
        QSet<int> seen;
        for (const CasSecret &sec : s.secrets) {
            if (!sec.import || sec.import->sessionAbsolute.isEmpty())
                continue;
            const QString &from = sec.import->sessionAbsolute;
            const auto it = index.constFind(from);
            if (it == index.cend()) {
                if (!sec.import->casUrl.isEmpty())
                    continue;  // remote CAS: outside this upload
                const qsizetype slash = s.name.lastIndexOf(QLatin1Char('/'));
                const bool sameNamespace = slash > 0 && from.startsWith(s.name.left(slash + 1));
                plan.diagnostics.append(detail::makeDiagnostic(
                    sameNamespace ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning,
                    QStringLiteral("policy.import.missing-session"),
                    sameNamespace
                        ? QStringLiteral(
                              "Session %1 imports secret %2 from session %3, which is not part of the upload.")
                              .arg(s.name, sec.import->secret, from)
                        : QStringLiteral("Session %1 imports secret %2 from session %3 outside this mesh: it must "
                                         "exist on the CAS before the upload.")
                              .arg(s.name, sec.import->secret, from),
                    sec.source));
                continue;
            }
            if (*it == i || seen.contains(*it))
                continue;
            seen.insert(*it);
            out[size_t(*it)].push_back(i);
            ++indegree[size_t(i)];
        }
    }

    // Namespace sessions first, then Kahn's algorithm with the input index as tie-break.
    std::vector<bool> placed(size_t(n), false);
    for (int i = 0; i < n; ++i)
        if (sessions.at(i).kind == CasSession::Kind::Namespace) {
            plan.order.append(sessions.at(i).name);
            placed[size_t(i)] = true;
            for (int t : out[size_t(i)])
                --indegree[size_t(t)];
        }
    std::set<int> ready;
    for (int i = 0; i < n; ++i)
        if (!placed[size_t(i)] && indegree[size_t(i)] == 0)
            ready.insert(i);
    while (!ready.empty()) {
        const int i = *ready.begin();
        ready.erase(ready.begin());
        placed[size_t(i)] = true;
        plan.order.append(sessions.at(i).name);
        for (int t : out[size_t(i)])
            if (--indegree[size_t(t)] == 0 && !placed[size_t(t)])
                ready.insert(t);
    }

    // Whatever is left sits on or behind a cycle.
    const std::vector<std::vector<int>> sccs = detail::stronglyConnectedComponents(out);
    for (const std::vector<int> &comp : sccs) {
        const bool selfLoop = comp.size() == 1 && std::find(out[size_t(comp[0])].begin(), out[size_t(comp[0])].end(),
                                                            comp[0]) != out[size_t(comp[0])].end();
        if (comp.size() < 2 && !selfLoop)
            continue;
        QStringList names;
        for (int i : comp)
            names.append(sessions.at(i).name);
        std::sort(names.begin(), names.end());
        plan.cycles.append(names);
        plan.diagnostics.append(detail::makeDiagnostic(
            Diagnostic::Severity::Error, QStringLiteral("policy.cycle"),
            QStringLiteral(
                "Sessions %1 import secrets from each other: there is no order in which they can be uploaded.")
                .arg(names.join(QStringLiteral(", "))),
            sessions.at(comp.front()).source));
    }
    std::sort(plan.cycles.begin(), plan.cycles.end());
    for (int i = 0; i < n; ++i)
        if (!placed[size_t(i)])
            plan.order.append(sessions.at(i).name);
    return plan;
}

}  // namespace workbench::models::policy
