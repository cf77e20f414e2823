// SPDX-License-Identifier: Apache-2.0
// One project, one answer: the window's Problems pane, status bar, Policies header and
// Certificates header and `validate --json` show the same diagnostics and the same counts,
// for the bundled example, a ledger-like project with settings, that project with unsaved
// buffers, and that project with an error in its settings.
#include "analysis/projectanalysis.h"
#include "certs/certificatesarea.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "policies/policypreviewarea.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "sessionsupport.h"
#include "shell/mainwindow.h"
#include "shell/outputpane.h"
#include "testsupport.h"
#include "validation/diagnosticsmodel.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace workbench;
using models::Diagnostic;
using models::DiagnosticsModel;

namespace {

/// One diagnostic as every consumer can show it; paths relative to the project.
struct Row {
    QString file;
    int line = 0;
    int column = 0;
    QString severity;
    QString code;
    QString message;
    friend bool operator==(const Row &, const Row &) = default;
    friend bool operator<(const Row &a, const Row &b)
    {
        return std::tie(a.file, a.line, a.column, a.severity, a.code, a.message) <
               std::tie(b.file, b.line, b.column, b.severity, b.code, b.message);
    }
    QString toString() const
    {
        return QStringLiteral("%1:%2:%3: %4: %5 [%6]").arg(file).arg(line).arg(column).arg(severity, message, code);
    }
};

QString relative(const QString &projectDir, const QString &text)
{
    QString out = text;
    return out.replace(projectDir + QLatin1Char('/'), QString());
}

/// The fix of an unset $VAR is worded for where the user reads it (`--set NAME=VALUE` on the
/// command line, the Deployment settings in the window); everything else is the same text.
QString neutral(const QString &code, const QString &message)
{
    if (code == QLatin1String("policy.variable.unresolved") && message.contains(QLatin1String(" is not set: ")))
        return message.section(QStringLiteral(" is not set: "), 0, 0) + QStringLiteral(" is not set");
    return message;
}

QList<Row> paneRows(QAbstractItemModel *m, const QString &projectDir)
{
    QList<Row> rows;
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, DiagnosticsModel::MessageColumn);
        Row row;
        row.file = relative(projectDir, i.data(DiagnosticsModel::FileRole).toString());
        row.line = i.data(DiagnosticsModel::LineRole).toInt();
        row.column = i.data(DiagnosticsModel::ColumnRole).toInt();
        row.severity = Diagnostic::severityName(Diagnostic::Severity(i.data(DiagnosticsModel::SeverityRole).toInt()));
        row.code = i.data(DiagnosticsModel::CodeRole).toString();
        row.message = neutral(row.code, relative(projectDir, i.data(Qt::DisplayRole).toString()));
        rows << row;
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<Row> cliRows(const QString &projectDir, int *exitCode)
{
    const test::CliResult r = test::runCli({QStringLiteral("validate"), QStringLiteral("--json"), projectDir});
    *exitCode = r.exitCode;
    QList<Row> rows;
    const QJsonArray list = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("diagnostics")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        rows << Row{relative(projectDir, o.value(QStringLiteral("file")).toString()),
                    o.value(QStringLiteral("line")).toInt(),
                    o.value(QStringLiteral("column")).toInt(),
                    o.value(QStringLiteral("severity")).toString(),
                    o.value(QStringLiteral("code")).toString(),
                    neutral(o.value(QStringLiteral("code")).toString(),
                            relative(projectDir, o.value(QStringLiteral("message")).toString()))};
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

/// "No problems", "1 error, 3 warnings": the words every counter uses.
QString summaryOf(const QList<Row> &rows)
{
    int e = 0, w = 0;
    for (const Row &r : rows) {
        e += r.severity == QLatin1String("error");
        w += r.severity == QLatin1String("warning");
    }
    if (e == 0 && w == 0)
        return QStringLiteral("No problems");
    return QStringLiteral("%1 error%2, %3 warning%4")
        .arg(e)
        .arg(e == 1 ? QString() : QStringLiteral("s"))
        .arg(w)
        .arg(w == 1 ? QString() : QStringLiteral("s"));
}

QString describe(const QList<Row> &rows)
{
    QStringList lines;
    for (const Row &r : rows)
        lines << r.toString();
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

class TestSessionConsistency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theExample();
    void ledgerWithSettings();
    void ledgerWithUnsavedBuffers();
    void ledgerWithASettingsError();

private:
    /// Opens @p dir in the window and waits for its analysis.
    bool open(const QString &dir);
    bool waitIdle() { return test::waitUntilAnalysed(*m_session); }
    /// Asserts that every consumer in the window shows @p expected, and returns it.
    void compareWindowWith(const QList<Row> &expected, const QString &projectDir);
    QString copy(const QString &from, const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestSessionConsistency::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_session_consistency"));
    QSettings().clear();
}

void TestSessionConsistency::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir->filePath(QStringLiteral("recovery")));
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    m_window->manifestsArea()->setUnsavedPrompt(
        [](const QStringList &) { return ui::ManifestsArea::UnsavedChoice::Discard; });
    m_window->resize(1360, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSessionConsistency::cleanup()
{
    m_window->close();
    m_window.reset();
    m_session.reset();
    m_dir.reset();
}

QString TestSessionConsistency::copy(const QString &from, const QString &name)
{
    return test::copyProject(from, m_dir->filePath(name));
}

bool TestSessionConsistency::open(const QString &dir)
{
    return m_window->openProject(dir) && waitIdle();
}

void TestSessionConsistency::compareWindowWith(const QList<Row> &expected, const QString &projectDir)
{
    QVERIFY(waitIdle());
    const QString summary = summaryOf(expected);
    // Problems pane.
    const QList<Row> pane = paneRows(m_window->outputPane()->problemsView()->model(), projectDir);
    QVERIFY2(pane == expected,
             qPrintable(QStringLiteral("pane:\n%1\nexpected:\n%2").arg(describe(pane), describe(expected))));
    // Status bar.
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("problemCount"));
    QVERIFY(label);
    QCOMPARE(label->text(), summary);
    // Policies header.
    auto *policies = qobject_cast<ui::PolicyPreviewArea *>(m_window->area(ui::AreaId::Policies));
    QVERIFY(policies);
    QString header = policies->headerText();
    header.remove(QRegularExpression(QStringLiteral("<[^>]*>")));  // the text the user reads
    QVERIFY2(header.contains(QStringLiteral("Project: ") + summary + QLatin1Char('.')), qPrintable(header));
    QCOMPARE(policies->preview().diagnostics.size(), expected.size());
    // Certificates header.
    auto *certificates = qobject_cast<ui::CertificatesArea *>(m_window->area(ui::AreaId::Certificates));
    QVERIFY(certificates);
    QVERIFY2(certificates->bannerText().startsWith(QStringLiteral("Project: %1").arg(summary)),
             qPrintable(certificates->bannerText()));
}

void TestSessionConsistency::theExample()
{
    const QString project = copy(test::exampleDir(), QStringLiteral("secure-doc-management"));
    QVERIFY(open(project));
    int exitCode = -1;
    const QList<Row> cli = cliRows(project, &exitCode);
    QCOMPARE(exitCode, 0);
    QVERIFY(!cli.isEmpty());
    compareWindowWith(cli, project);
    // As shipped: warnings (a placeholder among them), no error.
    QVERIFY(summaryOf(cli).startsWith(QStringLiteral("0 errors")));

    // `render` and `certs` read the same analysis: they print exactly these errors and warnings,
    // render counts the same warnings, and both succeed (nothing stops them that validate
    // does not show).
    QStringList expected;
    int warnings = 0;
    for (const Row &r : cli) {
        if (r.severity == QLatin1String("info"))
            continue;
        warnings += r.severity == QLatin1String("warning");
        expected << QStringLiteral("%1:%2:%3: %4: %5 [%6]")
                        .arg(r.file)
                        .arg(qMax(1, r.line))  // the text form is 1-based (1:1 for a whole file)
                        .arg(qMax(1, r.column))
                        .arg(r.severity, r.message, r.code);
    }
    std::sort(expected.begin(), expected.end());
    QVERIFY(warnings > 0);
    QTemporaryDir out;
    for (const QString &command : {QStringLiteral("render"), QStringLiteral("certs")}) {
        const test::CliResult r =
            test::runCli({command, project, QStringLiteral("--out"), out.filePath(command)}, 120000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList printed;
        for (const QString &line : relative(project, QString::fromUtf8(r.err)).split(QLatin1Char('\n')))
            if (!line.isEmpty() && !line.startsWith(QLatin1String("scone-workbench: ")))
                printed << (line.endsWith(QLatin1String("[policy.variable.unresolved]"))
                                ? line.section(QStringLiteral(" is not set: "), 0, 0) +
                                      QStringLiteral(" is not set [policy.variable.unresolved]")
                                : line);
        std::sort(printed.begin(), printed.end());
        QVERIFY2(printed == expected,
                 qPrintable(QStringLiteral("%1 printed:\n%2\nvalidate:\n%3")
                                .arg(command, printed.join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')))));
        if (command == QLatin1String("render"))
            QVERIFY2(r.out.contains(QStringLiteral("(%1 warning").arg(warnings).toUtf8()), r.out.constData());
    }
}

void TestSessionConsistency::ledgerWithSettings()
{
    const QString project = copy(test::dataPath(QStringLiteral("projects/Ledger")), QStringLiteral("ledger"));
    QVERIFY(open(project));
    int exitCode = -1;
    const QList<Row> cli = cliRows(project, &exitCode);
    QCOMPARE(exitCode, 0);
    compareWindowWith(cli, project);
    QCOMPARE(summaryOf(cli), QStringLiteral("No problems"));
}

void TestSessionConsistency::ledgerWithUnsavedBuffers()
{
    const QString project = copy(test::dataPath(QStringLiteral("projects/Ledger")), QStringLiteral("ledger"));
    QVERIFY(open(project));
    // Type into two manifests without saving: an import nobody exports and an unset {{var}}.
    const QString api = QDir(project).filePath(QStringLiteral("ledger-api/service.yaml"));
    const QString mesh = QDir(project).filePath(QStringLiteral("mesh.yaml"));
    QVERIFY(m_window->manifestsArea()->openFile(api));
    ui::ManifestEditor *editor = m_window->manifestsArea()->editor(api);
    QVERIFY(editor);
    QByteArray apiText = editor->editorDocument()->currentBytes();
    QVERIFY(apiText.contains("import: [db_client_key, db_client_cert, db_ca_cert]"));
    apiText.replace("import: [db_client_key, db_client_cert, db_ca_cert]",
                    "import: [db_client_key, db_client_cert, db_ca_cert, audit_key]");
    editor->editorDocument()->replaceAllText(apiText, QStringLiteral("test edit"));
    QVERIFY(m_window->manifestsArea()->openFile(mesh));
    ui::ManifestEditor *meshEditor = m_window->manifestsArea()->editor(mesh);
    QByteArray meshText = meshEditor->editorDocument()->currentBytes();
    QVERIFY(meshText.contains("      - name: DB_HOST\n        value: $RELEASE-ledger-db\n"));
    meshText.replace("      - name: DB_HOST\n        value: $RELEASE-ledger-db\n", "");
    meshEditor->editorDocument()->replaceAllText(meshText, QStringLiteral("test edit"));
    editor->editorDocument()->flush();
    meshEditor->editorDocument()->flush();
    QVERIFY(editor->editorDocument()->isModified() && meshEditor->editorDocument()->isModified());
    QVERIFY(waitIdle());

    // The command line sees the same texts in a folder where they are saved.
    const QString mirror = copy(test::dataPath(QStringLiteral("projects/Ledger")), QStringLiteral("mirror"));
    QVERIFY(test::writeFile(QDir(mirror).filePath(QStringLiteral("ledger-api/service.yaml")), apiText));
    QVERIFY(test::writeFile(QDir(mirror).filePath(QStringLiteral("mesh.yaml")), meshText));
    int exitCode = -1;
    const QList<Row> cli = cliRows(mirror, &exitCode);
    QCOMPARE(exitCode, 1);
    compareWindowWith(cli, project);
    // Both buffers count: the import in the API's, the variable the mesh no longer sets.
    QStringList codes;
    for (const Row &r : cli)
        if (r.severity == QLatin1String("error"))
            codes << r.code;
    QVERIFY2(codes.contains(QStringLiteral("secret.import-unresolved")), qPrintable(describe(cli)));
    QVERIFY2(codes.contains(QStringLiteral("var.global-unset")), qPrintable(describe(cli)));
    // And the files on disk still say what they said: the window shows the buffers.
    QVERIFY(!test::readFile(api).contains("audit_key"));
}

void TestSessionConsistency::ledgerWithASettingsError()
{
    const QString project = copy(test::dataPath(QStringLiteral("projects/Ledger")), QStringLiteral("ledger"));
    const QString settings = models::policy::settingsFilePath(project);
    QByteArray text = test::readFile(settings);
    text.replace("app_namespace: ledger-4242-17", "app_namespace: Ledger Prod!");
    QVERIFY(test::writeFile(settings, text));
    QVERIFY(open(project));
    int exitCode = -1;
    const QList<Row> cli = cliRows(project, &exitCode);
    QCOMPARE(exitCode, 1);
    compareWindowWith(cli, project);
    bool invalid = false;
    for (const Row &r : cli)
        invalid = invalid || (r.code == QLatin1String("policy.name.invalid") && r.severity == QLatin1String("error"));
    QVERIFY2(invalid, qPrintable(describe(cli)));
    // `render` stops on exactly these errors.
    QTemporaryDir out;
    const test::CliResult render =
        test::runCli({QStringLiteral("render"), project, QStringLiteral("--out"), out.filePath(QStringLiteral("o"))});
    QCOMPARE(render.exitCode, 1);
    int errors = 0;
    for (const Row &r : cli)
        errors += r.severity == QLatin1String("error");
    QVERIFY2(render.err.contains(QStringLiteral("%1 error").arg(errors).toUtf8()), render.err.constData());
}

QTEST_MAIN(TestSessionConsistency)
#include "tst_session_consistency.moc"
