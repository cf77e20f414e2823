// SPDX-License-Identifier: Apache-2.0
#include "validation/diagnosticsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace workbench::models;

namespace {
Diagnostic make(const QString &file, int line, Diagnostic::Severity s, const QString &code)
{
    Diagnostic d;
    d.file = file;
    d.line = line;
    d.column = 4;
    d.severity = s;
    d.code = code;
    d.message = QStringLiteral("message ") + code;
    d.offset = 17;
    d.length = 3;
    return d;
}
}  // namespace

class TestValidationModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester()
    {
        DiagnosticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &DiagnosticsModel::countsChanged);
        model.setDiagnostics(
            {make(QStringLiteral("a.yaml"), 3, Diagnostic::Severity::Error, QStringLiteral("yaml.syntax")),
             make(QStringLiteral("b.yaml"), 1, Diagnostic::Severity::Warning, QStringLiteral("schema.unknown-key"))});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DiagnosticsModel::ColumnCount));
        QCOMPARE(model.errorCount(), 1);
        QCOMPARE(model.warningCount(), 1);
        model.setDiagnosticsForFile(
            QStringLiteral("a.yaml"),
            {make(QString(), 7, Diagnostic::Severity::Info, QStringLiteral("mesh.external-image")),
             make(QString(), 2, Diagnostic::Severity::Error, QStringLiteral("secret.unknown-reference"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.diagnosticAt(0)->line, 2);
        QCOMPARE(model.diagnosticAt(0)->file, QStringLiteral("a.yaml"));
        QCOMPARE(model.diagnosticAt(2)->file, QStringLiteral("b.yaml"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(counts.count(), 3);
    }

    void columnsAndRoles()
    {
        DiagnosticsModel model;
        model.setDiagnostics({make(QStringLiteral("svc/service.yaml"), 12, Diagnostic::Severity::Warning,
                                   QStringLiteral("trap.legacy-chain"))});
        auto cell = [&](int column, int role = Qt::DisplayRole) { return model.data(model.index(0, column), role); };
        QCOMPARE(cell(DiagnosticsModel::SeverityColumn).toString(), QStringLiteral("warning"));
        QCOMPARE(cell(DiagnosticsModel::MessageColumn).toString(), QStringLiteral("message trap.legacy-chain"));
        QCOMPARE(cell(DiagnosticsModel::FileColumn).toString(), QStringLiteral("svc/service.yaml"));
        QCOMPARE(cell(DiagnosticsModel::PositionColumn).toString(), QStringLiteral("12:4"));
        QCOMPARE(cell(DiagnosticsModel::CodeColumn).toString(), QStringLiteral("trap.legacy-chain"));
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, DiagnosticsModel::FileRole).toString(),
                 QStringLiteral("svc/service.yaml"));
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, DiagnosticsModel::LineRole).toInt(), 12);
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, DiagnosticsModel::ColumnRole).toInt(), 4);
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, DiagnosticsModel::SeverityRole).toInt(),
                 int(Diagnostic::Severity::Warning));
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, DiagnosticsModel::OffsetRole).toInt(), 17);
        QCOMPARE(cell(DiagnosticsModel::MessageColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("svc/service.yaml:12:4: warning: message trap.legacy-chain [trap.legacy-chain]"));
        QCOMPARE(model.headerData(DiagnosticsModel::PositionColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Line:Col"));
        QVERIFY(!model.data(model.index(5, 0)).isValid());
        QVERIFY(model.roleNames().contains(DiagnosticsModel::LineRole));
    }
};

QTEST_GUILESS_MAIN(TestValidationModel)
#include "tst_validationmodel.moc"
