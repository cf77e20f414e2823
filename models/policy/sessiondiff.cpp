// SPDX-License-Identifier: Apache-2.0
#include "policy/sessiondiff.h"

#include "policy/sessionreader.h"

#include <QSet>

#include <algorithm>
#include <vector>

namespace workbench::models::policy {

namespace {

/// Beyond this edit distance the diff degrades to "replace everything" instead of using
/// quadratic memory.
constexpr int kMaxEditDistance = 4000;

QStringList splitLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    return lines;
}

/// First line (1-based) at or after @p from whose trimmed text contains @p needle; 0 if none.
int findLine(const QStringList &lines, const QString &needle, int from = 1)
{
    for (int i = std::max(0, from - 1); i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

bool isPlaceholderMrenclave(const QString &m)
{
    return m.startsWith(QLatin1Char('<'));
}

QStringList effective(const QStringList &list, const QStringList &fallback)
{
    return list.isEmpty() ? fallback : list;
}

}  // namespace

QList<DiffLine> diffLines(const QStringList &a, const QStringList &b)
{
    QList<DiffLine> out;
    const int n = int(a.size()), m = int(b.size());
    int prefix = 0;
    while (prefix < n && prefix < m && a.at(prefix) == b.at(prefix))
        ++prefix;
    int suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && a.at(n - 1 - suffix) == b.at(m - 1 - suffix))
        ++suffix;
    for (int i = 0; i < prefix; ++i)
        out.append({DiffLine::Kind::Same, a.at(i), i + 1, i + 1});

    const int N = n - prefix - suffix, M = m - prefix - suffix;
    auto A = [&](int i) -> const QString & { return a.at(prefix + i); };
    auto B = [&](int j) -> const QString & { return b.at(prefix + j); };
    QList<DiffLine> middle;
    const int max = N + M;
    bool solved = false;
    if (max > 0) {
        std::vector<int> v(size_t(2 * max + 2), 0);
        const int off = max + 1;
        std::vector<std::vector<int>> trace;  // trace[d][k + d] = V[k] before step d
        int dFound = -1;
        for (int d = 0; d <= std::min(max, kMaxEditDistance) && dFound < 0; ++d) {
            trace.emplace_back(v.begin() + (off - d), v.begin() + (off + d + 1));
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[size_t(off + k - 1)] < v[size_t(off + k + 1)]))
                            ? v[size_t(off + k + 1)]
                            : v[size_t(off + k - 1)] + 1;
                int y = x - k;
                while (x < N && y < M && A(x) == B(y)) {
                    ++x;
                    ++y;
                }
                v[size_t(off + k)] = x;
                if (x >= N && y >= M) {
                    dFound = d;
                    break;
                }
            }
        }
        if (dFound >= 0) {
            solved = true;
            int x = N, y = M;
            for (int d = dFound; d >= 0; --d) {
                const std::vector<int> &V = trace[size_t(d)];
                auto at = [&](int k) { return V[size_t(k + d)]; };
                const int k = x - y;
                int prevK = 0;
                if (d == 0)
                    prevK = 0;
                else
                    prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
                const int prevX = d == 0 ? 0 : at(prevK);
                const int prevY = prevX - prevK;
                while (x > prevX && y > prevY) {
                    middle.append({DiffLine::Kind::Same, A(x - 1), prefix + x, prefix + y});
                    --x;
                    --y;
                }
                if (d > 0) {
                    if (x == prevX)
                        middle.append({DiffLine::Kind::Added, B(y - 1), 0, prefix + y});
                    else
                        middle.append({DiffLine::Kind::Removed, A(x - 1), prefix + x, 0});
                }
                x = prevX;
                y = prevY;
            }
            std::reverse(middle.begin(), middle.end());
        }
    }
    if (!solved) {
        for (int i = 0; i < N; ++i)
            middle.append({DiffLine::Kind::Removed, A(i), prefix + i + 1, 0});
        for (int j = 0; j < M; ++j)
            middle.append({DiffLine::Kind::Added, B(j), 0, prefix + j + 1});
    }
    out += middle;
    for (int i = 0; i < suffix; ++i)
        out.append({DiffLine::Kind::Same, a.at(n - suffix + i), n - suffix + i + 1, m - suffix + i + 1});
    return out;
}

QList<DiffLine> diffText(const QString &oldText, const QString &newText)
{
    return diffLines(splitLines(oldText), splitLines(newText));
}

QString securityChangeTitle(SecurityChange::Kind kind)
{
    switch (kind) {
    case SecurityChange::Kind::NewTolerate:
        return QStringLiteral("New tolerated weakness");
    case SecurityChange::Kind::WidenedAdvisories:
        return QStringLiteral("More advisories ignored");
    case SecurityChange::Kind::RemovedMrenclave:
        return QStringLiteral("MRENCLAVE removed");
    case SecurityChange::Kind::AttestationDisabled:
        return QStringLiteral("Attestation disabled");
    case SecurityChange::Kind::WeakerAccessPolicy:
        return QStringLiteral("Weaker access policy");
    case SecurityChange::Kind::NewPublicExport:
        return QStringLiteral("Secret made public");
    case SecurityChange::Kind::NewExport:
        return QStringLiteral("Secret exported to a new session");
    }
    return {};
}

QList<SecurityChange> securityChanges(const CasSession &ref, const CasSession &now)
{
    QList<SecurityChange> out;
    using K = SecurityChange::Kind;
    const int tolerateLine = now.security.tolerateSource.line;

    for (const QString &t : now.security.tolerate)
        if (!ref.security.tolerate.contains(t))
            out.append(
                {K::NewTolerate, {}, QStringLiteral("The session now tolerates \"%1\".").arg(t), tolerateLine, 0});

    const bool refAll = ref.security.ignoreAdvisories.contains(QLatin1String("*"));
    const bool nowAll = now.security.ignoreAdvisories.contains(QLatin1String("*"));
    if (!refAll) {
        if (nowAll) {
            out.append({K::WidenedAdvisories,
                        {},
                        QStringLiteral("ignore_advisories is now \"*\": every Intel security advisory is ignored."),
                        now.security.ignoreAdvisoriesSource.line,
                        0});
        } else {
            QStringList added;
            for (const QString &a : now.security.ignoreAdvisories)
                if (!ref.security.ignoreAdvisories.contains(a))
                    added.append(a);
            if (!added.isEmpty())
                out.append({K::WidenedAdvisories,
                            {},
                            QStringLiteral("Newly ignored advisories: %1.").arg(added.join(QStringLiteral(", "))),
                            now.security.ignoreAdvisoriesSource.line,
                            0});
        }
    }
    if (now.security.attestationMode == QLatin1String("none") && ref.security.attestationMode != QLatin1String("none"))
        out.append({K::AttestationDisabled,
                    {},
                    QStringLiteral("security.attestation.mode is now \"none\": enclaves are not attested."),
                    now.security.modeSource.line,
                    0});

    for (const CasService &svc : now.services) {
        const auto it = std::find_if(ref.services.begin(), ref.services.end(),
                                     [&](const CasService &r) { return r.name == svc.name; });
        if (it == ref.services.end())
            continue;
        if (svc.attestationDisabled && !it->attestationDisabled) {
            out.append({K::AttestationDisabled, svc.name,
                        QStringLiteral("Service %1 no longer requires any MRENCLAVE or signer.").arg(svc.name),
                        svc.source.line, 0});
            continue;
        }
        const bool previewPlaceholders =
            !svc.mrenclaves.isEmpty() &&
            std::all_of(svc.mrenclaves.begin(), svc.mrenclaves.end(), isPlaceholderMrenclave);
        if (previewPlaceholders)
            continue;  // the build fills them in; comparing placeholders with hashes says nothing
        for (const QString &m : it->mrenclaves)
            if (!svc.mrenclaves.contains(m))
                out.append({K::RemovedMrenclave, svc.name,
                            QStringLiteral("Service %1 no longer accepts MRENCLAVE %2.").arg(svc.name, m),
                            svc.source.line, it->source.line});
    }

    struct Section {
        const char *key;
        QStringList ref, now;
    };
    const QStringList creator{QStringLiteral("CREATOR")};
    const QStringList refUpdate = effective(ref.accessPolicy.update, creator);
    const QStringList nowUpdate = effective(now.accessPolicy.update, creator);
    const Section sections[] = {
        {"read", effective(ref.accessPolicy.read, creator), effective(now.accessPolicy.read, creator)},
        {"update", refUpdate, nowUpdate},
        {"create_sessions", effective(ref.accessPolicy.createSessions, refUpdate),
         effective(now.accessPolicy.createSessions, nowUpdate)},
    };
    for (const Section &s : sections) {
        const QString key = QLatin1String(s.key);
        // create_sessions defaults to update: unless one side sets it, its change is update's.
        if (key == QLatin1String("create_sessions") && ref.accessPolicy.createSessions.isEmpty() &&
            now.accessPolicy.createSessions.isEmpty())
            continue;
        QStringList added;
        for (const QString &e : s.now)
            if (!s.ref.contains(e) && e != QLatin1String("NONE"))
                added.append(e.size() > 40 ? e.left(37) + QStringLiteral("...") : e);
        const bool noneRemoved = s.ref.contains(QLatin1String("NONE")) && !s.now.contains(QLatin1String("NONE"));
        if (added.isEmpty() && !noneRemoved)
            continue;
        QString detail = s.now.contains(QLatin1String("ANY")) && !s.ref.contains(QLatin1String("ANY"))
                             ? QStringLiteral("access_policy.%1 now admits ANY client.").arg(key)
                             : QStringLiteral("access_policy.%1 now also admits %2.")
                                   .arg(key, added.isEmpty() ? QStringLiteral("entries beyond NONE")
                                                             : added.join(QStringLiteral(", ")));
        out.append({K::WeakerAccessPolicy, key, detail, 0, 0});
    }

    for (const CasSecret &c : now.secrets) {
        const CasSecret *old = ref.secret(c.name);
        if (c.exportPublic && (!old || !old->exportPublic))
            out.append({K::NewPublicExport, c.name,
                        QStringLiteral("Secret %1 is now readable by anyone (export_public).").arg(c.name),
                        c.source.line, 0});
        if (!old)
            continue;
        for (const SecretExport &e : c.exports) {
            const bool known = std::any_of(old->exports.begin(), old->exports.end(), [&](const SecretExport &o) {
                return o.isNamespace == e.isNamespace && o.sessionAbsolute == e.sessionAbsolute;
            });
            if (!known)
                out.append(
                    {K::NewExport, c.name,
                     QStringLiteral("Secret %1 is now exported to %2%3.")
                         .arg(c.name, e.isNamespace ? QStringLiteral("namespace ") : QString(), e.sessionAbsolute),
                     c.source.line, 0});
        }
    }
    return out;
}

bool SessionDiff::identical() const
{
    return std::all_of(lines.begin(), lines.end(), [](const DiffLine &l) { return l.kind == DiffLine::Kind::Same; });
}

SessionDiff diffSessions(const QString &referenceText, const QString &previewText)
{
    SessionDiff d;
    const QStringList refLines = splitLines(referenceText);
    const QStringList nowLines = splitLines(previewText);
    d.lines = diffLines(refLines, nowLines);
    const Result<CasSession> ref = sessionFromYaml(referenceText.toUtf8(), QStringLiteral("reference"));
    const Result<CasSession> now = sessionFromYaml(previewText.toUtf8(), QStringLiteral("preview"));
    if (!ref.ok()) {
        d.error = QStringLiteral("The reference is not a readable session: ") + ref.error().toString();
        return d;
    }
    if (!now.ok()) {
        d.error = QStringLiteral("The preview is not a readable session: ") + now.error().toString();
        return d;
    }
    d.securityChanges = securityChanges(*ref, *now);
    // Point access-policy changes at their line in the preview.
    for (SecurityChange &c : d.securityChanges) {
        if (c.kind == SecurityChange::Kind::WeakerAccessPolicy && c.newLine == 0) {
            const int ap = findLine(nowLines, QStringLiteral("access_policy"));
            c.newLine = ap > 0 ? std::max(ap, findLine(nowLines, c.service + QLatin1Char(':'), ap)) : 0;
        }
    }
    return d;
}

}  // namespace workbench::models::policy
