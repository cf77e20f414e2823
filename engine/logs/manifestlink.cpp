// SPDX-License-Identifier: Apache-2.0
#include "logs/manifestlink.h"

#include "logs/sconeeventclassifier.h"
#include "policy/policygenerator.h"

namespace workbench::engine::logs {

using models::policy::CasSession;

namespace {

/// The session @p name designates among the generated ones: exact, then a service ID's session
/// part, then the same last part (another namespace).
const CasSession *findSession(const models::policy::PolicyPreview &policies, const QString &name)
{
    if (name.isEmpty())
        return nullptr;
    for (const CasSession &s : policies.sessions)
        if (s.name == name)
            return &s;
    if (name.count(QLatin1Char('/')) >= 2) {
        const QString session = name.left(name.lastIndexOf(QLatin1Char('/')));
        for (const CasSession &s : policies.sessions)
            if (s.name == session)
                return &s;
    }
    const QString last = name.section(QLatin1Char('/'), -1);
    for (const CasSession &s : policies.sessions)
        if (s.kind == CasSession::Kind::Service &&
            (s.name.section(QLatin1Char('/'), -1) == last || s.meshService == last))
            return &s;
    return nullptr;
}

}  // namespace

QString ManifestLink::describe() const
{
    return (kind == Kind::Secret ? QStringLiteral("secret ") : QStringLiteral("session ")) + name;
}

std::optional<ManifestLink> manifestLinkFor(const AnalysisSnapshot &snapshot, const models::logs::SconeEvent &event)
{
    if (!event.isFailure())
        return std::nullopt;
    if (!event.secret.isEmpty()) {
        const QList<SecretSite> definitions = snapshot.secrets.definitions(event.secret);
        if (!definitions.isEmpty()) {
            const SecretSite &d = definitions.first();
            return ManifestLink{ManifestLink::Kind::Secret, event.secret, d.path, d.line, d.column};
        }
        for (const CasSession &s : snapshot.policies.sessions)
            if (const models::policy::CasSecret *secret = s.secret(event.secret); secret && secret->source.isValid())
                return ManifestLink{ManifestLink::Kind::Secret, event.secret, secret->source.file, secret->source.line,
                                    secret->source.column};
    }
    const QString sessionName = !event.session.isEmpty() ? event.session : event.serviceId;
    if (const CasSession *s = findSession(snapshot.policies, sessionName)) {
        if (s->source.isValid())
            return ManifestLink{ManifestLink::Kind::Session, sessionName, s->source.file, s->source.line,
                                s->source.column};
        if (!s->serviceManifestFile.isEmpty())
            return ManifestLink{ManifestLink::Kind::Session, sessionName, s->serviceManifestFile, 1, 1};
    }
    return std::nullopt;
}

std::optional<ManifestLink> manifestLinkForLine(const AnalysisSnapshot &snapshot, QByteArrayView line)
{
    if (!models::logs::isSconeFailure(models::logs::SconeEventClassifier::kind(line)))
        return std::nullopt;
    return manifestLinkFor(snapshot, models::logs::SconeEventClassifier::classify(line));
}

}  // namespace workbench::engine::logs
