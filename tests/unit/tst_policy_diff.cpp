// SPDX-License-Identifier: Apache-2.0
// Line diff and the security review of a preview against a reference session.
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/policyreference.h"
#include "policy/sessiondiff.h"
#include "policy/sessionreader.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

const char kBase[] = R"(name: ns/api
version: "0.3.10"
access_policy:
  read:
    - CREATOR
  update:
    - CREATOR
services:
  - name: python3
    image_name: api_image
    attestation:
      mrenclave:
        - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        - bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    command: python3 /api.py
    pwd: /
secrets:
  - name: ca
    kind: x509-ca
    export:
      - session: ../web
  - name: key
    kind: private-key
security:
  attestation:
    tolerate:
      - hyperthreading
    ignore_advisories:
      - INTEL-SA-00615
)";

QString edited(const char *from, const char *to)
{
    QString s = QString::fromUtf8(kBase);
    const QString f = QString::fromUtf8(from);
    if (!s.contains(f))
        qFatal("test text does not contain %s", from);
    return s.replace(f, QString::fromUtf8(to));
}

QStringList kinds(const SessionDiff &d)
{
    QStringList out;
    for (const SecurityChange &c : d.securityChanges)
        out << securityChangeTitle(c.kind) + QStringLiteral(" @") + QString::number(c.newLine);
    return out;
}

int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

}  // namespace

class TestPolicyDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lineDiff_data();
    void lineDiff();
    void identical();
    void relaxations_data();
    void relaxations();
    void tighteningIsNotFlagged();
    void placeholdersAgainstUploadedHashes();
    void unreadableReference();
    void storedReferenceOfTheExample();
    void storedReferencesHoldNoSecretValues();
};

void TestPolicyDiff::lineDiff_data()
{
    QTest::addColumn<QStringList>("a");
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<QString>("expected");  // one char per line: ' ' same, '-' removed, '+' added
    auto L = [](const char *s) { return QString::fromUtf8(s).split(QLatin1Char(','), Qt::SkipEmptyParts); };
    QTest::newRow("equal") << L("a,b,c") << L("a,b,c") << QStringLiteral("   ");
    QTest::newRow("insert middle") << L("a,c") << L("a,b,c") << QStringLiteral(" + ");
    QTest::newRow("delete middle") << L("a,b,c") << L("a,c") << QStringLiteral(" - ");
    QTest::newRow("replace") << L("a,b,c") << L("a,x,c") << QStringLiteral(" -+ ");
    QTest::newRow("all new") << L("") << L("x,y") << QStringLiteral("++");
    QTest::newRow("all gone") << L("x,y") << L("") << QStringLiteral("--");
    QTest::newRow("classic") << L("a,b,c,a,b,b,a") << L("c,b,a,b,a,c") << QString();
}

void TestPolicyDiff::lineDiff()
{
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(QString, expected);
    const QList<DiffLine> d = diffLines(a, b);
    QString shape;
    QStringList rebuiltA, rebuiltB;
    int same = 0;
    for (const DiffLine &l : d) {
        shape += l.kind == DiffLine::Kind::Same    ? QLatin1Char(' ')
                 : l.kind == DiffLine::Kind::Added ? QLatin1Char('+')
                                                   : QLatin1Char('-');
        if (l.kind != DiffLine::Kind::Added) {
            rebuiltA << l.text;
            QCOMPARE(a.at(l.oldLine - 1), l.text);
        }
        if (l.kind != DiffLine::Kind::Removed) {
            rebuiltB << l.text;
            QCOMPARE(b.at(l.newLine - 1), l.text);
        }
        same += l.kind == DiffLine::Kind::Same;
    }
    QCOMPARE(rebuiltA, a);
    QCOMPARE(rebuiltB, b);
    if (!expected.isEmpty())
        QCOMPARE(shape, expected);
    else
        QCOMPARE(same, 4);  // LCS length of Myers' paper example
}

void TestPolicyDiff::identical()
{
    const SessionDiff d = diffSessions(QString::fromUtf8(kBase), QString::fromUtf8(kBase));
    QVERIFY(d.identical());
    QVERIFY(d.securityChanges.isEmpty());
    QVERIFY(d.error.isEmpty());
}

void TestPolicyDiff::relaxations_data()
{
    QTest::addColumn<QString>("preview");
    QTest::addColumn<QStringList>("expected");
    const QString base = QString::fromUtf8(kBase);
    QString t = edited("      - hyperthreading\n", "      - hyperthreading\n      - debug-mode\n");
    QTest::newRow("new tolerate")
        << t
        << QStringList{QStringLiteral("New tolerated weakness @%1").arg(lineOf(t, QStringLiteral("- hyperthreading")))};
    t = edited("    ignore_advisories:\n      - INTEL-SA-00615\n", "    ignore_advisories: \"*\"\n");
    QTest::newRow("advisories star") << t
                                     << QStringList{QStringLiteral("More advisories ignored @%1")
                                                        .arg(lineOf(t, QStringLiteral("ignore_advisories")))};
    t = edited("      - INTEL-SA-00615\n", "      - INTEL-SA-00615\n      - INTEL-SA-00657\n");
    QTest::newRow("advisory added") << t
                                    << QStringList{QStringLiteral("More advisories ignored @%1")
                                                       .arg(lineOf(t, QStringLiteral("- INTEL-SA-00615")))};
    t = edited("        - bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n", "");
    QTest::newRow("mrenclave removed")
        << t << QStringList{QStringLiteral("MRENCLAVE removed @%1").arg(lineOf(t, QStringLiteral("- name: python3")))};
    t = edited("    attestation:\n      mrenclave:\n        - "
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n        - "
               "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
               "");
    QTest::newRow("attestation removed")
        << t
        << QStringList{QStringLiteral("Attestation disabled @%1").arg(lineOf(t, QStringLiteral("- name: python3")))};
    t = edited("    tolerate:\n", "    mode: none\n    tolerate:\n");
    QTest::newRow("mode none")
        << t << QStringList{QStringLiteral("Attestation disabled @%1").arg(lineOf(t, QStringLiteral("mode: none")))};
    t = edited("  read:\n    - CREATOR\n", "  read:\n    - ANY\n");
    QTest::newRow("read ANY")
        << t << QStringList{QStringLiteral("Weaker access policy @%1").arg(lineOf(t, QStringLiteral("read:")))};
    t = edited("  update:\n    - CREATOR\n", "  update:\n    - CREATOR\n    - 0123456789abcdef\n");
    QTest::newRow("update widened")
        << t << QStringList{QStringLiteral("Weaker access policy @%1").arg(lineOf(t, QStringLiteral("update:")))};
    t = edited("    kind: private-key\n", "    kind: private-key\n    export_public: true\n");
    QTest::newRow("public")
        << t << QStringList{QStringLiteral("Secret made public @%1").arg(lineOf(t, QStringLiteral("- name: key")))};
    t = edited("      - session: ../web\n", "      - session: ../web\n      - session: ../other\n");
    QTest::newRow("new export") << t
                                << QStringList{QStringLiteral("Secret exported to a new session @%1")
                                                   .arg(lineOf(t, QStringLiteral("- name: ca")))};
    QTest::newRow("cosmetic") << base + QStringLiteral("# comment\n") << QStringList{};
}

void TestPolicyDiff::relaxations()
{
    QFETCH(QString, preview);
    QFETCH(QStringList, expected);
    const SessionDiff d = diffSessions(QString::fromUtf8(kBase), preview);
    QVERIFY(d.error.isEmpty());
    QCOMPARE(kinds(d), expected);
    QVERIFY(!d.identical());
}

void TestPolicyDiff::tighteningIsNotFlagged()
{
    // Removing a tolerate entry, adding an MRENCLAVE, narrowing access: all stricter.
    QString t = edited("    tolerate:\n      - hyperthreading\n", "");
    t.replace(
        QStringLiteral("        - bbbb"),
        QStringLiteral("        - cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n        - bbbb"));
    t.replace(QStringLiteral("  read:\n    - CREATOR\n"), QStringLiteral("  read:\n    - NONE\n"));
    const SessionDiff d = diffSessions(QString::fromUtf8(kBase), t);
    QVERIFY(d.error.isEmpty());
    QCOMPARE(kinds(d), QStringList());
    // The reverse direction is a relaxation.
    const SessionDiff back = diffSessions(t, QString::fromUtf8(kBase));
    QCOMPARE(back.securityChanges.size(), 3);  // tolerate back, NONE removed from read, MRENCLAVE c removed
}

void TestPolicyDiff::placeholdersAgainstUploadedHashes()
{
    // The preview carries placeholders until the build; against an uploaded session with real
    // hashes that is not a removed MRENCLAVE.
    QString preview = QString::fromUtf8(kBase);
    preview.replace(QRegularExpression(QStringLiteral("        - a+\\n        - b+\\n")),
                    QStringLiteral("        - <MRENCLAVE of repo/api:1, known after the build>\n"));
    const SessionDiff d = diffSessions(QString::fromUtf8(kBase), preview);
    QVERIFY(d.error.isEmpty());
    QCOMPARE(kinds(d), QStringList());
}

void TestPolicyDiff::unreadableReference()
{
    const SessionDiff d = diffSessions(QStringLiteral("name: [broken\n"), QString::fromUtf8(kBase));
    QVERIFY(!d.error.isEmpty());
    QVERIFY(!d.lines.isEmpty());
    QVERIFY(d.securityChanges.isEmpty());
}

void TestPolicyDiff::storedReferenceOfTheExample()
{
    QTemporaryDir tmp;
    const QString project = QDir(tmp.path()).filePath(QStringLiteral("p"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    Result<ManifestProject> mp = ManifestProject::loadFolder(project);
    QVERIFY(mp.ok());
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults(project);
    o.settings.appNamespace = QStringLiteral("p-1-1");
    o.settings.appImageRepo = QStringLiteral("repo");
    const PolicyPreview before = generatePolicies(mp.value(), o);
    QVERIFY(!before.hasErrors());
    QVERIFY(storeRenderedReference(project, before).ok());
    QVERIFY(
        QFileInfo::exists(QDir(project).filePath(QStringLiteral(".scone-workbench/rendered/p-1-1/flask-api.yaml"))));

    // Relax the mesh: a new tolerate entry shows up as a security change of every service session.
    const QString mesh = QDir(project).filePath(QStringLiteral("mesh.yaml"));
    QByteArray text = test::readFile(mesh);
    text.replace("software-hardening-needed\"", "software-hardening-needed, insecure-configuration\"");
    mp.value().setText(mesh, text);
    const PolicyPreview after = generatePolicies(mp.value(), o);
    for (const QString &name : {QStringLiteral("p-1-1/redis"), QStringLiteral("p-1-1/flask-api")}) {
        const std::optional<StoredReference> ref = loadLatestReference(project, name);
        QVERIFY(ref.has_value());
        QCOMPARE(ref->kind, ReferenceKind::Rendered);
        const SessionDiff d = diffSessions(ref->text, after.sessionYaml.at(after.indexOf(name)).text);
        QCOMPARE(d.securityChanges.size(), 1);
        QCOMPARE(d.securityChanges.front().kind, SecurityChange::Kind::NewTolerate);
        QVERIFY(d.securityChanges.front().detail.contains(QLatin1String("insecure-configuration")));
    }
    const std::optional<StoredReference> ns = loadLatestReference(project, QStringLiteral("p-1-1"));
    QVERIFY(ns.has_value());
    QVERIFY(diffSessions(ns->text, after.sessionYaml.at(0).text).identical());
    QVERIFY(!loadLatestReference(project, QStringLiteral("p-1-1/nope")).has_value());
}

void TestPolicyDiff::storedReferencesHoldNoSecretValues()
{
    QTemporaryDir tmp;
    const QString project = QDir(tmp.path()).filePath(QStringLiteral("p"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    // An explicit secret value in the redis manifest.
    const QString redis = QDir(project).filePath(QStringLiteral("redis/service.yaml"));
    QByteArray text = test::readFile(redis);
    text.replace("    - name: redis_key\n",
                 "    - name: db_password\n      kind: ascii\n      value: \"hunter2-not-for-disk\"\n"
                 "    - name: redis_key\n");
    QVERIFY(test::writeFile(redis, text));
    Result<ManifestProject> mp = ManifestProject::loadFolder(project);
    QVERIFY(mp.ok());
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults(project);
    o.settings.appNamespace = QStringLiteral("p-1-1");
    o.settings.appImageRepo = QStringLiteral("repo");
    const PolicyPreview preview = generatePolicies(mp.value(), o);
    const int i = preview.indexOf(QStringLiteral("p-1-1/redis"));
    QVERIFY(i >= 0);
    QVERIFY(preview.sessionYaml.at(i).text.contains(QLatin1String("hunter2-not-for-disk")));  // the preview shows it
    QVERIFY(storeRenderedReference(project, preview).ok());
    const std::optional<StoredReference> ref = loadLatestReference(project, QStringLiteral("p-1-1/redis"));
    QVERIFY(ref.has_value());
    QVERIFY(!ref->text.contains(QLatin1String("hunter2")));
    QVERIFY(ref->text.contains(QLatin1String("<redacted sha256:")));
    // Compared like with like, the unchanged session is identical; a changed value shows.
    QVERIFY(diffSessions(ref->text, storableSessionText(preview.sessions.at(i))).identical());
    CasSession changed = preview.sessions.at(i);
    for (CasSecret &secret : changed.secrets)
        if (secret.name == QLatin1String("db_password"))
            secret.value = QStringLiteral("another");
    QVERIFY(!diffSessions(ref->text, storableSessionText(changed)).identical());
}

QTEST_GUILESS_MAIN(TestPolicyDiff)
#include "tst_policy_diff.moc"
