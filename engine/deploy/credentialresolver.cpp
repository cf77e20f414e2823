// SPDX-License-Identifier: Apache-2.0
#include "deploy/credentialresolver.h"

#include "build/imagereference.h"
#include "deploy/credentialstore.h"
#include "manifest/yamldocument.h"
#include "manifest/yamlnode.h"

#include <QFileInfo>
#include <QPointer>
#include <QRegularExpression>

namespace workbench::engine::deploy {

using namespace workbench::models::build;

namespace {

QString describeIdentity(const CasIdentity &identity)
{
    return QStringLiteral("CAS identity from %1 (certificate sha256 %2…)")
        .arg(identity.source, identity.fingerprint.left(16));
}

/// After the keychain: scone's state file, when it exists.
void identityFromStateFile(const DeployConfig &config, ResolvedIdentity resolved, const IdentityCallback &done)
{
    const QString state = sconeCliConfigPath(config.environment, config.homeDir);
    if (!QFileInfo::exists(state)) {
        resolved.notes << QStringLiteral("no CAS identity: not in the keychain, no %1").arg(state);
        done(resolved);
        return;
    }
    Result<CasIdentity> identity = readCasIdentityFile(state);
    if (!identity.ok()) {
        done(identity.error());
        return;
    }
    resolved.notes << describeIdentity(*identity);
    resolved.identity = std::move(identity).value();
    done(resolved);
}

}  // namespace

void resolveCasIdentity(const DeployConfig &config, const CredentialStore *store, QObject *context,
                        IdentityCallback done)
{
    ResolvedIdentity resolved;
    if (!config.upload.identityFile.isEmpty()) {
        Result<CasIdentity> identity = readCasIdentityFile(config.upload.identityFile);
        if (!identity.ok()) {
            done(identity.error());
            return;
        }
        resolved.notes << describeIdentity(*identity);
        resolved.identity = std::move(identity).value();
        done(resolved);
        return;
    }
    if (!store) {
        identityFromStateFile(config, resolved, done);
        return;
    }
    store->readCasIdentity(context, [config, resolved, done](const Result<std::optional<CasIdentity>> &r) mutable {
        if (r.ok() && r.value()) {
            resolved.notes << describeIdentity(*r.value());
            resolved.identity = *r.value();
            done(resolved);
            return;
        }
        if (!r.ok())
            resolved.notes << QStringLiteral("keychain not used for the CAS identity: %1").arg(r.error().message);
        identityFromStateFile(config, resolved, done);
    });
}

namespace {

struct LoginLookup {
    QStringList registries;
    int next = 0;
    DeployConfig config;
    const CredentialStore *store = nullptr;
    QPointer<QObject> context;
    LoginsCallback done;
    ResolvedLogins resolved;
    bool keychainBroken = false;
};

void lookUpNext(const std::shared_ptr<LoginLookup> &l);

/// After the keychain had nothing for the current registry: the auth files.
void fromAuthFiles(const std::shared_ptr<LoginLookup> &l)
{
    const QString registry = l->registries.at(l->next);
    Result<std::optional<RegistryCredential>> found =
        findRegistryCredential(registry, l->config.environment, l->config.homeDir);
    if (!found.ok()) {
        l->done(found.error());
        return;
    }
    if (found.value()) {
        auto login = std::make_shared<RegistryCredential>(std::move(*found.value()));
        l->resolved.notes << QStringLiteral("registry login for %1 from %2 (user %3)")
                                 .arg(registry, login->sourceFile, login->username);
        l->resolved.logins << login;
    } else {
        l->resolved.notes << QStringLiteral("no registry login for %1 (keychain and auth files)").arg(registry);
        l->resolved.withoutCredentials << registry;
    }
    ++l->next;
    lookUpNext(l);
}

void lookUpNext(const std::shared_ptr<LoginLookup> &l)
{
    if (l->next >= l->registries.size()) {
        l->done(l->resolved);
        return;
    }
    if (!l->store || l->keychainBroken || !l->context) {
        fromAuthFiles(l);
        return;
    }
    const QString registry = l->registries.at(l->next);
    l->store->readRegistryLogin(
        registry, l->context, [l, registry](const Result<std::optional<std::shared_ptr<const RegistryCredential>>> &r) {
            if (r.ok() && r.value()) {
                l->resolved.notes << QStringLiteral("registry login for %1 from the keychain (user %2)")
                                         .arg(registry, (*r.value())->username);
                l->resolved.logins << *r.value();
                ++l->next;
                lookUpNext(l);
                return;
            }
            if (!r.ok() && r.error().code != QLatin1String("credentials.invalid")) {
                l->keychainBroken = true;  // do not ask a broken keychain for every registry
                l->resolved.notes << QStringLiteral("keychain not used for registry logins: %1").arg(r.error().message);
            }
            fromAuthFiles(l);
        });
}

}  // namespace

void resolveRegistryLogins(const QStringList &registries, const DeployConfig &config, const CredentialStore *store,
                           QObject *context, LoginsCallback done)
{
    auto l = std::make_shared<LoginLookup>();
    for (const QString &r : registries)
        if (!r.isEmpty() && !l->registries.contains(r))
            l->registries << r;
    l->config = config;
    l->store = store;
    l->context = context;
    l->done = std::move(done);
    lookUpNext(l);
}

QList<ChartImage> chartImages(const models::policy::PolicyPreview &preview)
{
    QList<ChartImage> images;
    static const QRegularExpression valuesPath(QStringLiteral("^charts/([^/]+)/values\\.yaml$"));
    for (const models::policy::ChartFile &f : preview.chart.files) {
        const QRegularExpressionMatch m = valuesPath.match(f.path);
        if (!m.hasMatch())
            continue;
        const models::YamlDocument doc = models::YamlDocument::fromText(f.content.text.toUtf8(), f.path);
        const models::YamlNode *image = doc.node(QStringLiteral("image"));
        if (!image || !image->isScalar() || image->scalar().isEmpty())
            continue;
        ChartImage ci;
        ci.service = m.captured(1);
        ci.image = image->scalar();
        if (const Result<ImageReference> ref = parseImageReference(ci.image); ref.ok())
            ci.registry = ref->registry;
        if (const models::YamlNode *secrets = doc.node(QStringLiteral("imagePullSecrets"));
            secrets && secrets->isSequence())
            for (int i = 0; i < secrets->size(); ++i)
                if (const models::YamlNode *item = secrets->at(i); item && item->isMapping())
                    if (const models::YamlNode *name = item->value(u"name"); name && name->isScalar())
                        ci.pullSecrets << name->scalar();
        images << ci;
    }
    return images;
}

QStringList chartRegistries(const models::policy::PolicyPreview &preview)
{
    QStringList hosts;
    for (const ChartImage &ci : chartImages(preview))
        if (!ci.registry.isEmpty() && !hosts.contains(ci.registry))
            hosts << ci.registry;
    return hosts;
}

}  // namespace workbench::engine::deploy
