// SPDX-License-Identifier: Apache-2.0
// models/build: the direct CAS upload plan (order, bodies), the predecessor update rule, reading
// the CAS's answers, session paths, and the project's local record of uploaded hashes.
#include "build/casupload.h"
#include "build/uploadrecord.h"
#include "policy/cassession.h"
#include "policy/sessionreader.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::build;

namespace {

const QString kHashA = QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
const QString kHashB = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

policy::CasSession session(const QString &name, policy::CasSession::Kind kind = policy::CasSession::Kind::Service)
{
    policy::CasSession s;
    s.name = name;
    s.kind = kind;
    return s;
}

void importFrom(policy::CasSession &s, const QString &exporter, const QString &secret)
{
    policy::CasSecret sec;
    sec.name = secret;
    policy::SecretImport imp;
    imp.session = exporter;
    imp.sessionAbsolute = exporter;
    imp.secret = secret;
    sec.import = imp;
    s.secrets.append(sec);
}

}  // namespace

class TestBuildCasUpload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void orderAndBodies()
    {
        policy::CasSession flask = session(QStringLiteral("ns-1/flask-api"));
        importFrom(flask, QStringLiteral("ns-1/redis"), QStringLiteral("redis_ca_cert"));
        policy::CasSession redis = session(QStringLiteral("ns-1/redis"));
        policy::CasSession ns = session(QStringLiteral("ns-1"), policy::CasSession::Kind::Namespace);
        const Result<QList<CasUploadItem>> plan = planCasUpload({flask, redis, ns});
        QVERIFY(plan.ok());
        QCOMPARE(plan->size(), 3);
        QCOMPARE(plan->at(0).session, QStringLiteral("ns-1"));
        QCOMPARE(plan->at(1).session, QStringLiteral("ns-1/redis"));
        QCOMPARE(plan->at(2).session, QStringLiteral("ns-1/flask-api"));
        for (const CasUploadItem &item : *plan) {
            const Result<policy::CasSession> back = policy::sessionFromYaml(item.body);
            QVERIFY(back.ok());
            QCOMPARE(back->name, item.session);
            QVERIFY(!item.body.contains("predecessor"));
        }
    }

    void cyclesCannotBeUploaded()
    {
        policy::CasSession a = session(QStringLiteral("ns/a"));
        policy::CasSession b = session(QStringLiteral("ns/b"));
        importFrom(a, QStringLiteral("ns/b"), QStringLiteral("x"));
        importFrom(b, QStringLiteral("ns/a"), QStringLiteral("y"));
        const Result<QList<CasUploadItem>> plan = planCasUpload({a, b});
        QVERIFY(!plan.ok());
        QCOMPARE(plan.error().code, QStringLiteral("upload.plan"));
        QVERIFY(plan.error().detail.contains(QLatin1String("ns/a")));
    }

    void predecessor_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray p = "predecessor: " + kHashB.toLatin1();
        QTest::newRow("prepended") << QByteArray("name: ns/a\nversion: \"0.3.10\"\n")
                                   << QByteArray(p + "\nname: ns/a\nversion: \"0.3.10\"\n");
        QTest::newRow("after comments and document start")
            << QByteArray("# generated\n---\nname: ns/a\n") << QByteArray("# generated\n---\n" + p + "\nname: ns/a\n");
        QTest::newRow("replaces an existing one")
            << QByteArray("name: ns/a\npredecessor: " + kHashA.toLatin1() + "\nservices: []\n")
            << QByteArray("name: ns/a\n" + p + "\nservices: []\n");
        QTest::newRow("indented key is not top level") << QByteArray("name: ns/a\nx:\n  predecessor: keep\n")
                                                       << QByteArray(p + "\nname: ns/a\nx:\n  predecessor: keep\n");
        QTest::newRow("no final newline") << QByteArray("name: ns/a") << QByteArray(p + "\nname: ns/a");
    }
    void predecessor()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QByteArray, expected);
        const Result<QByteArray> r = withPredecessor(yaml, kHashB);
        QVERIFY(r.ok());
        QCOMPARE(*r, expected);
    }

    void predecessorRefusals()
    {
        QCOMPARE(withPredecessor("name: a\n", QStringLiteral("abc")).error().code,
                 QStringLiteral("upload.predecessor"));
        QCOMPARE(withPredecessor("name: a\n", kHashA + QLatin1Char('0')).error().code,
                 QStringLiteral("upload.predecessor"));
        QCOMPARE(withPredecessor("{name: a}\n", kHashA).error().code, QStringLiteral("upload.predecessor"));
        QVERIFY(isSessionHash(kHashB.toUpper()));
        QVERIFY(!isSessionHash(QString(64, QLatin1Char('g'))));
    }

    void decisions()
    {
        UploadDecision d = decideUpload(std::nullopt, std::nullopt);
        QCOMPARE(d.action, UploadDecision::Action::Create);
        QVERIFY(d.predecessor.isEmpty());
        d = decideUpload(std::nullopt, kHashA);  // recorded but gone from the CAS: create again
        QCOMPARE(d.action, UploadDecision::Action::Create);
        d = decideUpload(kHashA, std::nullopt);
        QCOMPARE(d.action, UploadDecision::Action::Update);
        QCOMPARE(d.predecessor, kHashA);
        QVERIFY(!d.changedElsewhere);
        d = decideUpload(kHashA, kHashA.toUpper());
        QVERIFY(!d.changedElsewhere);
        d = decideUpload(kHashA, kHashB);
        QCOMPARE(d.predecessor, kHashA);
        QVERIFY(d.changedElsewhere);
    }

    void paths()
    {
        QCOMPARE(casCreateSessionPath(), QStringLiteral("/session"));
        QCOMPARE(casSessionPath(QStringLiteral("secure-doc-management-1-2/flask-api")),
                 QStringLiteral("/v1/sessions/secure-doc-management-1-2/flask-api"));
        QCOMPARE(casSessionPath(QStringLiteral("a b?c")), QStringLiteral("/v1/sessions/a%20b%3Fc"));
        QCOMPARE(casSessionPath(QString::fromUtf8("ü")), QStringLiteral("/v1/sessions/%C3%BC"));
    }

    void getAnswers()
    {
        Result<std::optional<CasSessionState>> r = parseGetSessionResponse(
            200, R"({"session": "name: ns/a\n", "hash": ")" + kHashA.toUpper().toLatin1() + R"("})");
        QVERIFY(r.ok() && r->has_value());
        QCOMPARE((*r)->hash, kHashA);
        QCOMPARE((*r)->session, QStringLiteral("name: ns/a\n"));
        r = parseGetSessionResponse(404, R"({"msg": ["Session not found"]})");
        QVERIFY(r.ok() && !r->has_value());
        r = parseGetSessionResponse(400, R"({"msg": ["Could not read session: Session not found"]})");
        QVERIFY(r.ok() && !r->has_value());
        r = parseGetSessionResponse(200, R"({"session": "x"})");
        QCOMPARE(r.error().code, QStringLiteral("upload.cas"));
        r = parseGetSessionResponse(403, R"({"msg": ["Access denied", "not the creator"]})");
        QCOMPARE(r.error().code, QStringLiteral("upload.cas"));
        QCOMPARE(r.error().detail, QStringLiteral("Access denied; not the creator"));
        QVERIFY(r.error().message.contains(QLatin1String("403")));
    }

    void createAnswers()
    {
        Result<QString> r = parseCreateSessionResponse(201, R"({"hash": ")" + kHashB.toLatin1() + R"("})");
        QCOMPARE(*r, kHashB);
        r = parseCreateSessionResponse(200, "Created Session[id=5, name=ns/a, status=Pending]");
        QVERIFY(r.ok());
        QVERIFY(r->isEmpty());
        r = parseCreateSessionResponse(
            409, R"({"msg": ["Could not create successor session. Invalid previous session digest"]})");
        QCOMPARE(r.error().code, QStringLiteral("upload.conflict"));
        r = parseCreateSessionResponse(400, "Could not create successor session. Invalid previous session digest");
        QCOMPARE(r.error().code, QStringLiteral("upload.conflict"));
        r = parseCreateSessionResponse(500, R"({"msg": "database locked"})");
        QCOMPARE(r.error().code, QStringLiteral("upload.cas"));
        QCOMPARE(r.error().detail, QStringLiteral("database locked"));
        r = parseCreateSessionResponse(200, "{}");
        QCOMPARE(r.error().code, QStringLiteral("upload.cas"));
        QCOMPARE(casErrorMessage(QByteArray(400, 'x')).size(), 300);
    }

    void recordKeepsOneEntryPerCasAndSession()
    {
        UploadRecord record;
        const QDateTime t1(QDate(2026, 12, 6), QTime(5, 0), Qt::UTC);
        record.record({QStringLiteral("cas-b:8081"), QStringLiteral("ns/a"), kHashA, t1});
        record.record({QStringLiteral("cas-a:8081"), QStringLiteral("ns/b"), kHashA, t1});
        record.record({QStringLiteral("cas-a:8081"), QStringLiteral("ns/a"), kHashA, t1});
        record.record({QStringLiteral("cas-b:8081"), QStringLiteral("ns/a"), kHashB, t1.addSecs(60)});
        QCOMPARE(record.entries().size(), 3);
        QCOMPARE(record.entries().at(0).session, QStringLiteral("ns/a"));
        QCOMPARE(record.entries().at(0).cas, QStringLiteral("cas-a:8081"));
        QCOMPARE(record.find(QStringLiteral("cas-b:8081"), QStringLiteral("ns/a"))->hash, kHashB);
        QVERIFY(!record.find(QStringLiteral("cas-b:8081"), QStringLiteral("ns/b")).has_value());

        const Result<UploadRecord> back = uploadRecordFromJson(uploadRecordToJson(record));
        QVERIFY(back.ok());
        QCOMPARE(*back, record);
    }

    void recordOnDisk()
    {
        QTemporaryDir project;
        Result<UploadRecord> r = loadUploadRecord(project.path());
        QVERIFY(r.ok());
        QVERIFY(r->entries().isEmpty());
        UploadRecord record;
        record.record({QStringLiteral("cas:8081"), QStringLiteral("ns/a"), kHashA,
                       QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)});
        QVERIFY(saveUploadRecord(project.path(), record).ok());
        const QByteArray json = test::readFile(project.filePath(QStringLiteral(".scone-workbench/uploads.json")));
        QVERIFY(json.contains("\"uploaded\": \"2026-01-02T03:04:05Z\""));
        QVERIFY(json.contains(kHashA.toLatin1()));
        r = loadUploadRecord(project.path());
        QVERIFY(r.ok());
        QCOMPARE(*r, record);

        QVERIFY(test::writeFile(uploadRecordPath(project.path()), "{\"version\": 2}"));
        QCOMPARE(loadUploadRecord(project.path()).error().code, QStringLiteral("upload.record"));
        QVERIFY(test::writeFile(uploadRecordPath(project.path()),
                                R"({"version": 1, "uploads": [{"cas": "c", "session": "s", "hash": "short"}]})"));
        QCOMPARE(loadUploadRecord(project.path()).error().code, QStringLiteral("upload.record"));
        QVERIFY(test::writeFile(uploadRecordPath(project.path()), "not json"));
        QCOMPARE(loadUploadRecord(project.path()).error().file, uploadRecordPath(project.path()));
    }
};

QTEST_GUILESS_MAIN(TestBuildCasUpload)
#include "tst_build_casupload.moc"
