// SPDX-License-Identifier: Apache-2.0
#include "build/registryauth.h"

#include "build/imagereference.h"
#include "core/boundedfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <openssl/crypto.h>

namespace workbench::models::build {

namespace {

/// Scrubs a buffer this code owns (not shared) when it goes out of scope.
struct Scrub {
    QByteArray &bytes;
    ~Scrub()
    {
        if (!bytes.isEmpty() && bytes.isDetached())  // a shared buffer would detach: nothing to scrub here
            OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
};

bool isDockerHub(const QString &host)
{
    return host == QLatin1String("docker.io") || host == QLatin1String("index.docker.io") ||
           host == QLatin1String("registry-1.docker.io");
}

/// An auths key without scheme, `/v1/`/`/v2/` suffix and trailing slash; Docker Hub's names
/// folded to `docker.io`.
QString normalizeKey(QString key)
{
    key = key.trimmed();
    for (const QLatin1String scheme : {QLatin1String("https://"), QLatin1String("http://")})
        if (key.startsWith(scheme))
            key = key.mid(scheme.size());
    while (key.endsWith(QLatin1Char('/')))
        key.chop(1);
    for (const QLatin1String api : {QLatin1String("/v1"), QLatin1String("/v2")})
        if (key.endsWith(api))
            key.chop(api.size());
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    const QString host = slash < 0 ? key : key.left(slash);
    if (isDockerHub(host))
        key = QStringLiteral("docker.io") + (slash < 0 ? QString() : key.mid(slash));
    return key;
}

struct Target {
    QString registry;
    QStringList keys;  ///< most specific first: registry/ns/repo, registry/ns, registry
};

Target targetOf(const QString &imageOrRegistry)
{
    Target t;
    const QString text = imageOrRegistry.trimmed();
    // A bare registry host (`r.example`, `127.0.0.1:5000`, `localhost:5000`), not an image
    // (`python:3.11`): no `/`, and the part before a port has a dot or is localhost.
    const QString host = text.section(QLatin1Char(':'), 0, 0);
    const bool bareHost =
        !text.contains(QLatin1Char('/')) && (host.contains(QLatin1Char('.')) || host == QLatin1String("localhost"));
    if (bareHost || text.startsWith(QLatin1String("http://")) || text.startsWith(QLatin1String("https://"))) {
        t.registry = normalizeKey(text).section(QLatin1Char('/'), 0, 0);
        t.keys << t.registry;
        return t;
    }
    const Result<ImageReference> ref = parseImageReference(text);
    if (!ref) {
        t.registry = normalizeKey(text).section(QLatin1Char('/'), 0, 0);
        t.keys << t.registry;
        return t;
    }
    t.registry = isDockerHub(ref->registry) ? QStringLiteral("docker.io") : ref->registry;
    QStringList parts = ref->repository.split(QLatin1Char('/'));
    while (!parts.isEmpty()) {
        t.keys << t.registry + QLatin1Char('/') + parts.join(QLatin1Char('/'));
        parts.removeLast();
    }
    t.keys << t.registry;
    return t;
}

Error entryError(const QString &path, const QString &registry, const QString &why)
{
    Error e = makeError(QStringLiteral("registry.auth.entry"),
                        QStringLiteral("the credentials for %1 in this file %2").arg(registry, why));
    e.file = path;
    return e;
}

Error helperError(const QString &path, const QString &registry, const QString &helper, const QString &field)
{
    Error e = makeError(QStringLiteral("registry.auth.helper"),
                        QStringLiteral("the credentials for %1 are kept by docker-credential-%2 (%3 in this file), "
                                       "which the workbench does not run: enter them in the credentials dialog")
                            .arg(registry, helper, field));
    e.file = path;
    return e;
}

}  // namespace

QStringList registryAuthFiles(const Environment &environment, const QString &homeDir)
{
    QStringList files;
    const QString authFile = environment.value(QStringLiteral("REGISTRY_AUTH_FILE"));
    const QString runtimeDir = environment.value(QStringLiteral("XDG_RUNTIME_DIR"));
    if (!authFile.isEmpty())
        files << authFile;
    else if (!runtimeDir.isEmpty())
        files << runtimeDir + QStringLiteral("/containers/auth.json");
    const QString configHome = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (!configHome.isEmpty())
        files << configHome + QStringLiteral("/containers/auth.json");
    else if (!homeDir.isEmpty())
        files << homeDir + QStringLiteral("/.config/containers/auth.json");
    const QString dockerConfig = environment.value(QStringLiteral("DOCKER_CONFIG"));
    if (!dockerConfig.isEmpty())
        files << dockerConfig + QStringLiteral("/config.json");
    else if (!homeDir.isEmpty())
        files << homeDir + QStringLiteral("/.docker/config.json");
    return files;
}

Result<std::optional<RegistryCredential>> credentialFromAuthFile(const QByteArray &json, const QString &path,
                                                                 const QString &imageOrRegistry)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        Error e = makeError(QStringLiteral("registry.auth.file"),
                            QStringLiteral("the registry auth file is not a JSON object"),
                            parseError.error != QJsonParseError::NoError ? parseError.errorString() : QString());
        e.file = path;
        return e;
    }
    const QJsonObject root = doc.object();
    const Target target = targetOf(imageOrRegistry);

    const QJsonObject helpers = root.value(QStringLiteral("credHelpers")).toObject();
    for (auto it = helpers.begin(); it != helpers.end(); ++it)
        if (normalizeKey(it.key()) == target.registry)
            return helperError(path, target.registry, it.value().toString(), QStringLiteral("credHelpers"));

    const QJsonValue authsValue = root.value(QStringLiteral("auths"));
    if (!authsValue.isUndefined() && !authsValue.isNull() && !authsValue.isObject()) {
        Error e = makeError(QStringLiteral("registry.auth.file"),
                            QStringLiteral("`auths` in the registry auth file is not an object"));
        e.file = path;
        return e;
    }
    const QJsonObject auths = authsValue.toObject();
    for (const QString &wanted : target.keys) {
        for (auto it = auths.begin(); it != auths.end(); ++it) {
            if (normalizeKey(it.key()) != wanted)
                continue;
            const QJsonObject entry = it.value().toObject();
            RegistryCredential cred;
            cred.registry = target.registry;
            cred.sourceFile = path;
            const QString auth = entry.value(QStringLiteral("auth")).toString();
            if (!auth.isEmpty()) {
                QByteArray encoded = auth.toLatin1();
                Scrub scrubEncoded{encoded};
                auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
                const bool decodedOk = bool(decoded);
                QByteArray plain = std::move(decoded.decoded);
                Scrub scrubPlain{plain};
                const qsizetype colon = plain.indexOf(':');
                if (!decodedOk || colon <= 0)
                    return entryError(path, target.registry,
                                      QStringLiteral("have an `auth` value that is not base64 of user:password"));
                cred.username = QString::fromUtf8(plain.left(colon));
                cred.password = certs::SecretBytes(plain.constData() + colon + 1, size_t(plain.size() - colon - 1));
                return std::optional<RegistryCredential>(std::move(cred));
            }
            const QString user = entry.value(QStringLiteral("username")).toString();
            const QString password = entry.value(QStringLiteral("password")).toString();
            if (!user.isEmpty() && !password.isEmpty()) {
                cred.username = user;
                cred.password = certs::SecretBytes::fromString(password);
                return std::optional<RegistryCredential>(std::move(cred));
            }
            if (!entry.value(QStringLiteral("identitytoken")).toString().isEmpty())
                return entryError(path, target.registry,
                                  QStringLiteral("are an identity token, which an image pull secret cannot use"));
        }
    }
    const QString store = root.value(QStringLiteral("credsStore")).toString();
    if (!store.isEmpty())
        return helperError(path, target.registry, store, QStringLiteral("credsStore"));
    return std::optional<RegistryCredential>();
}

Result<std::optional<RegistryCredential>> findRegistryCredential(const QString &imageOrRegistry,
                                                                 const Environment &environment, const QString &homeDir)
{
    for (const QString &path : registryAuthFiles(environment, homeDir)) {
        if (!QFileInfo::exists(path))
            continue;
        Result<QByteArray> read = readFileBounded(path);
        if (!read.ok()) {
            Error e = makeError(QStringLiteral("registry.auth.file"),
                                QStringLiteral("cannot read the registry auth file"), read.error().message);
            e.file = path;
            return e;
        }
        QByteArray json = std::move(read).value();
        Scrub scrub{json};
        Result<std::optional<RegistryCredential>> found = credentialFromAuthFile(json, path, imageOrRegistry);
        if (!found || found->has_value())
            return found;
    }
    return std::optional<RegistryCredential>();
}

}  // namespace workbench::models::build
