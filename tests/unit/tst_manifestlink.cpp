// SPDX-License-Identifier: Apache-2.0
// engine::logs::manifestLinkFor(): a SCONE failure line that names a secret or a session leads
// to the manifest place that defines it, in the example project as the analysis sees it: a
// secret to its `secrets.global` item, a session (by its full name, by the name in another
// namespace, by a service ID) to the mesh `services[]` item that makes it. Lines that are no
// failure, or name nothing the project defines, link nowhere.
#include "analysis/projectanalyzer.h"
#include "logs/manifestlink.h"
#include "policy/policygenerator.h"
#include "testsupport.h"

#include <QDir>
#include <QtTest>

using namespace workbench;
using engine::logs::ManifestLink;

namespace {

/// 1-based number of the first line of @p file that contains @p text after line @p after.
int lineOf(const QString &file, const QByteArray &text, int after = 0)
{
    const QList<QByteArray> lines = test::readFile(file).split('\n');
    for (int i = after; i < lines.size(); ++i)
        if (lines.at(i).contains(text))
            return i + 1;
    return 0;
}

}  // namespace

class TestManifestLink : public QObject
{
    Q_OBJECT
private:
    engine::AnalysisSnapshot m_snapshot;
    QString m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = test::exampleDir();
        auto input = engine::analysisInputFromFolder(m_dir);
        QVERIFY(input.ok());
        m_snapshot = engine::analyzeProject(std::move(input).value());
        QVERIFY(m_snapshot.hasPolicies());
    }

    void secretLinksToItsDefinition()
    {
        const auto link = engine::logs::manifestLinkForLine(
            m_snapshot, "[SCONE|ERROR] Attestation failed: secret flask_key not found in session x-1-1/flask-api");
        QVERIFY(link);
        QCOMPARE(link->kind, ManifestLink::Kind::Secret);
        QCOMPARE(link->name, QStringLiteral("flask_key"));
        const QString manifest = QDir(m_dir).filePath(QStringLiteral("flask-api/service.yaml"));
        QCOMPARE(QFileInfo(link->file).canonicalFilePath(), QFileInfo(manifest).canonicalFilePath());
        QCOMPARE(link->line, lineOf(manifest, "- name: flask_key"));
        QVERIFY(link->line > 0);
        QVERIFY(link->column > 0);
        QCOMPARE(link->describe(), QStringLiteral("secret flask_key"));
    }

    void sessionLinksToTheMeshItem_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QByteArray>("lineTemplate");  // %1: the session name
        QTest::newRow("full name") << QStringLiteral("flask-api") << QByteArray("  Caused by: Session '%1' not found");
        QTest::newRow("redis, other namespace")
            << QStringLiteral("redis") << QByteArray("  Caused by: Session 'elsewhere-9-9/redis' not found");
        QTest::newRow("access denied") << QStringLiteral("redis")
                                       << QByteArray("[SCONE|ERROR] access to session %1 denied");
    }

    void sessionLinksToTheMeshItem()
    {
        QFETCH(QString, service);
        QFETCH(QByteArray, lineTemplate);
        QString sessionName;
        for (const auto &s : m_snapshot.policies.sessions)
            if (s.meshService == service)
                sessionName = s.name;
        QVERIFY(!sessionName.isEmpty());
        const QByteArray text = QByteArray(lineTemplate).replace("%1", sessionName.toUtf8());
        const auto link = engine::logs::manifestLinkForLine(m_snapshot, text);
        QVERIFY2(link, text.constData());
        QCOMPARE(link->kind, ManifestLink::Kind::Session);
        const QString mesh = QDir(m_dir).filePath(QStringLiteral("mesh.yaml"));
        QCOMPARE(QFileInfo(link->file).canonicalFilePath(), QFileInfo(mesh).canonicalFilePath());
        const int services = lineOf(mesh, "services:");
        QVERIFY(services > 0);
        QCOMPARE(link->line, lineOf(mesh, "- name: " + service.toUtf8(), services));
    }

    void noLink_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("unknown secret") << QByteArray("  Caused by: secret 'NOT_IN_THE_PROJECT' not found");
        QTest::newRow("unknown session") << QByteArray("  Caused by: Session 'x-1-1/no-such-service' not found");
        QTest::newRow("not a failure") << QByteArray(
            "[SCONE|INFO] Connecting to CAS at cas (port 18765) using service ID x-1-1/redis/redis");
        QTest::newRow("ordinary line") << QByteArray("GET /patient/1 flask_key 200");
    }

    void noLink()
    {
        QFETCH(QByteArray, line);
        QVERIFY(!engine::logs::manifestLinkForLine(m_snapshot, line));
    }
};

QTEST_GUILESS_MAIN(TestManifestLink)
#include "tst_manifestlink.moc"
