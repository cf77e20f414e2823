// SPDX-License-Identifier: Apache-2.0
// Validation over the corpus in tests/data/manifests: every valid file and project validates
// without errors; every broken file or project reports exactly the errors (and at least the
// warnings) named in its expectations, by code, line and column; every code has a broken case.
#include "manifest/manifestproject.h"
#include "projectgenerator.h"
#include "testsupport.h"
#include "validation/diagnosticcodes.h"
#include "validation/projectvalidator.h"

#include <QDir>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench::models;

namespace {

struct Expected {
    QString file;  ///< relative to the project folder, or empty for single files
    QString code;
    int line = 0;
    int column = 0;
};

QString brokenDir()
{
    return workbench::test::dataPath(QStringLiteral("manifests/broken"));
}

QList<Expected> expectationsOfFile(const QString &path)
{
    QList<Expected> out;
    static const QRegularExpression re(QStringLiteral(R"(^# expect: (\S+) (\d+):(\d+)\s*$)"),
                                       QRegularExpression::MultilineOption);
    const QString text = QString::fromLatin1(workbench::test::readFile(path));
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out.append({QString(), m.captured(1), m.captured(2).toInt(), m.captured(3).toInt()});
    }
    return out;
}

QList<Expected> expectationsOfFolder(const QString &dir)
{
    QList<Expected> out;
    const QStringList lines =
        QString::fromUtf8(workbench::test::readFile(dir + QStringLiteral("/expect.txt"))).split(QLatin1Char('\n'));
    for (const QString &l : lines) {
        if (l.startsWith(QLatin1Char('#')) || l.trimmed().isEmpty())
            continue;
        const QStringList parts = l.split(QLatin1Char(' '));
        if (parts.size() != 3)
            continue;
        const QStringList pos = parts[2].split(QLatin1Char(':'));
        out.append({parts[0], parts[1], pos.value(0).toInt(), pos.value(1).toInt()});
    }
    return out;
}

Diagnostics validatePath(const QString &path)
{
    const ProjectValidator validator;
    if (QFileInfo(path).isDir()) {
        auto p = ManifestProject::loadFolder(path);
        if (!p)
            qFatal("cannot load %s", qPrintable(path));
        return validator.validate(p.value());
    }
    auto p = ManifestProject::loadFiles({path});
    if (!p)
        qFatal("cannot load %s", qPrintable(path));
    return validator.validateFile(p->files().first());
}

QString describe(const Diagnostics &d)
{
    QStringList s;
    for (const Diagnostic &x : d)
        s.append(x.toString());
    return s.join(QLatin1Char('\n'));
}

QStringList brokenCases()
{
    QStringList out;
    const QDir dir(brokenDir());
    for (const QFileInfo &fi : dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out.append(fi.fileName());
    return out;
}

}  // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    /// validateFileInProject() (the editor's check of one file after a keystroke) says about a
    /// file exactly what validate() says about it, for every file of every project folder of the
    /// test data (broken ones included), the example and a generated mesh with import chains.
    void focusedValidationEqualsTheWholeFiltered()
    {
        QStringList folders{workbench::test::exampleDir()};
        for (const char *root : {"manifests/broken", "manifests/projects", "meshes", "projects"}) {
            const QDir dir(workbench::test::dataPath(QLatin1String(root)));
            for (const QFileInfo &fi : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
                folders << fi.absoluteFilePath();
        }
        QTemporaryDir generated;
        QVERIFY(workbench::test::writeScaleProject(generated.path(), {40, 3, true}));
        folders << generated.path();
        QVERIFY(folders.size() > 15);
        ValidationOptions options;
        options.shellVariables = QSet<QString>{QStringLiteral("APP_IMAGE_REPO")};
        const ProjectValidator validator(options);
        int files = 0, withFindings = 0;
        for (const QString &folder : std::as_const(folders)) {
            auto project = ManifestProject::loadFolder(folder);
            QVERIFY2(project.ok(), qPrintable(folder));
            const Diagnostics all = validator.validate(project.value());
            for (const ManifestFile &f : project->files()) {
                Diagnostics expected;
                for (const Diagnostic &d : all)
                    if (d.file == f.path)
                        expected.append(d);
                const Diagnostics focused = validator.validateFileInProject(project.value(), f.path);
                QVERIFY2(focused == expected, qPrintable(QStringLiteral("%1\nfocused:\n%2\nwhole:\n%3")
                                                             .arg(f.path, describe(focused), describe(expected))));
                ++files;
                withFindings += expected.isEmpty() ? 0 : 1;
            }
        }
        QVERIFY2(files > 60 && withFindings > 15,
                 qPrintable(QStringLiteral("%1 files, %2 with findings").arg(files).arg(withFindings)));
    }

    void validFilesHaveNoErrors_data()
    {
        QTest::addColumn<QString>("path");
        QDirIterator it(workbench::test::dataPath(QStringLiteral("manifests/valid")), QDir::Files);
        QStringList files;
        while (it.hasNext()) {
            const QString f = it.next();
            if (f.contains(QLatin1String(".y")))
                files.append(f);
        }
        files.sort();
        for (const QString &f : files)
            QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
        QTest::newRow("example project") << workbench::test::exampleDir();
        QTest::newRow("curated redis project")
            << workbench::test::dataPath(QStringLiteral("manifests/projects/CuratedRedis"));
    }
    void validFilesHaveNoErrors()
    {
        QFETCH(QString, path);
        const Diagnostics d = validatePath(path);
        QVERIFY2(!hasErrors(d), qPrintable(describe(d)));
    }

    void exampleProjectFindings()
    {
        const Diagnostics d = validatePath(workbench::test::exampleDir());
        QStringList codes;
        for (const Diagnostic &x : d)
            if (x.severity != Diagnostic::Severity::Info)
                codes.append(x.code);
        // the known traps of the example, nothing else
        QCOMPARE(codes, (QStringList{QStringLiteral("trap.legacy-chain"),
                                     QStringLiteral("trap.ignore-advisories-without-debug"),
                                     QStringLiteral("trap.legacy-chain")}));
    }

    void brokenCasesReportWhatTheyBreak_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &n : brokenCases())
            QTest::newRow(qPrintable(n)) << n;
    }
    void brokenCasesReportWhatTheyBreak()
    {
        QFETCH(QString, name);
        const QString path = brokenDir() + QLatin1Char('/') + name;
        const bool folder = QFileInfo(path).isDir();
        const QList<Expected> expected = folder ? expectationsOfFolder(path) : expectationsOfFile(path);
        QVERIFY2(!expected.isEmpty(), "no expectations");
        const Diagnostics d = validatePath(path);
        auto fileMatches = [&](const Diagnostic &x, const Expected &e) {
            if (!folder)
                return true;
            if (e.file == QLatin1String("."))
                return QFileInfo(x.file) == QFileInfo(path);
            return QFileInfo(x.file) == QFileInfo(path + QLatin1Char('/') + e.file);
        };
        for (const Expected &e : expected) {
            const bool found = std::any_of(d.begin(), d.end(), [&](const Diagnostic &x) {
                return x.code == e.code && x.line == e.line && x.column == e.column && fileMatches(x, e);
            });
            QVERIFY2(found, qPrintable(QStringLiteral("expected %1 %2 %3:%4, got:\n%5")
                                           .arg(e.file, e.code)
                                           .arg(e.line)
                                           .arg(e.column)
                                           .arg(describe(d))));
        }
        // no error that the case does not announce: each file breaks one thing
        for (const Diagnostic &x : d) {
            if (x.severity != Diagnostic::Severity::Error)
                continue;
            const bool announced = std::any_of(expected.begin(), expected.end(), [&](const Expected &e) {
                return x.code == e.code && x.line == e.line && x.column == e.column && fileMatches(x, e);
            });
            QVERIFY2(announced, qPrintable(QStringLiteral("unexpected error: ") + x.toString()));
        }
        // messages are sentences, positions are 1-based
        for (const Diagnostic &x : d) {
            QVERIFY(x.line >= 1);
            QVERIFY(x.column >= 1);
            QVERIFY(!x.message.isEmpty());
            QCOMPARE(x.severity, severityOf(x.code));
        }
    }

    void everyCodeHasABrokenCase()
    {
        QSet<QString> covered;
        for (const QString &n : brokenCases()) {
            const QString path = brokenDir() + QLatin1Char('/') + n;
            const QList<Expected> e = QFileInfo(path).isDir() ? expectationsOfFolder(path) : expectationsOfFile(path);
            for (const Expected &x : e)
                covered.insert(x.code);
        }
        QStringList missing;
        for (const DiagnosticCodeInfo &info : diagnosticCodes())
            if (!covered.contains(QLatin1String(info.code)))
                missing.append(QLatin1String(info.code));
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("codes without a broken case: ") + missing.join(QStringLiteral(", "))));
        // and every expectation names a real code
        for (const QString &c : std::as_const(covered))
            QVERIFY2(std::any_of(diagnosticCodes().begin(), diagnosticCodes().end(),
                                 [&](const DiagnosticCodeInfo &i) { return c == QLatin1String(i.code); }),
                     qPrintable(c));
    }

    void didYouMeanSuggestions()
    {
        const Diagnostics d = validatePath(brokenDir() + QStringLiteral("/UnknownKeyTypo.yaml"));
        QVERIFY(std::any_of(d.begin(), d.end(), [](const Diagnostic &x) {
            return x.code == QLatin1String("schema.unknown-key") &&
                   x.message.contains(QStringLiteral("did you mean `injection_files`?"));
        }));
        const Diagnostics e = validatePath(brokenDir() + QStringLiteral("/UnknownSecretReference.yaml"));
        QVERIFY(std::any_of(e.begin(), e.end(), [](const Diagnostic &x) {
            return x.message.contains(QStringLiteral("did you mean `api_ca_cert`?"));
        }));
    }

    // The editor validates unsaved buffers: a project built from texts in memory.
    void inMemoryProjectFollowsEdits()
    {
        auto loaded = ManifestProject::loadFolder(workbench::test::exampleDir());
        QVERIFY(loaded);
        ManifestProject project = loaded.value();
        const ProjectValidator validator;
        QVERIFY(!hasErrors(validator.validate(project)));
        const QString flask =
            QDir::cleanPath(workbench::test::exampleDir() + QStringLiteral("/flask-api/service.yaml"));
        QByteArray text = project.file(flask)->document.text();
        text.replace("issuer: api_ca_cert", "issuer: api_ca_crt");
        project.setText(flask, text);
        Diagnostics d = validator.validate(project);
        QVERIFY(hasErrors(d));
        const auto it = std::find_if(d.begin(), d.end(),
                                     [](const Diagnostic &x) { return x.severity == Diagnostic::Severity::Error; });
        QCOMPARE(it->code, QStringLiteral("secret.unknown-reference"));
        QCOMPARE(it->file, flask);
        QCOMPARE(it->line, 62);
        QCOMPARE(it->column, 15);
        // a syntax error while typing does not hide the other files' findings, nor crash
        text.replace("build:", "build: [");
        project.setText(flask, text);
        d = validator.validate(project);
        QVERIFY(std::any_of(d.begin(), d.end(), [&](const Diagnostic &x) {
            return x.code == QLatin1String("yaml.syntax") && x.file == flask;
        }));
        // redis now imports nothing from flask; its own findings are still there
        QVERIFY(std::any_of(d.begin(), d.end(),
                            [](const Diagnostic &x) { return x.file.endsWith(QLatin1String("redis/service.yaml")); }));
    }

    void removingTheMeshGlobalBreaksTheService()
    {
        auto loaded = ManifestProject::loadFolder(workbench::test::exampleDir());
        QVERIFY(loaded);
        ManifestProject project = loaded.value();
        const QString mesh = QDir::cleanPath(workbench::test::exampleDir() + QStringLiteral("/mesh.yaml"));
        YamlDocument doc = project.file(mesh)->document;
        QVERIFY(doc.removeItem(QStringLiteral("env[service=global].env[name=api_host]")));
        project.setText(mesh, doc.text());
        const Diagnostics d = ProjectValidator().validate(project);
        const auto it = std::find_if(d.begin(), d.end(),
                                     [](const Diagnostic &x) { return x.code == QLatin1String("var.global-unset"); });
        QVERIFY2(it != d.end(), qPrintable(describe(d)));
        QVERIFY(it->file.endsWith(QLatin1String("flask-api/service.yaml")));
        QCOMPARE(it->line, 25);
        QVERIFY(it->message.contains(QStringLiteral("api_host")));
    }

    void singleDocumentValidation()
    {
        const YamlDocument doc =
            YamlDocument::fromText("apiVersion: scone/5.8\nkind: genservice\nbuild: {}\n", QStringLiteral("mem.yaml"));
        const Diagnostics d = ProjectValidator().validateDocument(doc);
        QStringList fields;
        for (const Diagnostic &x : d)
            if (x.code == QLatin1String("schema.missing-field"))
                fields.append(x.message);
        QCOMPARE(fields.size(), 5);  // environment, build.name/kind/to/command
        QCOMPARE(d.first().file, QStringLiteral("mem.yaml"));
    }

    void shellVariablesAreCheckedWhenKnown()
    {
        ValidationOptions o;
        o.shellVariables = QSet<QString>{QStringLiteral("APP_IMAGE_REPO")};
        const YamlDocument doc = YamlDocument::fromText(
            "apiVersion: scone/5.8\nkind: genservice\nenvironment:\n  local:\n    - name: R\n      value: $RELEASE-x\n"
            "build:\n  name: a\n  kind: python\n  to: $APP_IMAGE_REPO/a:1\n  command: a\n",
            QStringLiteral("mem.yaml"));
        const Diagnostics d = ProjectValidator(o).validateDocument(doc);
        QCOMPARE(d.size(), 1);
        QCOMPARE(d[0].code, QStringLiteral("var.undefined"));
        QCOMPARE(d[0].line, 6);
        QCOMPARE(d[0].column, 14);
        QVERIFY(ProjectValidator().validateDocument(doc).isEmpty());
    }

    void sortingAndFormatting()
    {
        Diagnostics d;
        Diagnostic a;
        a.file = QStringLiteral("b.yaml");
        a.line = 2;
        a.column = 3;
        a.code = QStringLiteral("x.y");
        a.message = QStringLiteral("msg");
        Diagnostic b = a;
        b.file = QStringLiteral("a.yaml");
        b.line = 10;
        b.severity = Diagnostic::Severity::Warning;
        Diagnostic c = a;
        c.line = 1;
        d << a << b << c;
        sortDiagnostics(d);
        QCOMPARE(d[0].file, QStringLiteral("a.yaml"));
        QCOMPARE(d[1].line, 1);
        QCOMPARE(d[2].line, 2);
        QCOMPARE(d[0].toString(), QStringLiteral("a.yaml:10:3: warning: msg [x.y]"));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
