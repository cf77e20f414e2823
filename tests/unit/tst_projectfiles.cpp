// SPDX-License-Identifier: Apache-2.0
#include "project/projectfiles.h"
#include "project/projectfilesmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;
using models::ProjectFileCategory;

class TestProjectFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("category");
        QTest::addColumn<QString>("kind");
        QTest::newRow("genservice") << QByteArray("apiVersion: scone/5.8\nkind: genservice\n")
                                    << int(ProjectFileCategory::ServiceManifest) << QStringLiteral("genservice");
        QTest::newRow("legacy genAppImage")
            << QByteArray("kind: genAppImage\n") << int(ProjectFileCategory::ServiceManifest)
            << QStringLiteral("genAppImage");
        QTest::newRow("mesh quoted") << QByteArray("# c\nkind: \"mesh\"\n") << int(ProjectFileCategory::MeshManifest)
                                     << QStringLiteral("mesh");
        QTest::newRow("template that does not parse")
            << QByteArray("kind: mesh\nenv: {{namespace}}: x\n") << int(ProjectFileCategory::MeshManifest)
            << QStringLiteral("mesh");
        QTest::newRow("nested kind is not top level") << QByteArray("secrets:\n  - name: a\n    kind: ascii\n")
                                                      << int(ProjectFileCategory::OtherYaml) << QString();
        QTest::newRow("cas session") << QByteArray("name: ns/flask\nversion: \"0.3.10\"\nservices:\n  - name: x\n")
                                     << int(ProjectFileCategory::CasSession) << QString();
        QTest::newRow("helm values") << QByteArray("replicaCount: 1\nimage: x\n") << int(ProjectFileCategory::OtherYaml)
                                     << QString();
        QTest::newRow("kubernetes kind") << QByteArray("apiVersion: v1\nkind: Pod\n")
                                         << int(ProjectFileCategory::OtherYaml) << QStringLiteral("Pod");
    }
    void classify()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, category);
        QFETCH(QString, kind);
        QString k;
        QCOMPARE(int(models::classifyYamlText(text, &k)), category);
        QCOMPARE(k, kind);
    }

    void yamlNames()
    {
        QVERIFY(models::isYamlFileName(QStringLiteral("service.yaml")));
        QVERIFY(models::isYamlFileName(QStringLiteral("Manifest.YML")));
        QVERIFY(models::isYamlFileName(QStringLiteral("mesh.yaml.template")));
        QVERIFY(!models::isYamlFileName(QStringLiteral("rest_api.py")));
        QVERIFY(!models::isYamlFileName(QStringLiteral("yaml")));
    }

    void scanExample()
    {
        const auto files = models::scanProjectFiles(test::exampleDir());
        QStringList services, meshes, others;
        for (const auto &f : files) {
            if (f.category == ProjectFileCategory::ServiceManifest)
                services << f.relativePath;
            else if (f.category == ProjectFileCategory::MeshManifest)
                meshes << f.relativePath;
            else if (f.category == ProjectFileCategory::Other)
                others << f.relativePath;
        }
        QCOMPARE(services,
                 QStringList({QStringLiteral("flask-api/service.yaml"), QStringLiteral("redis/service.yaml")}));
        QCOMPARE(meshes, QStringList{QStringLiteral("mesh.yaml")});
        QVERIFY(others.contains(QStringLiteral("flask-api/rest_api.py")));
        QVERIFY(others.contains(QStringLiteral("flask-api/requirements.txt")));
    }

    void scanSkipsHiddenAndBuildOutput()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&](const QString &rel, const QByteArray &text) {
            const QString path = dir.filePath(rel);
            QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("mesh.yaml.template"), "kind: mesh\n");
        write(QStringLiteral("target/helm/Chart.yaml"), "apiVersion: v2\n");
        write(QStringLiteral(".scone-workbench/settings.yaml"), "release: x\n");
        write(QStringLiteral(".git/config"), "x");
        // What `render --out rendered` wrote inside the project (it lists its files there).
        write(QStringLiteral("rendered/.scone-workbench-output"), "policies/ns/api.yaml\n");
        write(QStringLiteral("rendered/policies/ns/api.yaml"), "name: ns/api\nservices:\n  - name: api\n");
        const auto files = models::scanProjectFiles(dir.path());
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.first().relativePath, QStringLiteral("mesh.yaml.template"));
        QCOMPARE(files.first().category, ProjectFileCategory::MeshManifest);
        QVERIFY(models::scanProjectFiles(dir.filePath(QStringLiteral("missing"))).isEmpty());
    }

    void scanListsFilesThroughLinksButEntersNoLinkedFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("svc/a/deep")));
        for (const char *rel : {"svc/a/service.yaml", "svc/a/deep/notes.txt", "mesh.yaml"}) {
            QFile f(root.filePath(QLatin1String(rel)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("kind: mesh\n");
        }
        // A link to a file is a file of the project; a link to a folder is not entered (loops);
        // a dangling link and a FIFO are no files. A link to a device is listed (reading it then
        // says why it cannot be read).
        QVERIFY(QFile::link(root.filePath(QStringLiteral("mesh.yaml")), root.filePath(QStringLiteral("linked.yaml"))));
        QVERIFY(QFile::link(root.filePath(QStringLiteral("svc")), root.filePath(QStringLiteral("loop"))));
        QVERIFY(
            QFile::link(root.filePath(QStringLiteral("gone.yaml")), root.filePath(QStringLiteral("dangling.yaml"))));
        QCOMPARE(::mkfifo(QFile::encodeName(root.filePath(QStringLiteral("pipe.yaml"))).constData(), 0600), 0);
        QVERIFY(QFile::link(QStringLiteral("/dev/null"), root.filePath(QStringLiteral("null.yaml"))));

        QStringList relative, absolute;
        for (const models::ProjectFileInfo &f : models::scanProjectFiles(dir.path() + QStringLiteral("/./"))) {
            relative << f.relativePath;
            absolute << f.absolutePath;
        }
        QCOMPARE(relative,
                 (QStringList{QStringLiteral("linked.yaml"), QStringLiteral("mesh.yaml"), QStringLiteral("null.yaml"),
                              QStringLiteral("svc/a/deep/notes.txt"), QStringLiteral("svc/a/service.yaml")}));
        QCOMPARE(absolute.at(4), root.absoluteFilePath(QStringLiteral("svc/a/service.yaml")));
        // The depth limit counts folders below the project.
        QCOMPARE(models::scanProjectFiles(dir.path(), 1).size(), 3);
    }

    void modelTester()
    {
        models::ProjectFilesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFiles(test::exampleDir(), models::scanProjectFiles(test::exampleDir()));
        QCOMPARE(model.rowCount(), 3);  // Meshes, Services, Other files
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Meshes"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Services"));
        QCOMPARE(model.rowCount(model.index(1, 0)), 2);
        const QModelIndex redis = model.index(1, 0, model.index(1, 0));
        QCOMPARE(redis.data().toString(), QStringLiteral("redis/service.yaml"));
        const QString path = redis.data(models::ProjectFilesModel::PathRole).toString();
        QCOMPARE(model.indexForPath(path), redis);

        QHash<QString, QPair<int, int>> counts;
        counts.insert(path, {2, 1});
        model.setProblemCounts(counts);
        QCOMPARE(redis.data(models::ProjectFilesModel::ErrorCountRole).toInt(), 2);
        QCOMPARE(redis.data(models::ProjectFilesModel::IconRole).toString(),
                 QStringLiteral(":/icons/status-error.svg"));
        model.setFiles(QString(), {});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProjectFiles)
#include "tst_projectfiles.moc"
