// SPDX-License-Identifier: Apache-2.0
// $VAR / ${VAR} / {{var}} resolution; $$SCONE::…$$ stays verbatim; unresolved is reported.
#include "policy/variableresolver.h"

#include <QtTest>

using namespace workbench::models::policy;

class TestPolicyVariables : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shell_data();
    void shell();
    void mesh_data();
    void mesh();
    void bothStages();
    void unresolvedOffsets();
    void placeholders_data();
    void placeholders();
};

static const VariableMap kShell{{QStringLiteral("RELEASE"), QStringLiteral("demo")},
                                {QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("reg.example/me")},
                                {QStringLiteral("VERSION"), QStringLiteral("5.8.0")},
                                {QStringLiteral("EMPTY"), QString()}};

void TestPolicyVariables::shell_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("unresolved");
    auto row = [](const char *name, const char *in, const char *out, QStringList un = {}) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out) << un;
    };
    row("plain", "$RELEASE-redis", "demo-redis");
    row("braces", "${APP_IMAGE_REPO}/x:${VERSION}", "reg.example/me/x:5.8.0");
    row("adjacent name chars", "$RELEASE_x", "$RELEASE_x", {QStringLiteral("RELEASE_x")});
    row("braces delimit", "${RELEASE}_x", "demo_x");
    row("scone placeholder kept", "$$SCONE::flask.crt$$", "$$SCONE::flask.crt$$");
    row("scone placeholder with format", "a $$SCONE::k:privatekey:pem$$ b $RELEASE",
        "a $$SCONE::k:privatekey:pem$$ b demo");
    row("mesh token kept", "{{REDIS_HOST}}:$RELEASE", "{{REDIS_HOST}}:demo");
    row("mesh token with shell inside kept", "{{ X | default(value=\"$RELEASE\") }}",
        "{{ X | default(value=\"$RELEASE\") }}");
    row("lone dollar", "costs 5$ or $ 3", "costs 5$ or $ 3");
    row("dollar digit", "$1 and $#", "$1 and $#");
    row("double dollar then var", "$$RELEASE", "$demo");
    row("unterminated brace", "${RELEASE", "${RELEASE");
    row("invalid brace name", "${A-B}", "${A-B}");
    row("missing", "$NOPE/$RELEASE", "$NOPE/demo", {QStringLiteral("NOPE")});
    row("missing braces", "x${NOPE}y", "x${NOPE}y", {QStringLiteral("NOPE")});
    row("empty value is a value", "[$EMPTY]", "[]");
    row("unterminated scone", "$$SCONE::x and $RELEASE", "$$SCONE::x and demo", {QStringLiteral("SCONE")});
    row("multi-line", "a: $RELEASE\nb: ${VERSION}\n", "a: demo\nb: 5.8.0\n");
}

void TestPolicyVariables::shell()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QStringList, unresolved);
    const ResolvedText r = resolveShellVariables(input, kShell);
    QCOMPARE(r.text, expected);
    QStringList names;
    for (const VariableReference &v : r.unresolved) {
        QCOMPARE(v.syntax, VariableSyntax::Shell);
        names << v.name;
    }
    QCOMPARE(names, unresolved);
}

static const VariableMap kMesh{{QStringLiteral("REDIS_HOST"), QStringLiteral("demo-redis")},
                               {QStringLiteral("namespace"), QStringLiteral("ns-1-2")},
                               {QStringLiteral("cas.cas.cas_url"), QStringLiteral("cas.x")},
                               {QStringLiteral("APP_SERVICE_PORT"), QStringLiteral("4996")},
                               {QStringLiteral("name"), QStringLiteral("  Mixed ")}};

void TestPolicyVariables::mesh_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("unresolved");
    auto row = [](const char *name, const char *in, const char *out, QStringList un = {}) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out) << un;
    };
    row("plain", "{{REDIS_HOST}}", "demo-redis");
    row("spaces", "nameserver {{ REDIS_HOST }}\n", "nameserver demo-redis\n");
    row("dotted", "{{cas.cas.cas_url}}:18765", "cas.x:18765");
    row("default unused", "{{REDIS_HOST | default(value=\"x\")}}", "demo-redis");
    row("default used", "{{SCONE_LOG | default(value=\"error\")}}", "error");
    row("default single quotes", "{{SCONE_LOG|default(value='warn')}}", "warn");
    row("default bare", "{{SCONE_VERSION | default(value=0)}}", "0");
    row("nested default", "{{PYTHON_SERVICE_PORT | default(value=\"{{APP_SERVICE_PORT}}\")}}", "4996");
    row("nested default missing", "{{A | default(value=\"{{B}}\")}}", "{{A | default(value=\"{{B}}\")}}",
        {QStringLiteral("A")});
    row("filters", "{{name | trim | upper}}", "MIXED");
    row("unknown filter", "{{REDIS_HOST | reverse}}", "{{REDIS_HOST | reverse}}", {QStringLiteral("REDIS_HOST")});
    row("missing", "{{nope}}-{{REDIS_HOST}}", "{{nope}}-demo-redis", {QStringLiteral("nope")});
    row("scone kept", "$$SCONE::{{x}}$$ {{namespace}}", "$$SCONE::{{x}}$$ ns-1-2");
    row("raw block", "{% raw %}{{keep}}{% endraw %} {{namespace}}", "{{keep}} ns-1-2");
    row("comment removed", "a{# note #}b", "ab");
    row("statement unresolved", "{% if x %}y{% endif %}", "{% if x %}y{% endif %}",
        {QStringLiteral("if x"), QStringLiteral("endif")});
    row("expression", "{{ 1 + 2 }}", "{{ 1 + 2 }}", {QStringLiteral("1 + 2")});
    row("single brace", "{a: b}", "{a: b}");
    row("unterminated", "x {{REDIS_HOST", "x {{REDIS_HOST", {QStringLiteral("{{")});
}

void TestPolicyVariables::mesh()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QStringList, unresolved);
    const ResolvedText r = resolveMeshVariables(input, kMesh);
    QCOMPARE(r.text, expected);
    QStringList names;
    for (const VariableReference &v : r.unresolved) {
        QCOMPARE(v.syntax, VariableSyntax::Mesh);
        names << v.name;
    }
    QCOMPARE(names, unresolved);
}

void TestPolicyVariables::bothStages()
{
    // Shell first: a mesh value may come from a $VAR, never the other way round.
    VariableMap mesh = kMesh;
    const ResolvedText r =
        resolveAllVariables(QStringLiteral("$RELEASE/{{namespace}}/$$SCONE::s$$/$MISSING/{{missing}}"), kShell, mesh);
    QCOMPARE(r.text, QStringLiteral("demo/ns-1-2/$$SCONE::s$$/$MISSING/{{missing}}"));
    QCOMPARE(r.unresolved.size(), 2);
    QCOMPARE(r.unresolved.at(0).name, QStringLiteral("MISSING"));
    QCOMPARE(r.unresolved.at(1).name, QStringLiteral("missing"));
}

void TestPolicyVariables::unresolvedOffsets()
{
    const QString text = QStringLiteral("ab ${NOPE} {{ gone }} $X");
    const QList<VariableReference> refs = findVariableReferences(text);
    QCOMPARE(refs.size(), 3);
    QCOMPARE(text.mid(refs.at(0).offset, refs.at(0).length), QStringLiteral("${NOPE}"));
    QCOMPARE(text.mid(refs.at(1).offset, refs.at(1).length), QStringLiteral("{{ gone }}"));
    QCOMPARE(refs.at(1).name, QStringLiteral("gone"));
    QCOMPARE(text.mid(refs.at(2).offset, refs.at(2).length), QStringLiteral("$X"));
}

void TestPolicyVariables::placeholders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QStringList>("formats");
    QTest::newRow("legacy") << QStringLiteral("$$SCONE::redis_ca_cert.chain$$")
                            << QStringList{QStringLiteral("redis_ca_cert")} << QStringList{QStringLiteral(".chain")};
    QTest::newRow("new") << QStringLiteral("a $$SCONE::k:privatekey:pem$$ b $$SCONE::p$$")
                         << QStringList{QStringLiteral("k"), QStringLiteral("p")}
                         << QStringList{QStringLiteral(":privatekey:pem"), QString()};
    QTest::newRow("encoding") << QStringLiteral("$$SCONE::j|escape(json)$$") << QStringList{QStringLiteral("j")}
                              << QStringList{QString()};
    QTest::newRow("not across lines") << QStringLiteral("$$SCONE::a\n$$") << QStringList{} << QStringList{};
}

void TestPolicyVariables::placeholders()
{
    QFETCH(QString, text);
    QFETCH(QStringList, secrets);
    QFETCH(QStringList, formats);
    QStringList s, f;
    for (const SconePlaceholder &p : findSconePlaceholders(text)) {
        s << p.secret;
        f << p.format;
        QVERIFY(text.mid(p.offset, p.length).startsWith(QLatin1String("$$SCONE::")));
        QVERIFY(text.mid(p.offset, p.length).endsWith(QLatin1String("$$")));
    }
    QCOMPARE(s, secrets);
    QCOMPARE(f, formats);
}

QTEST_GUILESS_MAIN(TestPolicyVariables)
#include "tst_policy_variables.moc"
