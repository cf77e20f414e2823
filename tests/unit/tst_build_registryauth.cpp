// SPDX-License-Identifier: Apache-2.0
// models/build: image references, reading registry credentials from the container tools' auth
// files (order, `auth` base64, username/password, repository-scoped keys, credential helpers
// present or absent, malformed files, no secret in any message) and the dockerconfigjson pull
// secret built from them.
#include "build/imagereference.h"
#include "build/pullsecret.h"
#include "build/registryauth.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::build;

namespace {

QByteArray b64(const QByteArray &s)
{
    return s.toBase64();
}

/// JSON written with ' for " (keeps the tables readable; moc does not parse raw strings).
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

QString passwordOf(const RegistryCredential &c)
{
    return QString::fromUtf8(c.password.data(), c.password.size());
}

/// Looks up @p image in @p json; fails the test on an error.
std::optional<RegistryCredential> lookup(const QByteArray &json, const QString &image)
{
    Result<std::optional<RegistryCredential>> r = credentialFromAuthFile(json, QStringLiteral("/auth.json"), image);
    if (!r.ok()) {
        qWarning() << r.error().toString();
        return std::nullopt;
    }
    return std::move(r.value());
}

}  // namespace

class TestBuildRegistryAuth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void references_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("registry");
        QTest::addColumn<QString>("repository");
        QTest::addColumn<QString>("tag");
        QTest::newRow("docker hub short") << QStringLiteral("python:3.11-slim") << QStringLiteral("docker.io")
                                          << QStringLiteral("library/python") << QStringLiteral("3.11-slim");
        QTest::newRow("docker hub user") << QStringLiteral("me/app") << QStringLiteral("docker.io")
                                         << QStringLiteral("me/app") << QString();
        QTest::newRow("registry with port")
            << QStringLiteral("127.0.0.1:5000/team/svc:1") << QStringLiteral("127.0.0.1:5000")
            << QStringLiteral("team/svc") << QStringLiteral("1");
        QTest::newRow("localhost") << QStringLiteral("localhost/app:dev") << QStringLiteral("localhost")
                                   << QStringLiteral("app") << QStringLiteral("dev");
        QTest::newRow("scontain") << QStringLiteral("registry.scontain.com/sconectl/sconecli:5.8.0")
                                  << QStringLiteral("registry.scontain.com") << QStringLiteral("sconectl/sconecli")
                                  << QStringLiteral("5.8.0");
        QTest::newRow("digest")
            << QStringLiteral("r.example/a/b@sha256:e6f1eaab7e1b119976a16c26f8a9346b99245b54de42140c45dc1ba46d3f337a")
            << QStringLiteral("r.example") << QStringLiteral("a/b") << QString();
        QTest::newRow("upper case repository")
            << QStringLiteral("r.example/Team/svc") << QString() << QString() << QString();
        QTest::newRow("blank") << QStringLiteral("r.example/a b") << QString() << QString() << QString();
        QTest::newRow("empty") << QString() << QString() << QString() << QString();
        QTest::newRow("unresolved variable")
            << QStringLiteral("$APP_IMAGE_REPO/x:1") << QString() << QString() << QString();
    }
    void references()
    {
        QFETCH(QString, text);
        QFETCH(QString, registry);
        QFETCH(QString, repository);
        QFETCH(QString, tag);
        const Result<ImageReference> r = parseImageReference(text);
        if (registry.isEmpty()) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("build.image"));
            return;
        }
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->registry, registry);
        QCOMPARE(r->repository, repository);
        QCOMPARE(r->tag, tag);
    }

    void digestReference()
    {
        const ImageReference r = *parseImageReference(QStringLiteral("127.0.0.1:5000/team/svc:1"));
        QCOMPARE(r.toString(), QStringLiteral("127.0.0.1:5000/team/svc:1"));
        QCOMPARE(r.withDigest(QStringLiteral("sha256:ab")), QStringLiteral("127.0.0.1:5000/team/svc@sha256:ab"));
    }

    void authFileOrder()
    {
        Environment env;
        QCOMPARE(registryAuthFiles(env, QStringLiteral("/home/u")),
                 QStringList({QStringLiteral("/home/u/.config/containers/auth.json"),
                              QStringLiteral("/home/u/.docker/config.json")}));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), QStringLiteral("/run/user/1000"));
        QCOMPARE(registryAuthFiles(env, QStringLiteral("/home/u")).value(0),
                 QStringLiteral("/run/user/1000/containers/auth.json"));
        env.insert(QStringLiteral("REGISTRY_AUTH_FILE"), QStringLiteral("/etc/auth.json"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("/cfg"));
        env.insert(QStringLiteral("DOCKER_CONFIG"), QStringLiteral("/dk"));
        QCOMPARE(registryAuthFiles(env, QStringLiteral("/home/u")),
                 QStringList({QStringLiteral("/etc/auth.json"), QStringLiteral("/cfg/containers/auth.json"),
                              QStringLiteral("/dk/config.json")}));
    }

    void authValue()
    {
        const QByteArray json = j("{'auths': {'127.0.0.1:5000': {'auth': '") + b64("robot:pa:ss word") + j("'}}}");
        const auto c = lookup(json, QStringLiteral("127.0.0.1:5000/team/svc:1"));
        QVERIFY(c.has_value());
        QCOMPARE(c->registry, QStringLiteral("127.0.0.1:5000"));
        QCOMPARE(c->username, QStringLiteral("robot"));
        QCOMPARE(passwordOf(*c), QStringLiteral("pa:ss word"));
        QCOMPARE(c->sourceFile, QStringLiteral("/auth.json"));
        // A bare registry host finds the same entry.
        QVERIFY(lookup(json, QStringLiteral("127.0.0.1:5000")).has_value());
        // Another registry does not.
        QVERIFY(!lookup(json, QStringLiteral("127.0.0.1:5001/team/svc:1")).has_value());
    }

    void usernamePasswordFields()
    {
        const QByteArray json = j("{'auths': {'registry.example': {'username': 'u', 'password': 'p\\\"w'}}}");
        const auto c = lookup(json, QStringLiteral("registry.example/a:1"));
        QVERIFY(c.has_value());
        QCOMPARE(c->username, QStringLiteral("u"));
        QCOMPARE(passwordOf(*c), QStringLiteral("p\"w"));
    }

    void dockerHubKeys()
    {
        const QByteArray json = j("{'auths': {'https://index.docker.io/v1/': {'auth': '") + b64("hub:tok") + j("'}}}");
        const auto c = lookup(json, QStringLiteral("python:3.11"));
        QVERIFY(c.has_value());
        QCOMPARE(c->registry, QStringLiteral("docker.io"));
        QCOMPARE(c->username, QStringLiteral("hub"));
        QVERIFY(lookup(json, QStringLiteral("docker.io/me/app:1")).has_value());
    }

    void schemeAndRepositoryKeys()
    {
        // auth.json may scope credentials to a namespace or repository: the most specific key wins.
        const QByteArray json = j("{'auths': {\n            'https://registry.example': {'auth': '") +
                                b64("general:g") + j("'},\n            'registry.example/team': {'auth': '") +
                                b64("team:t") + j("'},\n            'registry.example/team/special': {'auth': '") +
                                b64("special:s") + j("'}}}");
        QCOMPARE(lookup(json, QStringLiteral("registry.example/team/special:1"))->username, QStringLiteral("special"));
        QCOMPARE(lookup(json, QStringLiteral("registry.example/team/other:1"))->username, QStringLiteral("team"));
        QCOMPARE(lookup(json, QStringLiteral("registry.example/else/x:1"))->username, QStringLiteral("general"));
        QCOMPARE(lookup(json, QStringLiteral("registry.example"))->username, QStringLiteral("general"));
    }

    void helpers_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expect");  // "helper", "found", "none"
        const QByteArray auth = j("{'auth': '") + b64("u:p") + j("'}");
        QTest::newRow("credHelpers for the registry")
            << QByteArray(j("{'auths': {'r.example': ") + auth + j("}, 'credHelpers': {'r.example': 'ecr-login'}}"))
            << QStringLiteral("helper");
        QTest::newRow("credHelpers for another registry")
            << QByteArray(j("{'auths': {'r.example': ") + auth + j("}, 'credHelpers': {'other.example': 'gcr'}}"))
            << QStringLiteral("found");
        QTest::newRow("credHelpers absent")
            << QByteArray(j("{'auths': {'r.example': ") + auth + j("}}")) << QStringLiteral("found");
        QTest::newRow("credsStore with an empty marker entry")
            << QByteArray(j("{'auths': {'r.example': {}}, 'credsStore': 'desktop'}")) << QStringLiteral("helper");
        QTest::newRow("credsStore but a full entry")
            << QByteArray(j("{'auths': {'r.example': ") + auth + j("}, 'credsStore': 'desktop'}"))
            << QStringLiteral("found");
        QTest::newRow("empty credsStore") << QByteArray(j("{'auths': {}, 'credsStore': ''}")) << QStringLiteral("none");
        QTest::newRow("no auths at all") << QByteArray("{}") << QStringLiteral("none");
    }
    void helpers()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expect);
        const Result<std::optional<RegistryCredential>> r = credentialFromAuthFile(
            json, QStringLiteral("/home/u/.docker/config.json"), QStringLiteral("r.example/a:1"));
        if (expect == QLatin1String("helper")) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("registry.auth.helper"));
            QCOMPARE(r.error().file, QStringLiteral("/home/u/.docker/config.json"));
            QVERIFY(r.error().message.contains(QLatin1String("r.example")));
            QVERIFY(r.error().message.contains(QLatin1String("docker-credential-")));
            return;
        }
        QVERIFY(r.ok());
        QCOMPARE(r->has_value(), expect == QLatin1String("found"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::newRow("not json") << QByteArray("{\"auths\": ") << QStringLiteral("registry.auth.file");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("registry.auth.file");
        QTest::newRow("auths not an object")
            << QByteArray(j("{'auths': ['r.example']}")) << QStringLiteral("registry.auth.file");
        QTest::newRow("auth not base64") << QByteArray(j("{'auths': {'r.example': {'auth': 's3cr3t-not-base64!'}}}"))
                                         << QStringLiteral("registry.auth.entry");
        QTest::newRow("auth without colon")
            << QByteArray(j("{'auths': {'r.example': {'auth': '") + b64("s3cr3tonly") + j("'}}}"))
            << QStringLiteral("registry.auth.entry");
        QTest::newRow("identity token only")
            << QByteArray(j("{'auths': {'r.example': {'identitytoken': 's3cr3t-token'}}}"))
            << QStringLiteral("registry.auth.entry");
    }
    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        const Result<std::optional<RegistryCredential>> r =
            credentialFromAuthFile(json, QStringLiteral("/a.json"), QStringLiteral("r.example/x:1"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().file, QStringLiteral("/a.json"));
        // Never the credential itself in a message.
        QVERIFY(!r.error().toString().contains(QLatin1String("s3cr3t")));
        QVERIFY(!r.error().toString().contains(QString::fromLatin1(b64("s3cr3tonly"))));
    }

    void searchAcrossFiles()
    {
        QTemporaryDir home, runtime;
        Environment env;
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
        // Nothing anywhere.
        Result<std::optional<RegistryCredential>> r =
            findRegistryCredential(QStringLiteral("r.example/a:1"), env, home.path());
        QVERIFY(r.ok());
        QVERIFY(!r->has_value());
        // The podman file knows another registry, docker's config knows ours: found in docker's.
        QVERIFY(test::writeFile(runtime.filePath(QStringLiteral("containers/auth.json")),
                                j("{'auths': {'other.example': {'auth': '") + b64("o:o") + j("'}}}")));
        QVERIFY(test::writeFile(home.filePath(QStringLiteral(".docker/config.json")),
                                j("{'auths': {'r.example': {'auth': '") + b64("docker-user:d") + j("'}}}")));
        r = findRegistryCredential(QStringLiteral("r.example/a:1"), env, home.path());
        QVERIFY(r.ok() && r->has_value());
        QCOMPARE((*r)->username, QStringLiteral("docker-user"));
        QCOMPARE((*r)->sourceFile, home.filePath(QStringLiteral(".docker/config.json")));
        // The first file that has it wins.
        QVERIFY(test::writeFile(runtime.filePath(QStringLiteral("containers/auth.json")),
                                j("{'auths': {'r.example': {'auth': '") + b64("podman-user:p") + j("'}}}")));
        r = findRegistryCredential(QStringLiteral("r.example/a:1"), env, home.path());
        QCOMPARE((*r)->username, QStringLiteral("podman-user"));
        // REGISTRY_AUTH_FILE replaces the runtime file (as for the tools).
        QVERIFY(test::writeFile(home.filePath(QStringLiteral("explicit.json")), "{}"));
        env.insert(QStringLiteral("REGISTRY_AUTH_FILE"), home.filePath(QStringLiteral("explicit.json")));
        r = findRegistryCredential(QStringLiteral("r.example/a:1"), env, home.path());
        QCOMPARE((*r)->username, QStringLiteral("docker-user"));
        // A malformed file on the way is an error, as it is for the tools.
        QVERIFY(test::writeFile(home.filePath(QStringLiteral("explicit.json")), "not json"));
        r = findRegistryCredential(QStringLiteral("r.example/a:1"), env, home.path());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().file, home.filePath(QStringLiteral("explicit.json")));
    }

    void dockerConfigJsonBody()
    {
        RegistryCredential a;
        a.registry = QStringLiteral("127.0.0.1:5000");
        a.username = QStringLiteral("robot");
        a.password = certs::SecretBytes::fromString(QStringLiteral("p\"a\\s\ns:ü"));
        RegistryCredential hub;
        hub.registry = QStringLiteral("docker.io");
        hub.username = QStringLiteral("me");
        hub.password = certs::SecretBytes::fromString(QStringLiteral("tok"));
        RegistryCredential duplicate;
        duplicate.registry = QStringLiteral("docker.io");
        duplicate.username = QStringLiteral("ignored");
        const certs::SecretBytes body = dockerConfigJson({&a, &hub, &duplicate});
        const QJsonObject auths = QJsonDocument::fromJson(QByteArray(body.data(), body.size()))
                                      .object()
                                      .value(QStringLiteral("auths"))
                                      .toObject();
        QCOMPARE(auths.keys(),
                 QStringList({QStringLiteral("127.0.0.1:5000"), QStringLiteral("https://index.docker.io/v1/")}));
        const QJsonObject entry = auths.value(QStringLiteral("127.0.0.1:5000")).toObject();
        QCOMPARE(entry.value(QStringLiteral("username")).toString(), QStringLiteral("robot"));
        QCOMPARE(entry.value(QStringLiteral("password")).toString(), QStringLiteral("p\"a\\s\ns:ü"));
        QCOMPARE(QByteArray::fromBase64(entry.value(QStringLiteral("auth")).toString().toLatin1()),
                 QStringLiteral("robot:p\"a\\s\ns:ü").toUtf8());
        QCOMPARE(auths.value(QStringLiteral("https://index.docker.io/v1/"))
                     .toObject()
                     .value(QStringLiteral("username"))
                     .toString(),
                 QStringLiteral("me"));

        // Round trip: the secret's body is read back by the same lookup the deploy uses.
        const auto back = lookup(QByteArray(body.data(), body.size()), QStringLiteral("127.0.0.1:5000/x:1"));
        QVERIFY(back.has_value());
        QCOMPARE(passwordOf(*back), QStringLiteral("p\"a\\s\ns:ü"));
    }

    void pullSecret()
    {
        RegistryCredential a;
        a.registry = QStringLiteral("registry.example");
        a.username = QStringLiteral("u");
        a.password = certs::SecretBytes::fromString(QStringLiteral("p"));
        const certs::SecretBytes object =
            pullSecretObject(QString::fromLatin1(kDefaultPullSecretName), QStringLiteral("apps"), {&a});
        const QJsonObject o = QJsonDocument::fromJson(QByteArray(object.data(), object.size())).object();
        QCOMPARE(o.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("v1"));
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("Secret"));
        QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("kubernetes.io/dockerconfigjson"));
        const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(meta.value(QStringLiteral("name")).toString(), QStringLiteral("sconeapps"));
        QCOMPARE(meta.value(QStringLiteral("namespace")).toString(), QStringLiteral("apps"));
        const QByteArray config = QByteArray::fromBase64(o.value(QStringLiteral("data"))
                                                             .toObject()
                                                             .value(QStringLiteral(".dockerconfigjson"))
                                                             .toString()
                                                             .toLatin1());
        const certs::SecretBytes expected = dockerConfigJson({&a});
        QCOMPARE(config, QByteArray(expected.data(), expected.size()));
        QCOMPARE(dockerConfigKey(QStringLiteral("index.docker.io")), QStringLiteral("https://index.docker.io/v1/"));
    }
};

QTEST_GUILESS_MAIN(TestBuildRegistryAuth)
#include "tst_build_registryauth.moc"
