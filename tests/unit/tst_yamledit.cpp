// SPDX-License-Identifier: Apache-2.0
// Source-preserving edits: each kind of edit changes only the lines it must (asserted on a line
// diff, not on a re-parse), quoting, indentation style, undo, and round trips over the corpus.
#include "manifest/yamldocument.h"
#include "project/projectfiles.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QtTest>

#include <vector>

using namespace workbench::models;

namespace {

struct LineDiff {
    QList<int> removed;  ///< 1-based line numbers in the old text
    QStringList removedText;
    QList<int> added;  ///< 1-based line numbers in the new text
    QStringList addedText;
};

QStringList linesOf(const QByteArray &t)
{
    QStringList l = QString::fromUtf8(t).split(QLatin1Char('\n'));
    return l;
}

/// Longest-common-subsequence line diff.
LineDiff diffLines(const QByteArray &before, const QByteArray &after)
{
    const QStringList a = linesOf(before);
    const QStringList b = linesOf(after);
    const int n = int(a.size());
    const int m = int(b.size());
    std::vector<std::vector<int>> lcs(size_t(n) + 1, std::vector<int>(size_t(m) + 1, 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[size_t(i)][size_t(j)] = a[i] == b[j]
                                            ? lcs[size_t(i) + 1][size_t(j) + 1] + 1
                                            : std::max(lcs[size_t(i) + 1][size_t(j)], lcs[size_t(i)][size_t(j) + 1]);
    LineDiff d;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            ++i;
            ++j;
        } else if (j < m && (i >= n || lcs[size_t(i)][size_t(j) + 1] >= lcs[size_t(i) + 1][size_t(j)])) {
            d.added.append(j + 1);
            d.addedText.append(b[j]);
            ++j;
        } else {
            d.removed.append(i + 1);
            d.removedText.append(a[i]);
            ++i;
        }
    }
    return d;
}

QByteArray flaskService()
{
    return workbench::test::readFile(workbench::test::exampleDir() + QStringLiteral("/flask-api/service.yaml"));
}

QStringList corpusFiles()
{
    QStringList out;
    for (const QString &root :
         {workbench::test::dataPath(QStringLiteral("manifests/valid")), workbench::test::exampleDir(),
          workbench::test::dataPath(QStringLiteral("manifests/projects"))}) {
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (isYamlFileName(f.section(QLatin1Char('/'), -1)))
                out.append(f);
        }
    }
    out.sort();
    return out;
}

void collectNodes(const YamlNode *n, QList<const YamlNode *> &out)
{
    if (!n)
        return;
    out.append(n);
    if (n->isSequence())
        for (int i = 0; i < n->size(); ++i)
            collectNodes(n->at(i), out);
    if (n->isMapping())
        for (int i = 0; i < n->size(); ++i)
            if (n->keyAt(i)->isScalar())  // values under complex keys have no dotted path
                collectNodes(n->valueAt(i), out);
}

}  // namespace

class TestYamlEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unchangedDocumentsKeepTheirBytes_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : corpusFiles())
            QTest::newRow(qPrintable(f.section(QLatin1Char('/'), -2))) << f;
    }
    void unchangedDocumentsKeepTheirBytes()
    {
        QFETCH(QString, file);
        const QByteArray bytes = workbench::test::readFile(file);
        const YamlDocument doc = YamlDocument::fromText(bytes, file);
        QCOMPARE(doc.text(), bytes);
        YamlDocument copy = doc;
        copy.setText(bytes);
        QCOMPARE(copy.text(), bytes);
    }

    // For every scalar of every corpus file: change it, check that only its own lines changed and
    // that it reads back, then undo and get the original bytes.
    void everyScalarRoundTrips_data() { unchangedDocumentsKeepTheirBytes_data(); }
    void everyScalarRoundTrips()
    {
        QFETCH(QString, file);
        const QByteArray bytes = workbench::test::readFile(file);
        const YamlDocument original = YamlDocument::fromText(bytes);
        if (!original.isValid())
            QSKIP("not valid YAML (a template)");
        QList<const YamlNode *> nodes;
        collectNodes(original.root(), nodes);
        int edited = 0;
        for (const YamlNode *n : std::as_const(nodes)) {
            if (!n->isScalar() || !n->parent() || n->isAlias())
                continue;
            const QString path = n->path();
            const QString newValue = n->scalar().contains(QLatin1Char('\n')) ? n->scalar() + QStringLiteral("more\n")
                                                                             : n->scalar() + QStringLiteral("-x");
            YamlDocument doc = original;
            const auto change = doc.apply(YamlEdit::setScalar(path, newValue));
            QVERIFY2(change, qPrintable(path + QStringLiteral(": ") + (change ? QString() : change.error().message)));
            QVERIFY(doc.isValid());
            QCOMPARE(doc.node(path)->scalar(), newValue);
            const LineDiff d = diffLines(bytes, doc.text());
            const SourceLocation loc = n->location();
            for (int line : d.removed)
                QVERIFY2(line >= loc.line && line <= loc.endLine,
                         qPrintable(QStringLiteral("%1: line %2 changed").arg(path).arg(line)));
            QVERIFY(doc.applyChange(change->inverted()));
            QCOMPARE(doc.text(), bytes);
            ++edited;
        }
        QVERIFY(edited > 0);
    }

    // Removing any entry or item of any corpus file keeps the document valid and removes only it.
    void everyEntryCanBeRemoved_data() { unchangedDocumentsKeepTheirBytes_data(); }
    void everyEntryCanBeRemoved()
    {
        QFETCH(QString, file);
        const QByteArray bytes = workbench::test::readFile(file);
        const YamlDocument original = YamlDocument::fromText(bytes);
        if (!original.isValid())
            QSKIP("not valid YAML (a template)");
        QList<const YamlNode *> nodes;
        collectNodes(original.root(), nodes);
        for (const YamlNode *n : std::as_const(nodes)) {
            if (!n->parent())
                continue;
            const QString path = n->path();
            const YamlNode *parent = n->parent();
            const int before = parent->size();
            const QString parentPath = parent->path();
            YamlDocument doc = original;
            const auto change = doc.apply(YamlEdit::remove(path));
            if (!n->anchor().isEmpty() && !change) {
                // Removing an anchor that aliases use would break them: refused with a reason.
                QVERIFY(change.error().message.contains(QLatin1String("anchor")));
                continue;
            }
            QVERIFY2(change, qPrintable(path + QStringLiteral(": ") + (change ? QString() : change.error().message)));
            const YamlNode *p = parentPath.isEmpty() ? doc.root() : doc.node(parentPath);
            QVERIFY2(p, qPrintable(parentPath));
            QCOMPARE(p->size(), before - 1);
            // every line that was removed belonged to the entry
            const SourceLocation loc = n->location();
            const YamlNode *first = n->keyOfValue() ? n->keyOfValue() : n;
            const int firstLine = first->location().line;
            // An entry that shares its line with a `- ` (the first key of an item) is removed up to
            // the next key, which then moves up onto that line.
            const int lineStart = original.lineStartOffset(firstLine);
            const bool sharesLine =
                original.text().mid(lineStart, first->propertiesOffset() - lineStart).trimmed().size() > 0;
            const int lastLine = loc.endLine + (sharesLine ? 1 : 0);
            for (int line : diffLines(bytes, doc.text()).removed)
                QVERIFY2(line >= firstLine - 1 && line <= lastLine,
                         qPrintable(QStringLiteral("%1: line %2 removed").arg(path).arg(line)));
            QVERIFY(doc.applyChange(change->inverted()));
            QCOMPARE(doc.text(), bytes);
        }
    }

    void setScalarChangesOneLine()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        const auto c = doc.setScalar(QStringLiteral("build.to"), QStringLiteral("registry.example.com/api:2"));
        QVERIFY(c);
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.removed, QList<int>{68});
        QCOMPARE(d.addedText, QStringList{QStringLiteral("  to: registry.example.com/api:2")});
        QCOMPARE(c->removed, QByteArray("$APP_IMAGE_REPO/secure-doc-management-flask:1"));
        QCOMPARE(c->inserted, QByteArray("registry.example.com/api:2"));
    }

    void quotingFollowsYamlNeeds_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("line");
        QTest::newRow("plain stays plain") << "environment.local[0].value"
                                           << "1G"
                                           << "      value: 1G";
        QTest::newRow("integer stays plain") << "environment.local[0].value"
                                             << "42"
                                             << "      value: 42";
        QTest::newRow("boolean word") << "environment.local[0].value"
                                      << "yes"
                                      << "      value: \"yes\"";
        QTest::newRow("octal") << "environment.local[0].value"
                               << "0o700"
                               << "      value: \"0o700\"";
        QTest::newRow("float") << "environment.local[0].value"
                               << "0.3"
                               << "      value: \"0.3\"";
        QTest::newRow("placeholder") << "environment.local[0].value"
                                     << "$$SCONE::x$$"
                                     << "      value: \"$$SCONE::x$$\"";
        QTest::newRow("alias-like") << "environment.local[0].value"
                                    << "*x"
                                    << "      value: \"*x\"";
        QTest::newRow("colon space") << "environment.local[0].value"
                                     << "a: b"
                                     << "      value: \"a: b\"";
        QTest::newRow("comment-like") << "environment.local[0].value"
                                      << "a #b"
                                      << "      value: \"a #b\"";
        QTest::newRow("mesh variable") << "environment.local[0].value"
                                       << "{{x}}"
                                       << "      value: \"{{x}}\"";
        QTest::newRow("empty") << "environment.local[0].value"
                               << ""
                               << "      value: \"\"";
        QTest::newRow("quotes inside stay plain") << "environment.local[0].value"
                                                  << "say \"hi\"\\"
                                                  << "      value: say \"hi\"\\";
        QTest::newRow("leading quote") << "environment.local[0].value"
                                       << "\"x"
                                       << "      value: \"\\\"x\"";
        QTest::newRow("trailing space") << "environment.local[0].value"
                                        << "x "
                                        << "      value: \"x \"";
        QTest::newRow("double quotes are kept") << "environment.local[3].value"
                                                << "false"
                                                << "      value: \"false\"";
        QTest::newRow("double quoted plain text") << "environment.local[3].value"
                                                  << "on it"
                                                  << "      value: \"on it\"";
        QTest::newRow("shell variable") << "build.to"
                                        << "$REPO/x:1"
                                        << "  to: $REPO/x:1";
        // YAML 1.1 readers (libyaml, PyYAML) take these as line breaks or refuse them raw.
        QTest::newRow("line separator") << "build.to"
                                        << QString(QStringLiteral("a") + QChar(0x2028) + QStringLiteral("b"))
                                        << "  to: \"a\\u2028b\"";
        QTest::newRow("C1 control") << "build.to" << QString(QStringLiteral("a") + QChar(0x85) + QStringLiteral("b"))
                                    << "  to: \"a\\u0085b\"";
        QTest::newRow("in flow list") << "secrets.import[1]"
                                      << "a,b"
                                      << "  import: [redis_client_key, \"a,b\", redis_ca_cert]";
    }
    void quotingFollowsYamlNeeds()
    {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, line);
        YamlDocument doc = YamlDocument::fromText(flaskService());
        const auto c = doc.setScalar(path, value);
        QVERIFY2(c, c ? "" : qPrintable(c.error().message));
        QCOMPARE(doc.node(path)->scalar(), value);
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.addedText, QStringList{line});
        QCOMPARE(d.removed.size(), 1);
    }

    void multiLineValueBecomesALiteralBlock()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.setScalar(QStringLiteral("injection_files[0].content"), QStringLiteral("line one\nline two\n")));
        QCOMPARE(doc.node(QStringLiteral("injection_files[0].content"))->scalar(),
                 QStringLiteral("line one\nline two\n"));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.removed, QList<int>{32});
        QCOMPARE(d.addedText, (QStringList{QStringLiteral("    content: |"), QStringLiteral("      line one"),
                                           QStringLiteral("      line two")}));
        // an existing block keeps its indentation
        QVERIFY(doc.setScalar(QStringLiteral("injection_files[5].content"), QStringLiteral("nameserver 10.0.0.1")));
        QVERIFY(doc.setScalar(QStringLiteral("injection_files[5].content"), QStringLiteral("a\nb")));
        QCOMPARE(doc.node(QStringLiteral("injection_files[5].content"))->scalar(), QStringLiteral("a\nb"));
    }

    void addKeyFollowsIndentation()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.addKey(QStringLiteral("build"), QStringLiteral("from"), QStringLiteral("python:3.11-alpine")));
        QVERIFY(doc.addKey(QStringLiteral("build.signature"), QStringLiteral("key"),
                           QStringLiteral("target/identity.pem")));
        QVERIFY(doc.addKey(QStringLiteral("secrets.global[name=api_ca_key]"), QStringLiteral("migrate"),
                           QStringLiteral("true")));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QVERIFY(d.removed.isEmpty());
        QCOMPARE(d.addedText,
                 (QStringList{QStringLiteral("      migrate: true"), QStringLiteral("    key: target/identity.pem"),
                              QStringLiteral("  from: python:3.11-alpine")}));
        QCOMPARE(d.added, (QList<int>{53, 76, 77}));
        QCOMPARE(doc.node(QStringLiteral("build.from"))->scalar(), QStringLiteral("python:3.11-alpine"));
        QCOMPARE(doc.node(QStringLiteral("build.signature.key"))->scalar(), QStringLiteral("target/identity.pem"));
    }

    void addBlockValues()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.addKey(QStringLiteral("build"), QStringLiteral("run"), QStringLiteral("- echo one\n- echo two")));
        QVERIFY(doc.addKey(QStringLiteral("build"), QStringLiteral("gen_policy"), QStringLiteral("{policy: p.yaml}")));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.addedText, (QStringList{QStringLiteral("  run:"), QStringLiteral("    - echo one"),
                                           QStringLiteral("    - echo two"), QStringLiteral("  gen_policy:"),
                                           QStringLiteral("    policy: p.yaml")}));
        QCOMPARE(doc.node(QStringLiteral("build.run[1]"))->scalar(), QStringLiteral("echo two"));
        QCOMPARE(doc.node(QStringLiteral("build.gen_policy.policy"))->scalar(), QStringLiteral("p.yaml"));
    }

    void appendToBlockSequenceUsesBlockStyle()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        const auto c =
            doc.appendItem(QStringLiteral("environment.local"), QStringLiteral("{name: FEATURE_FLAG, value: \"on\"}"));
        QVERIFY(c);
        const LineDiff d = diffLines(flaskService(), doc.text());
        QVERIFY(d.removed.isEmpty());
        QCOMPARE(d.added, (QList<int>{21, 22}));
        QCOMPARE(d.addedText,
                 (QStringList{QStringLiteral("    - name: FEATURE_FLAG"), QStringLiteral("      value: \"on\"")}));
        QCOMPARE(doc.node(QStringLiteral("environment.local[6].value"))->scalar(), QStringLiteral("on"));
        // a secret, written as block YAML
        QVERIFY(
            doc.appendItem(QStringLiteral("secrets.global"), QStringLiteral("name: extra_key\nkind: private-key\n")));
        QCOMPARE(doc.node(QStringLiteral("secrets.global[4].kind"))->scalar(), QStringLiteral("private-key"));
    }

    void appendToFlowSequenceStaysOnItsLine()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.appendItem(QStringLiteral("secrets.import"), QStringLiteral("other_cert")));
        QVERIFY(doc.appendItem(QStringLiteral("secrets.global[name=flask].dns"), QStringLiteral("\"{{other}}\"")));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.removed, (QList<int>{49, 63}));
        QCOMPARE(
            d.addedText,
            (QStringList{QStringLiteral("  import: [redis_client_key, redis_client_cert, redis_ca_cert, other_cert]"),
                         QStringLiteral("      dns: [api, \"{{api_host}}\", \"{{other}}\"]")}));
    }

    void insertItemBeforeAnIndex()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.insertItem(QStringLiteral("environment.global"), 0, QStringLiteral("{name: FIRST}")));
        QVERIFY(doc.insertItem(QStringLiteral("secrets.import"), 1, QStringLiteral("between")));
        QCOMPARE(doc.node(QStringLiteral("environment.global[0].name"))->scalar(), QStringLiteral("FIRST"));
        QCOMPARE(doc.node(QStringLiteral("environment.global[1].name"))->scalar(), QStringLiteral("REDIS_HOST"));
        QCOMPARE(doc.node(QStringLiteral("secrets.import[1]"))->scalar(), QStringLiteral("between"));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.added.first(), 22);
        QCOMPARE(d.addedText.first(), QStringLiteral("    - name: FIRST"));
    }

    void addAtAnExistingIndexInserts()
    {
        // `edit --add list[N]=...` inserts at N, also when item N exists.
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.apply(YamlEdit::add(QStringLiteral("environment.global[0]"), QStringLiteral("{name: FIRST}"))));
        QCOMPARE(doc.node(QStringLiteral("environment.global[0].name"))->scalar(), QStringLiteral("FIRST"));
        QCOMPARE(doc.node(QStringLiteral("environment.global[1].name"))->scalar(), QStringLiteral("REDIS_HOST"));
        QVERIFY(doc.apply(YamlEdit::add(QStringLiteral("secrets.import[0]"), QStringLiteral("zeroth"))));
        QCOMPARE(doc.node(QStringLiteral("secrets.import[0]"))->scalar(), QStringLiteral("zeroth"));
        QCOMPARE(doc.node(QStringLiteral("secrets.import[1]"))->scalar(), QStringLiteral("redis_client_key"));
    }

    void removingTheLastItemKeepsTheKeysComment()
    {
        YamlDocument doc =
            YamlDocument::fromText("env:\n  local:   # vars used at signing\n    - name: A\n      value: b   "
                                   "# item\nother: 1\n");
        QVERIFY(doc.removeItem(QStringLiteral("env.local[0]")));
        QCOMPARE(doc.text(), QByteArray("env:\n  local: []   # vars used at signing\nother: 1\n"));
    }

    void removingAnAliasedAnchorIsRefused()
    {
        const QByteArray text = "a: &x {k: 1}\nb: *x\nc: &y 2\n";
        YamlDocument doc = YamlDocument::fromText(text);
        const auto refused = doc.apply(YamlEdit::remove(QStringLiteral("a")));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("anchor")), qPrintable(refused.error().message));
        QCOMPARE(doc.text(), text);
        // An anchor nobody aliases goes like any value.
        QVERIFY(doc.apply(YamlEdit::remove(QStringLiteral("c"))));
        QCOMPARE(doc.text(), QByteArray("a: &x {k: 1}\nb: *x\n"));
    }

    void setAnUnquotedPlaceholder()
    {
        // `{{VAR}}` without quotes is a mapping to YAML, a value to the user: it can be replaced.
        YamlDocument doc = YamlDocument::fromText("value: {{REDIS_HOST}}  # mesh time\n");
        QVERIFY(doc.setScalar(QStringLiteral("value"), QStringLiteral("{{OTHER_HOST}}")));
        QCOMPARE(doc.text(), QByteArray("value: \"{{OTHER_HOST}}\"  # mesh time\n"));
    }

    void setAnEmptyTaggedValueKeepsASpace()
    {
        YamlDocument doc = YamlDocument::fromText("a: 1\nc: !!str\n");
        QVERIFY(doc.setScalar(QStringLiteral("c"), QStringLiteral("V")));
        QCOMPARE(doc.text(), QByteArray("a: 1\nc: !!str V\n"));
    }

    void removeItemAndKeyRemoveTheirLines()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.removeItem(QStringLiteral("secrets.global[name=flask_key]")));
        QVERIFY(doc.removeKey(QStringLiteral("build.requirements")));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QVERIFY(d.added.isEmpty());
        QCOMPARE(d.removed, (QList<int>{57, 58, 71}));
    }

    void removeFirstKeyOfAnItem()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.removeKey(QStringLiteral("environment.local[0].name")));
        const LineDiff d = diffLines(flaskService(), doc.text());
        QCOMPARE(d.removed, (QList<int>{9, 10}));
        QCOMPARE(d.addedText, QStringList{QStringLiteral("    - value: 760M")});
    }

    void removingTheLastItemLeavesAnEmptyList()
    {
        YamlDocument doc = YamlDocument::fromText("build:\n  copy:\n    - a.py\n  name: x\n");
        QVERIFY(doc.removeItem(QStringLiteral("build.copy[0]")));
        QCOMPARE(doc.text(), QByteArray("build:\n  copy: []\n  name: x\n"));
        QVERIFY(doc.appendItem(QStringLiteral("build.copy"), QStringLiteral("b.py")));
        QCOMPARE(doc.text(), QByteArray("build:\n  copy: [b.py]\n  name: x\n"));
    }

    void addUnderAnEmptyValue()
    {
        YamlDocument doc = YamlDocument::fromText("environment:\n  global:   # set by the mesh\nbuild: {}\n");
        QVERIFY(doc.appendItem(QStringLiteral("environment.global"), QStringLiteral("{name: API_USER}")));
        QCOMPARE(doc.text(),
                 QByteArray("environment:\n  global:   # set by the mesh\n    - name: API_USER\nbuild: {}\n"));
        QVERIFY(doc.addKey(QStringLiteral("build"), QStringLiteral("name"), QStringLiteral("api")));
        QCOMPARE(doc.text(),
                 QByteArray("environment:\n  global:   # set by the mesh\n    - name: API_USER\nbuild: {name: api}\n"));
        YamlDocument empty = YamlDocument::fromText("# only a comment\n");
        QVERIFY(empty.addKey(QString(), QStringLiteral("apiVersion"), QStringLiteral("scone/5.8")));
        QCOMPARE(empty.text(), QByteArray("# only a comment\napiVersion: scone/5.8\n"));
    }

    void addFillsAnEmptyValue()
    {
        YamlDocument doc = YamlDocument::fromText(
            "build:\n  from:\n  name: x\nenvironment:\n  global:   # from the mesh\n  local: ~\n");
        QVERIFY(doc.apply(YamlEdit::add(QStringLiteral("build.from"), QStringLiteral("python:3.11"))));
        QVERIFY(doc.apply(YamlEdit::add(QStringLiteral("environment.global"), QStringLiteral("- name: A\n- name: B"))));
        QVERIFY(
            doc.apply(YamlEdit::add(QStringLiteral("environment.local"), QStringLiteral("[{name: C, value: \"1\"}]"))));
        QCOMPARE(doc.text(),
                 QByteArray("build:\n  from: python:3.11\n  name: x\nenvironment:\n  global:   # from the mesh\n"
                            "    - name: A\n    - name: B\n  local: [{name: C, value: \"1\"}]\n"));
    }

    void indentlessSequencesStayIndentless()
    {
        YamlDocument doc = YamlDocument::fromText("secrets:\n  global:\n  - name: a\n    kind: ascii\n");
        QVERIFY(doc.appendItem(QStringLiteral("secrets.global"), QStringLiteral("{name: b, kind: ascii}")));
        QCOMPARE(doc.text(),
                 QByteArray("secrets:\n  global:\n  - name: a\n    kind: ascii\n  - name: b\n    kind: ascii\n"));
        YamlDocument doc2 =
            YamlDocument::fromText("env:\n- service: global\n  env:\n  - name: A\n    value: 1\nother:\n");
        QVERIFY(doc2.appendItem(QStringLiteral("other"), QStringLiteral("x")));
        QCOMPARE(doc2.text(), QByteArray("env:\n- service: global\n  env:\n  - name: A\n    value: 1\nother:\n- x\n"));
    }

    void moveItem()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        const auto c = doc.moveItem(QStringLiteral("environment.local"), 0, 2);
        QVERIFY(c);
        QCOMPARE(doc.node(QStringLiteral("environment.local[0].name"))->scalar(), QStringLiteral("SCONE_LOG"));
        QCOMPARE(doc.node(QStringLiteral("environment.local[2].name"))->scalar(), QStringLiteral("SCONE_HEAP"));
        const LineDiff d = diffLines(flaskService(), doc.text());
        for (int line : d.removed)
            QVERIFY(line >= 9 && line <= 14);
        QVERIFY(doc.applyChange(c->inverted()));
        QCOMPARE(doc.text(), flaskService());
        QVERIFY(doc.moveItem(QStringLiteral("secrets.import"), 2, 0));
        QCOMPARE(diffLines(flaskService(), doc.text()).addedText,
                 QStringList{QStringLiteral("  import: [redis_ca_cert, redis_client_key, redis_client_cert]")});
    }

    void commentsAndBlankLinesSurviveEveryEdit()
    {
        YamlDocument doc = YamlDocument::fromText(flaskService());
        QVERIFY(doc.setScalar(QStringLiteral("build.kind"), QStringLiteral("java")));
        QVERIFY(doc.appendItem(QStringLiteral("injection_files"), QStringLiteral("{path: /etc/motd, content: hi}")));
        QVERIFY(doc.removeItem(QStringLiteral("secrets.global[0]")));
        QVERIFY(doc.addKey(QStringLiteral("build"), QStringLiteral("stable"), QStringLiteral("x:1")));
        for (const QString &line : linesOf(flaskService()))
            if (line.trimmed().startsWith(QLatin1Char('#')) || line.contains(QLatin1String("  # ")))
                QVERIFY2(QString::fromUtf8(doc.text()).contains(line), qPrintable(line));
    }

    void crlfDocumentsStayCrlf()
    {
        YamlDocument doc = YamlDocument::fromText("a:\r\n  - x\r\nb: 1\r\n");
        QVERIFY(doc.appendItem(QStringLiteral("a"), QStringLiteral("y")));
        QVERIFY(doc.addKey(QString(), QStringLiteral("c"), QStringLiteral("2")));
        QVERIFY(doc.setScalar(QStringLiteral("b"), QStringLiteral("two")));
        QCOMPARE(doc.text(), QByteArray("a:\r\n  - x\r\n  - y\r\nb: two\r\nc: 2\r\n"));
    }

    void changesAreMinimalAndCarryUtf16Positions()
    {
        YamlDocument doc = YamlDocument::fromText("# Grüße\nname: Jürgen\n");
        const auto c = doc.setScalar(QStringLiteral("name"), QStringLiteral("Jörg"));
        QVERIFY(c);
        const QString before = QStringLiteral("# Grüße\nname: Jürgen\n");
        QString applied = before;
        applied.replace(c->utf16Offset, c->utf16RemovedLength, c->insertedText());
        QCOMPARE(applied, QStringLiteral("# Grüße\nname: Jörg\n"));
        QCOMPARE(QString::fromUtf8(doc.text()), applied);
        QVERIFY(c->removed.size() < 8);
        const TextChange undo = c->inverted();
        applied.replace(undo.utf16Offset, undo.utf16RemovedLength, undo.insertedText());
        QCOMPARE(applied, before);
        QCOMPARE(c->description, QStringLiteral("Set name"));
    }

    void planDoesNotModify()
    {
        const YamlDocument doc = YamlDocument::fromText(flaskService());
        const auto c = doc.plan(YamlEdit::setScalar(QStringLiteral("build.name"), QStringLiteral("api")));
        QVERIFY(c);
        QCOMPARE(doc.text(), flaskService());
        YamlDocument other = doc;
        QVERIFY(other.applyChange(*c));
        QCOMPARE(other.node(QStringLiteral("build.name"))->scalar(), QStringLiteral("api"));
        // a change that does not belong to the text is refused
        QVERIFY(!other.applyChange(*c));
    }

    void errorsAreClear_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing path") << int(YamlEdit::Op::SetScalar) << "build.form"
                                      << "x"
                                      << "build.form: no key \"form\" in build";
        QTest::newRow("not a scalar") << int(YamlEdit::Op::SetScalar) << "build"
                                      << "x"
                                      << "build is a mapping, not a scalar; use add/remove to change its items";
        QTest::newRow("existing key") << int(YamlEdit::Op::Add) << "build.name"
                                      << "x"
                                      << "build.name already exists; use --set to change it";
        QTest::newRow("bad fragment")
            << int(YamlEdit::Op::Add) << "build.run"
            << "[unclosed"
            << "the value is not valid YAML: YAML syntax error: end of sequence flow not found";
        QTest::newRow("missing parent") << int(YamlEdit::Op::Add) << "nothing.here"
                                        << "x"
                                        << "nothing: no key \"nothing\" in the top level";
        QTest::newRow("remove missing") << int(YamlEdit::Op::Remove) << "secrets.global[name=nope]"
                                        << ""
                                        << "secrets.global[name=nope]: no item with name=nope in secrets.global";
    }
    void errorsAreClear()
    {
        QFETCH(int, op);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, message);
        YamlDocument doc = YamlDocument::fromText(flaskService());
        YamlEdit e;
        e.op = YamlEdit::Op(op);
        e.path = path;
        e.value = value;
        const auto c = doc.apply(e);
        QVERIFY(!c);
        QCOMPARE(c.error().message, message);
        QCOMPARE(doc.text(), flaskService());
    }

    void brokenDocumentsAreNotEdited()
    {
        YamlDocument doc = YamlDocument::fromText("a:\n  b: 1\n c: 2\n");
        const auto c = doc.setScalar(QStringLiteral("a.b"), QStringLiteral("3"));
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("syntax error at line 3, column 2")));
    }

    void quoteScalarHelper()
    {
        QCOMPARE(YamlDocument::quoteScalar(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(YamlDocument::quoteScalar(QStringLiteral("no")), QStringLiteral("\"no\""));
        QCOMPARE(YamlDocument::quoteScalar(QStringLiteral("- x")), QStringLiteral("\"- x\""));
        QCOMPARE(YamlDocument::quoteScalar(QStringLiteral("-x")), QStringLiteral("-x"));
        QCOMPARE(YamlDocument::quoteScalar(QStringLiteral("a\nb")), QStringLiteral("\"a\\nb\""));
        QVERIFY(YamlDocument::needsQuoting(QStringLiteral(" lead")));
        QVERIFY(!YamlDocument::needsQuoting(QStringLiteral("6379")));
    }
};

QTEST_GUILESS_MAIN(TestYamlEdit)
#include "tst_yamledit.moc"
