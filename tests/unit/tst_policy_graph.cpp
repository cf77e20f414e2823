// SPDX-License-Identifier: Apache-2.0
// Export/import graph and upload plan on generated sessions and on hand-written session sets.
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/sessiongraph.h"
#include "policy/sessionreader.h"
#include "policy/uploadplan.h"
#include "testsupport.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

PolicyPreview render(const QString &dir)
{
    Result<ManifestProject> project = ManifestProject::loadFolder(dir);
    if (!project.ok())
        qFatal("cannot load %s", qPrintable(dir));
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults();
    o.settings.appNamespace = QStringLiteral("ns-1-1");
    o.settings.appImageRepo = QStringLiteral("repo");
    return generatePolicies(project.value(), o);
}

CasSession session(const char *yaml)
{
    Result<CasSession> s = sessionFromYaml(QByteArray(yaml), QStringLiteral("inline.yaml"));
    if (!s.ok())
        qFatal("bad session: %s", qPrintable(s.error().toString()));
    return s.value();
}

QString describe(const SessionGraph &g, const SessionGraph::Edge &e)
{
    const char *problem = e.problem == SessionGraph::Edge::Problem::None             ? ""
                          : e.problem == SessionGraph::Edge::Problem::DanglingImport ? " dangling"
                                                                                     : " unused";
    return g.nodes.at(e.from).label + QStringLiteral(" -") + e.secret + QStringLiteral("-> ") + g.nodes.at(e.to).label +
           QLatin1String(problem) + (e.inCycle ? QStringLiteral(" cycle") : QString()) +
           (e.namespaceExport ? QStringLiteral(" namespace") : QString());
}

QStringList edges(const SessionGraph &g)
{
    QStringList out;
    for (const SessionGraph::Edge &e : g.edges)
        out << describe(g, e);
    out.sort();
    return out;
}

}  // namespace

class TestPolicyGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void example();
    void exportChain();
    void cycle();
    void danglingAndCurated();
    void handWrittenSessions();
    void uploadPlanOfHandWrittenSessions();
    void longChainDoesNotRecurse();
};

void TestPolicyGraph::example()
{
    const PolicyPreview p = render(test::exampleDir());
    const SessionGraph g = buildSessionGraph(p.sessions);
    QCOMPARE(g.nodes.size(), 3);
    QCOMPARE(g.nodes.at(0).kind, SessionGraph::Node::Kind::Namespace);
    QCOMPARE(g.nodes.at(1).label, QStringLiteral("redis"));
    QCOMPARE(g.nodes.at(2).label, QStringLiteral("flask-api"));
    QCOMPARE(edges(g), (QStringList{QStringLiteral("redis -redis_ca_cert-> flask-api"),
                                    QStringLiteral("redis -redis_client_cert-> flask-api"),
                                    QStringLiteral("redis -redis_client_key-> flask-api")}));
    QCOMPARE(g.edgeGroups().size(), 1);
    QCOMPARE(g.nodes.at(2).publicSecrets, QStringList{QStringLiteral("api_ca_cert")});
    // The namespace session is connected to what it grants: both sessions of its namespace.
    QCOMPARE(g.grants.size(), 2);
    QCOMPARE(g.grants.at(0).from, 0);
    QCOMPARE(g.grants.at(0).to, 1);
    QCOMPARE(g.grants.at(1).from, 0);
    QCOMPARE(g.grants.at(1).to, 2);
    QVERIFY(g.nodes.at(1).publicSecrets.isEmpty());
    QCOMPARE(g.problemCount(), 0);
}

void TestPolicyGraph::exportChain()
{
    const SessionGraph g = buildSessionGraph(render(test::dataPath(QStringLiteral("meshes/ExportChain"))).sessions);
    QCOMPARE(g.nodes.size(), 5);
    QCOMPARE(edges(g),
             (QStringList{QStringLiteral("alpha -alpha_token-> beta"), QStringLiteral("alpha -alpha_token-> gamma"),
                          QStringLiteral("beta -beta_key-> gamma")}));
    QCOMPARE(g.problemCount(), 0);
}

void TestPolicyGraph::cycle()
{
    const SessionGraph g = buildSessionGraph(render(test::dataPath(QStringLiteral("meshes/Cycle"))).sessions);
    QCOMPARE(edges(g), (QStringList{QStringLiteral("left -left_token-> right cycle"),
                                    QStringLiteral("right -right_token-> left cycle")}));
    QVERIFY(g.indexOf(QStringLiteral("cyc-1-1/left")) > 0);
    QVERIFY(g.nodes.at(g.indexOf(QStringLiteral("cyc-1-1/left"))).inCycle);
    QVERIFY(g.nodes.at(g.indexOf(QStringLiteral("cyc-1-1/right"))).inCycle);
    QVERIFY(!g.nodes.at(0).inCycle);
    QCOMPARE(g.problemCount(), 2);
}

void TestPolicyGraph::danglingAndCurated()
{
    const SessionGraph dangling =
        buildSessionGraph(render(test::dataPath(QStringLiteral("meshes/DanglingImport"))).sessions);
    QCOMPARE(dangling.nodes.size(), 3);
    QCOMPARE(dangling.nodes.last().kind, SessionGraph::Node::Kind::Missing);
    QCOMPARE(edges(dangling),
             QStringList{QStringLiteral("(no exporter of nobody_has_this) -nobody_has_this-> lonely dangling")});
    const SessionGraph curated =
        buildSessionGraph(render(test::dataPath(QStringLiteral("meshes/CuratedImage"))).sessions);
    QVERIFY(curated.indexOf(QStringLiteral("cur-1-1/redis")) > 0);
    QVERIFY(curated.nodes.at(curated.indexOf(QStringLiteral("cur-1-1/redis"))).curated);
}

void TestPolicyGraph::handWrittenSessions()
{
    const QList<CasSession> sessions{
        session("name: app/db\nversion: \"0.3.10\"\nsecrets:\n"
                "  - name: db_pw\n    kind: ascii\n    export:\n      - session: ../web\n      - session: ../gone\n"
                "  - name: db_ca\n    kind: x509-ca\n    export_public: true\n    export:\n      - namespace: app\n"),
        session("name: app/web\nversion: \"0.3.10\"\nsecrets:\n"
                "  - name: db_pw\n    import:\n      session: ../db\n      secret: db_pw\n"
                "  - name: other\n    import:\n      session: ../db\n      secret: not_exported\n"
                "  - name: far\n    import:\n      session: elsewhere/x\n      secret: far\n"),
    };
    const SessionGraph g = buildSessionGraph(sessions);
    QCOMPARE(edges(g),
             (QStringList{QStringLiteral("db -db_ca-> app namespace"), QStringLiteral("db -db_pw-> gone unused"),
                          QStringLiteral("db -db_pw-> web"), QStringLiteral("db -not_exported-> web dangling"),
                          QStringLiteral("x -far-> web dangling")}));
    QCOMPARE(g.nodes.at(0).publicSecrets, QStringList{QStringLiteral("db_ca")});
    QCOMPARE(g.nodes.at(g.indexOf(QStringLiteral("app/gone"))).kind, SessionGraph::Node::Kind::Missing);
    QCOMPARE(g.problemCount(), 3);
    QVERIFY(g.grants.isEmpty());  // no namespace session among them ("app" is only named)
}

void TestPolicyGraph::uploadPlanOfHandWrittenSessions()
{
    const QList<CasSession> sessions{
        session("name: app/web\nsecrets:\n  - name: a\n    import:\n      session: ../db\n      secret: a\n"
                "  - name: b\n    import:\n      session: app/missing\n      secret: b\n"
                "  - name: c\n    import:\n      session: shared/ca\n      secret: c\n"),
        session("name: app/db\nsecrets:\n  - name: a\n    kind: ascii\n    export:\n      - session: ../web\n"),
        session("name: app\naccess_policy:\n  create_sessions: [CREATOR]\n"),
    };
    QCOMPARE(sessions.at(2).kind, CasSession::Kind::Namespace);
    const UploadPlan plan = planUpload(sessions);
    QCOMPARE(plan.order, (QStringList{QStringLiteral("app"), QStringLiteral("app/db"), QStringLiteral("app/web")}));
    QStringList d;
    for (const Diagnostic &x : plan.diagnostics)
        d << x.code + QLatin1Char(':') + Diagnostic::severityName(x.severity);
    QCOMPARE(d, (QStringList{QStringLiteral("policy.import.missing-session:error"),
                             QStringLiteral("policy.import.missing-session:warning")}));
    QVERIFY(!plan.ok());
}

void TestPolicyGraph::longChainDoesNotRecurse()
{
    // 20000 sessions each importing from the previous one: iterative algorithms only.
    QList<CasSession> sessions;
    for (int i = 0; i < 20000; ++i) {
        CasSession s;
        s.name = QStringLiteral("ns/s%1").arg(i);
        if (i > 0) {
            CasSecret c;
            c.name = QStringLiteral("t");
            c.import = SecretImport{
                QStringLiteral("../s%1").arg(i - 1), QStringLiteral("ns/s%1").arg(i - 1), QStringLiteral("t"), {}};
            s.secrets.append(c);
        }
        sessions.prepend(s);  // reverse order: the plan must reorder all of them
    }
    const UploadPlan plan = planUpload(sessions);
    QCOMPARE(plan.order.size(), 20000);
    QCOMPARE(plan.order.front(), QStringLiteral("ns/s0"));
    QCOMPARE(plan.order.back(), QStringLiteral("ns/s19999"));
    QVERIFY(plan.cycles.isEmpty());
}

QTEST_GUILESS_MAIN(TestPolicyGraph)
#include "tst_policy_graph.moc"
