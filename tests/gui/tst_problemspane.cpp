// SPDX-License-Identifier: Apache-2.0
// The Problems pane (offscreen): errors first and every column sortable, `file:line:column`
// locations (1-based, relative file), the whole finding as tooltip, a filter box, the counts
// per severity as toggles, wrapping on demand, and the selection and scroll position kept when
// a re-check replaces every row.
#include "shell/outputpane.h"
#include "testsupport.h"
#include "validation/diagnosticsmodel.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace workbench;
using models::Diagnostic;
using models::DiagnosticsModel;

namespace {
const QString kDir = QStringLiteral("/work/proj");

Diagnostic diag(const QString &file, int line, int column, Diagnostic::Severity s, const QString &code,
                const QString &message)
{
    Diagnostic d;
    d.file = kDir + QLatin1Char('/') + file;
    d.line = line;
    d.column = column;
    d.severity = s;
    d.code = code;
    d.message = message;
    return d;
}

models::Diagnostics sample()
{
    using S = Diagnostic::Severity;
    models::Diagnostics list{
        diag(QStringLiteral("b/service.yaml"), 9, 3, S::Info, QStringLiteral("secret.legacy-format"),
             QStringLiteral("uses the deprecated suffix")),
        diag(QStringLiteral("a/service.yaml"), 10, 5, S::Warning, QStringLiteral("trap.legacy-chain"),
             QStringLiteral("uses the legacy .chain")),
        diag(QStringLiteral("mesh.yaml"), 0, 0, S::Error, QStringLiteral("project.no-mesh"),
             QStringLiteral("a finding about the whole file")),
        diag(QStringLiteral("a/service.yaml"), 2, 1, S::Info, QStringLiteral("secret.legacy-format"),
             QStringLiteral("another deprecated suffix")),
        diag(QStringLiteral("b/service.yaml"), 30, 7, S::Error, QStringLiteral("schema.invalid-enum"),
             QStringLiteral("`private-kez` is not a valid kind")),
        diag(QStringLiteral("a/service.yaml"), 9, 2, S::Info, QStringLiteral("secret.legacy-format"),
             QStringLiteral("a third deprecated suffix")),
    };
    models::sortDiagnostics(list);  // as the validator hands them over: by file and place
    return list;
}

QStringList column(QTreeView *view, int c)
{
    QStringList out;
    for (int r = 0; r < view->model()->rowCount(); ++r)
        out << view->model()->index(r, c).data().toString();
    return out;
}
}  // namespace

class TestProblemsPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_model = new DiagnosticsModel;
        m_pane = new ui::OutputPane;
        m_pane->setProblemsModel(m_model);
        m_pane->setProjectDir(kDir);
        new QAbstractItemModelTester(m_pane->problemsView()->model(),
                                     QAbstractItemModelTester::FailureReportingMode::Fatal, m_pane);
        m_pane->resize(900, 300);
        m_pane->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_pane));
    }
    void cleanup()
    {
        delete m_pane;
        delete m_model;
    }

    void errorsFirstAndEveryColumnSorts()
    {
        m_model->setDiagnostics(sample());
        QTreeView *view = m_pane->problemsView();
        QCOMPARE(column(view, DiagnosticsModel::SeverityColumn),
                 (QStringList{QStringLiteral("error"), QStringLiteral("error"), QStringLiteral("warning"),
                              QStringLiteral("info"), QStringLiteral("info"), QStringLiteral("info")}));
        // Ties by place: file, then line.
        QCOMPARE(column(view, DiagnosticsModel::FileColumn).mid(0, 2),
                 (QStringList{QStringLiteral("b/service.yaml"), QStringLiteral("mesh.yaml")}));
        // A click on a header sorts by it; lines compare as numbers (9 before 10).
        view->header()->setSortIndicator(DiagnosticsModel::FileColumn, Qt::AscendingOrder);
        QCOMPARE(column(view, DiagnosticsModel::FileColumn),
                 (QStringList{QStringLiteral("a/service.yaml"), QStringLiteral("a/service.yaml"),
                              QStringLiteral("a/service.yaml"), QStringLiteral("b/service.yaml"),
                              QStringLiteral("b/service.yaml"), QStringLiteral("mesh.yaml")}));
        QCOMPARE(column(view, DiagnosticsModel::PositionColumn).mid(0, 3),
                 (QStringList{QStringLiteral("2:1"), QStringLiteral("9:2"), QStringLiteral("10:5")}));
        view->header()->setSortIndicator(DiagnosticsModel::CodeColumn, Qt::DescendingOrder);
        QCOMPARE(column(view, DiagnosticsModel::CodeColumn).first(), QStringLiteral("trap.legacy-chain"));
        QVERIFY(view->header()->isSortIndicatorShown());
        QVERIFY(view->isSortingEnabled());
    }

    void locationsAreFileLineColumnOneBased()
    {
        m_model->setDiagnostics(sample());
        QTreeView *view = m_pane->problemsView();
        int wholeFile = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->index(r, DiagnosticsModel::CodeColumn).data().toString() ==
                QLatin1String("project.no-mesh"))
                wholeFile = r;
        QVERIFY(wholeFile >= 0);
        // Never 0:0: a finding about a whole file points at its start.
        QCOMPARE(view->model()->index(wholeFile, DiagnosticsModel::PositionColumn).data().toString(),
                 QStringLiteral("1:1"));
        // The whole finding as the tooltip of every cell, however narrow the columns.
        for (int c = 0; c < DiagnosticsModel::ColumnCount; ++c)
            QCOMPARE(view->model()->index(wholeFile, c).data(Qt::ToolTipRole).toString(),
                     QStringLiteral("mesh.yaml:1:1: error: a finding about the whole file [project.no-mesh]"));
        // The model behind still has the raw data (jumps use it).
        QCOMPARE(m_pane->sourceIndex(view->model()->index(wholeFile, 0)).data(DiagnosticsModel::FileRole).toString(),
                 kDir + QStringLiteral("/mesh.yaml"));
    }

    void filterAndSeverityToggles()
    {
        m_model->setDiagnostics(sample());
        QTreeView *view = m_pane->problemsView();
        QToolButton *errors = m_pane->severityButton(int(Diagnostic::Severity::Error));
        QToolButton *warnings = m_pane->severityButton(int(Diagnostic::Severity::Warning));
        QToolButton *infos = m_pane->severityButton(int(Diagnostic::Severity::Info));
        QCOMPARE(errors->text(), QStringLiteral("2 errors"));
        QCOMPARE(warnings->text(), QStringLiteral("1 warning"));
        QCOMPARE(infos->text(), QStringLiteral("3 info"));
        QVERIFY(errors->isCheckable() && errors->isChecked());
        infos->click();
        QCOMPARE(view->model()->rowCount(), 3);
        warnings->click();
        QCOMPARE(column(view, DiagnosticsModel::SeverityColumn),
                 (QStringList{QStringLiteral("error"), QStringLiteral("error")}));
        // The counts are of the project, not of what is shown.
        QCOMPARE(infos->text(), QStringLiteral("3 info"));
        infos->click();
        warnings->click();
        QCOMPARE(view->model()->rowCount(), 6);
        // The filter box matches message, file and code, in any case.
        QTest::keyClicks(m_pane->problemsFilter(), QStringLiteral("DEPRECATED"));
        QCOMPARE(view->model()->rowCount(), 3);
        m_pane->problemsFilter()->setText(QStringLiteral("b/service"));
        QCOMPARE(view->model()->rowCount(), 2);
        m_pane->problemsFilter()->setText(QStringLiteral("trap."));
        QCOMPARE(column(view, DiagnosticsModel::CodeColumn), QStringList{QStringLiteral("trap.legacy-chain")});
        m_pane->problemsFilter()->clear();
        QCOMPARE(view->model()->rowCount(), 6);
        // Counts follow a re-check.
        m_model->setDiagnostics(sample().mid(0, 1));
        QCOMPARE(errors->text(), QStringLiteral("0 errors"));
        QCOMPARE(infos->text(), QStringLiteral("1 info"));
    }

    void wrapsOnDemand()
    {
        models::Diagnostics list = sample();
        list[0].message = QStringLiteral("a long message ").repeated(30).trimmed();
        m_model->setDiagnostics(list);
        QTreeView *view = m_pane->problemsView();
        int row = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()
                    ->index(r, DiagnosticsModel::MessageColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1String("a long message")))
                row = r;
        QVERIFY(row >= 0);
        const QModelIndex index = view->model()->index(row, DiagnosticsModel::MessageColumn);
        const int line = view->fontMetrics().height();
        QVERIFY(view->visualRect(index).height() < 2 * line);  // cut off (elided) by default
        m_pane->wrapButton()->click();
        QVERIFY(view->wordWrap());
        QTRY_VERIFY(view->visualRect(index).height() >= 3 * line);  // 450 characters in a narrow column
        QCOMPARE(view->textElideMode(), Qt::ElideNone);
        m_pane->wrapButton()->click();
        QTRY_VERIFY(view->visualRect(index).height() < 2 * line);
    }

    void selectionAndScrollSurviveARecheck()
    {
        using S = Diagnostic::Severity;
        models::Diagnostics list;
        for (int i = 0; i < 200; ++i)
            list << diag(QStringLiteral("big.yaml"), i + 1, 1, S::Warning,
                         QStringLiteral("code.%1").arg(i, 3, 10, QLatin1Char('0')),
                         QStringLiteral("finding %1").arg(i));
        m_model->setDiagnostics(list);
        QTreeView *view = m_pane->problemsView();
        QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum() / 2);
        const int scroll = view->verticalScrollBar()->value();
        QVERIFY(scroll > 0);
        const QModelIndex picked = view->indexAt(view->viewport()->rect().center());
        QVERIFY(picked.isValid());
        view->setCurrentIndex(picked);
        const QString message = picked.siblingAtColumn(DiagnosticsModel::MessageColumn).data().toString();
        // The user typed a line at the top: every finding moves down one line, one is new, one
        // went away. The model is reset and refilled.
        models::Diagnostics after;
        after << diag(QStringLiteral("big.yaml"), 1, 1, S::Warning, QStringLiteral("code.new"), QStringLiteral("new"));
        for (int i = 1; i < 200; ++i) {
            Diagnostic d = list.at(i);
            d.line += 1;
            after << d;
        }
        m_model->setDiagnostics(after);
        QVERIFY(view->currentIndex().isValid());
        QCOMPARE(view->currentIndex().siblingAtColumn(DiagnosticsModel::MessageColumn).data().toString(), message);
        QVERIFY(view->selectionModel()->isRowSelected(view->currentIndex().row(), {}));
        QCOMPARE(view->verticalScrollBar()->value(), scroll);
        // The finding gone: the nearest one of the same file is selected instead.
        const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
        view->setCurrentIndex(last);
        const int line = m_pane->sourceIndex(last).data(DiagnosticsModel::LineRole).toInt();
        m_model->setDiagnostics(after.mid(0, after.size() - 1));
        QVERIFY(view->currentIndex().isValid());
        QCOMPARE(m_pane->sourceIndex(view->currentIndex()).data(DiagnosticsModel::LineRole).toInt(), line - 1);
    }

private:
    DiagnosticsModel *m_model = nullptr;
    ui::OutputPane *m_pane = nullptr;
};

QTEST_MAIN(TestProblemsPane)
#include "tst_problemspane.moc"
