// SPDX-License-Identifier: Apache-2.0
// The one rule that pairs mesh services with service manifests (models/manifest/servicematch.h),
// and that the validator, the policy generator and ManifestProject::serviceForImage() follow it.
#include "manifest/manifestproject.h"
#include "manifest/servicematch.h"
#include "policy/policygenerator.h"
#include "testsupport.h"
#include "validation/projectvalidator.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;

namespace {

QByteArray service(const QString &name, const QString &to)
{
    QByteArray t = "apiVersion: scone/5.8\nkind: genservice\nenvironment:\n  local: []\nbuild:\n";
    if (!name.isEmpty())
        t += "  name: " + name.toUtf8() + "\n";
    t += "  kind: python\n  to: " + to.toUtf8() + "\n  command: python3 app.py\n";
    return t;
}

QByteArray mesh(const QList<QPair<QString, QString>> &services)
{
    QByteArray t = "apiVersion: scone/5.8\nkind: mesh\ncas:\n  - name: cas\n    cas_url: cas.scone-system\n"
                   "policy:\n  namespace: demo\nenv:\n  - service: global\n    env: []\nservices:\n";
    for (const auto &s : services)
        t += "  - name: " + s.first.toUtf8() + "\n    image: " + s.second.toUtf8() + "\n";
    return t;
}

using Files = QList<QPair<QString, QByteArray>>;  ///< path, text
using MeshRefs = QList<QPair<QString, QString>>;  ///< mesh service name, image

/// "kind:path" per mesh service, "-" for none.
QStringList describe(const QList<ServiceMatch> &matches)
{
    QStringList out;
    for (const ServiceMatch &m : matches) {
        if (!m.matched()) {
            out << QStringLiteral("-");
            continue;
        }
        const char *kind = m.kind == ServiceMatchKind::Image       ? "image"
                           : m.kind == ServiceMatchKind::BuildName ? "name"
                                                                   : "folder";
        out << QLatin1String(kind) + QLatin1Char(':') + m.file->path;
    }
    return out;
}

}  // namespace

class TestServiceMatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theRule_data();
    void theRule();
    void normalizedImageReference_data();
    void normalizedImageReference();
    void resolvedImagesMatch();
    void allThreeAgree();
};

void TestServiceMatch::theRule_data()
{
    using Mesh = MeshRefs;
    QTest::addColumn<Files>("files");
    QTest::addColumn<QString>("rootDir");
    QTest::addColumn<Mesh>("meshServices");
    QTest::addColumn<QStringList>("expected");
    const QString noRoot;

    QTest::newRow("image, ${VAR} and $VAR alike")
        << Files{{QStringLiteral("api/service.yaml"), service(QStringLiteral("api"), QStringLiteral("${REPO}/api:1"))}}
        << noRoot << Mesh{{QStringLiteral("api"), QStringLiteral(" $REPO/api:1 ")}}
        << QStringList{QStringLiteral("image:api/service.yaml")};
    QTest::newRow("image beats a build.name elsewhere")
        << Files{{QStringLiteral("a/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/other:1"))},
                 {QStringLiteral("b/service.yaml"), service(QStringLiteral("b"), QStringLiteral("r/api:1"))}}
        << noRoot << Mesh{{QStringLiteral("api"), QStringLiteral("r/api:1")}}
        << QStringList{QStringLiteral("image:b/service.yaml")};
    QTest::newRow("tag bumped on one side: build.name")
        << Files{{QStringLiteral("x/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/api:1"))}}
        << noRoot << Mesh{{QStringLiteral("api"), QStringLiteral("r/api:2")}}
        << QStringList{QStringLiteral("name:x/service.yaml")};
    QTest::newRow("neither image nor build.name: folder")
        << Files{{QStringLiteral("worker/service.yaml"), service(QStringLiteral("jobs"), QStringLiteral("r/jobs:1"))}}
        << noRoot << Mesh{{QStringLiteral("worker"), QStringLiteral("r/worker:1")}}
        << QStringList{QStringLiteral("folder:worker/service.yaml")};
    QTest::newRow("build.name beats folder")
        << Files{{QStringLiteral("api/service.yaml"), service(QStringLiteral("front"), QStringLiteral("r/front:1"))},
                 {QStringLiteral("b/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/b:1"))}}
        << noRoot << Mesh{{QStringLiteral("api"), QStringLiteral("r/api:9")}}
        << QStringList{QStringLiteral("name:b/service.yaml")};
    QTest::newRow("a manifest at the top of the project has no folder")
        << Files{{QStringLiteral("/work/shop/service.yaml"),
                  service(QStringLiteral("jobs"), QStringLiteral("r/jobs:1"))}}
        << QStringLiteral("/work/shop") << Mesh{{QStringLiteral("shop"), QStringLiteral("r/x:1")}}
        << QStringList{QStringLiteral("-")};
    QTest::newRow("a manifest in a sub-folder of the project has one")
        << Files{{QStringLiteral("/work/shop/jobs/service.yaml"), service(QString(), QStringLiteral("r/jobs:1"))}}
        << QStringLiteral("/work/shop") << Mesh{{QStringLiteral("jobs"), QStringLiteral("r/x:1")}}
        << QStringList{QStringLiteral("folder:/work/shop/jobs/service.yaml")};
    QTest::newRow("in memory, a path without a folder has none")
        << Files{{QStringLiteral("service.yaml"), service(QStringLiteral("jobs"), QStringLiteral("r/jobs:1"))}}
        << noRoot << Mesh{{QStringLiteral("service.yaml"), QStringLiteral("r/x:1")}}
        << QStringList{QStringLiteral("-")};
    QTest::newRow("nothing: external image")
        << Files{{QStringLiteral("api/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/api:1"))}}
        << noRoot
        << Mesh{{QStringLiteral("api"), QStringLiteral("r/api:1")},
                {QStringLiteral("redis"), QStringLiteral("registry.scontain.com/redis:7")}}
        << QStringList{QStringLiteral("image:api/service.yaml"), QStringLiteral("-")};
    QTest::newRow("several mesh services run one image")
        << Files{{QStringLiteral("w/service.yaml"), service(QStringLiteral("w"), QStringLiteral("r/w:1"))}} << noRoot
        << Mesh{{QStringLiteral("w-a"), QStringLiteral("r/w:1")}, {QStringLiteral("w-b"), QStringLiteral("r/w:1")}}
        << QStringList{QStringLiteral("image:w/service.yaml"), QStringLiteral("image:w/service.yaml")};
    QTest::newRow("two manifests build one image: the first")
        << Files{{QStringLiteral("a/service.yaml"), service(QStringLiteral("a"), QStringLiteral("r/x:1"))},
                 {QStringLiteral("b/service.yaml"), service(QStringLiteral("b"), QStringLiteral("r/x:1"))}}
        << noRoot << Mesh{{QStringLiteral("x"), QStringLiteral("r/x:1")}}
        << QStringList{QStringLiteral("image:a/service.yaml")};
    QTest::newRow("what runs by image is no fallback's")
        << Files{{QStringLiteral("a/service.yaml"), service(QStringLiteral("b"), QStringLiteral("r/a:1"))}} << noRoot
        << Mesh{{QStringLiteral("a"), QStringLiteral("r/a:1")}, {QStringLiteral("b"), QStringLiteral("r/b:1")}}
        << QStringList{QStringLiteral("image:a/service.yaml"), QStringLiteral("-")};
    QTest::newRow("a fallback manifest serves one mesh service")
        << Files{{QStringLiteral("y/service.yaml"), service(QStringLiteral("x"), QStringLiteral("r/m:1"))}} << noRoot
        << Mesh{{QStringLiteral("y"), QStringLiteral("r/y:1")}, {QStringLiteral("x"), QStringLiteral("r/x:1")}}
        << QStringList{QStringLiteral("-"), QStringLiteral("name:y/service.yaml")};
    QTest::newRow("duplicate build.name: the first one free")
        << Files{{QStringLiteral("a/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/a:1"))},
                 {QStringLiteral("b/service.yaml"), service(QStringLiteral("api"), QStringLiteral("r/b:1"))}}
        << noRoot
        << Mesh{{QStringLiteral("a"), QStringLiteral("r/a:1")}, {QStringLiteral("api"), QStringLiteral("r/api:1")}}
        << QStringList{QStringLiteral("image:a/service.yaml"), QStringLiteral("name:b/service.yaml")};
}

void TestServiceMatch::theRule()
{
    QFETCH(Files, files);
    QFETCH(QString, rootDir);
    QFETCH(MeshRefs, meshServices);
    QFETCH(QStringList, expected);
    ManifestProject project;
    for (const auto &f : files)
        project.setText(f.first, f.second);
    const ServiceManifestIndex index(project.serviceFiles(), rootDir);
    QCOMPARE(describe(index.match(meshServices)), expected);
    // The same with the files given in the other order, where the order does not decide.
    if (QString::fromLatin1(QTest::currentDataTag()).contains(QLatin1String("first")))
        return;
    ManifestProject reversed;
    for (auto it = files.crbegin(); it != files.crend(); ++it)
        reversed.setText(it->first, it->second);
    QCOMPARE(describe(ServiceManifestIndex(reversed.serviceFiles(), rootDir).match(meshServices)), expected);
}

void TestServiceMatch::normalizedImageReference_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("plain") << QStringLiteral("r.io/a:1") << QStringLiteral("r.io/a:1");
    QTest::newRow("braces") << QStringLiteral("${REPO}/a:${TAG}") << QStringLiteral("$REPO/a:$TAG");
    QTest::newRow("spaces") << QStringLiteral("  $REPO/a:1\t") << QStringLiteral("$REPO/a:1");
    QTest::newRow("unclosed brace stays") << QStringLiteral("${REPO/a") << QStringLiteral("${REPO/a");
    QTest::newRow("empty") << QString() << QString();
}

void TestServiceMatch::normalizedImageReference()
{
    QFETCH(QString, image);
    QFETCH(QString, normalized);
    QCOMPARE(models::normalizedImageReference(image), normalized);
}

void TestServiceMatch::resolvedImagesMatch()
{
    // The generator compares images with the settings substituted: a manifest that writes the
    // registry out matches a mesh that names it through $REPO.
    ManifestProject project;
    project.setText(QStringLiteral("api/service.yaml"),
                    service(QStringLiteral("front"), QStringLiteral("registry.example.com/api:1")));
    auto resolve = [](QString image) {
        return image.replace(QStringLiteral("$REPO"), QStringLiteral("registry.example.com"));
    };
    const ServiceManifestIndex index(project.serviceFiles(), {},
                                     [&](const ManifestFile &f) { return resolve(f.service->build.to.value); });
    QCOMPARE(describe(index.match({{QStringLiteral("api"), resolve(QStringLiteral("$REPO/api:1"))}})),
             QStringList{QStringLiteral("image:api/service.yaml")});
    // Unresolved, the same references differ: the folder is what pairs them then.
    QCOMPARE(describe(ServiceManifestIndex(project.serviceFiles())
                          .match({{QStringLiteral("api"), QStringLiteral("$REPO/api:1")}})),
             QStringList{QStringLiteral("folder:api/service.yaml")});
}

void TestServiceMatch::allThreeAgree()
{
    // One project with a pairing of each kind; the validator, the generator and
    // ManifestProject::serviceForImage() must see the same pairs.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    QVERIFY(test::writeFile(root + QStringLiteral("/api/service.yaml"),
                            service(QStringLiteral("api"), QStringLiteral("registry.example.com/api:1"))));
    QVERIFY(test::writeFile(root + QStringLiteral("/front/service.yaml"),
                            service(QStringLiteral("front"), QStringLiteral("registry.example.com/front:1"))));
    QVERIFY(test::writeFile(root + QStringLiteral("/worker/service.yaml"),
                            service(QStringLiteral("jobs"), QStringLiteral("registry.example.com/jobs:1"))));
    QVERIFY(test::writeFile(root + QStringLiteral("/mesh.yaml"),
                            mesh({{QStringLiteral("api"), QStringLiteral("registry.example.com/api:1")},
                                  {QStringLiteral("front"), QStringLiteral("registry.example.com/front:2")},
                                  {QStringLiteral("worker"), QStringLiteral("registry.example.com/worker:1")},
                                  {QStringLiteral("cache"), QStringLiteral("registry.scontain.com/redis:7")}})));
    Result<ManifestProject> project = ManifestProject::loadFolder(root);
    QVERIFY(project.ok());
    const QString meshPath = QDir::cleanPath(root + QStringLiteral("/mesh.yaml"));
    const int frontLine = 15, workerLine = 17, cacheLine = 19;  // the `image:` lines of the mesh

    // ManifestProject::serviceForImage: image references only.
    QCOMPARE(project->serviceForImage(QStringLiteral("registry.example.com/api:1"))->path,
             QDir::cleanPath(root + QStringLiteral("/api/service.yaml")));
    QVERIFY(!project->serviceForImage(QStringLiteral("registry.example.com/front:2")));

    // The validator: the fallbacks are mismatches, the curated image external, nothing unpaired.
    const Diagnostics found = ProjectValidator().validate(project.value());
    QStringList validator;
    for (const Diagnostic &d : found)
        if (d.code.startsWith(QLatin1String("mesh.")))
            validator << d.code + QLatin1Char(':') + QString::number(d.line);
    validator.sort();
    QCOMPARE(validator, (QStringList{QStringLiteral("mesh.external-image:%1").arg(cacheLine),
                                     QStringLiteral("mesh.image-mismatch:%1").arg(frontLine),
                                     QStringLiteral("mesh.image-mismatch:%1").arg(workerLine)}));

    // The generator: the same pairs, reported at the same lines.
    policy::PolicyGenerationOptions options;
    options.settings = policy::DeploymentSettings::defaults(root);
    options.runValidator = false;
    const policy::PolicyPreview preview = policy::generatePolicies(project.value(), options);
    QStringList generator;
    for (const Diagnostic &d : preview.diagnostics)
        if (d.code.startsWith(QLatin1String("policy.service.")) && d.file == meshPath)
            generator << d.code + QLatin1Char(':') + QString::number(d.line);
    generator.sort();
    QCOMPARE(generator, (QStringList{QStringLiteral("policy.service.curated:%1").arg(cacheLine),
                                     QStringLiteral("policy.service.image-mismatch:%1").arg(frontLine),
                                     QStringLiteral("policy.service.image-mismatch:%1").arg(workerLine)}));
    auto manifestOf = [&](const QString &meshService) {
        const policy::CasSession *s = preview.session(QStringLiteral("demo/") + meshService);
        return s ? QDir(root).relativeFilePath(s->serviceManifestFile) : QStringLiteral("(no session)");
    };
    QCOMPARE(manifestOf(QStringLiteral("api")), QStringLiteral("api/service.yaml"));
    QCOMPARE(manifestOf(QStringLiteral("front")), QStringLiteral("front/service.yaml"));
    QCOMPARE(manifestOf(QStringLiteral("worker")), QStringLiteral("worker/service.yaml"));
    QVERIFY(preview.session(QStringLiteral("demo/cache"))->curatedImage);
}

QTEST_GUILESS_MAIN(TestServiceMatch)
#include "tst_servicematch.moc"
