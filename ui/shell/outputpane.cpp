// SPDX-License-Identifier: Apache-2.0
#include "shell/outputpane.h"

#include "common/theme.h"
#include "common/wordwrapdelegate.h"
#include "core/plural.h"
#include "shell/jobspane.h"
#include "validation/diagnosticsmodel.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <limits>
#include <utility>

namespace workbench::ui {

using models::Diagnostic;
using models::DiagnosticsModel;

namespace detail {

/// Presentation of the Problems table: relative file names, 1-based `line:column`, severity
/// icons, the whole finding as tooltip; sorting (errors first by default, ties by place) and
/// filtering by severity and text. Every other role (FileRole, LineRole, ...) passes through.
class ProblemsProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setProjectDir(const QString &dir)
    {
        m_dir = dir;
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
    void setSeverityShown(int severity, bool shown)
    {
        if (severity < 0 || severity > 2 || m_shown[severity] == shown)
            return;
        m_shown[severity] = shown;
        invalidateRowsFilter();
    }
    bool isSeverityShown(int severity) const { return severity >= 0 && severity <= 2 && m_shown[severity]; }
    void setText(const QString &text)
    {
        if (text == m_text)
            return;
        m_text = text;
        invalidateRowsFilter();
    }

    QString relativeFile(const QString &file) const
    {
        if (!m_dir.isEmpty() && file.startsWith(m_dir + QLatin1Char('/')))
            return file.mid(m_dir.size() + 1);
        return QDir::toNativeSeparators(file);
    }
    /// `file:line:column` (1-based: a finding about the whole file points at its start).
    QString location(const QModelIndex &source) const
    {
        const QString file = relativeFile(source.data(DiagnosticsModel::FileRole).toString());
        return file + QLatin1Char(':') + position(source);
    }
    static QString position(const QModelIndex &source)
    {
        return QString::number(qMax(1, source.data(DiagnosticsModel::LineRole).toInt())) + QLatin1Char(':') +
               QString::number(qMax(1, source.data(DiagnosticsModel::ColumnRole).toInt()));
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const QModelIndex src = mapToSource(index);
        const int column = index.column();
        if (role == Qt::DisplayRole && column == DiagnosticsModel::FileColumn)
            return relativeFile(src.data(DiagnosticsModel::FileRole).toString());
        if (role == Qt::DisplayRole && column == DiagnosticsModel::PositionColumn)
            return position(src);
        if (role == Qt::DecorationRole && column == DiagnosticsModel::SeverityColumn) {
            switch (src.data(DiagnosticsModel::SeverityRole).toInt()) {
            case int(Diagnostic::Severity::Error):
                return theme::icon(QStringLiteral(":/icons/status-error.svg"));
            case int(Diagnostic::Severity::Warning):
                return theme::icon(QStringLiteral(":/icons/status-warning.svg"));
            default:
                return theme::icon(QStringLiteral(":/icons/status-info.svg"));
            }
        }
        if (role == Qt::ToolTipRole) {
            // The whole finding, however narrow the columns are.
            const QModelIndex sev = src.siblingAtColumn(DiagnosticsModel::SeverityColumn);
            const QModelIndex msg = src.siblingAtColumn(DiagnosticsModel::MessageColumn);
            const QString code = src.data(DiagnosticsModel::CodeRole).toString();
            return QStringLiteral("%1: %2: %3%4")
                .arg(location(src), sev.data().toString(), msg.data().toString(),
                     code.isEmpty() ? QString() : QStringLiteral(" [") + code + QLatin1Char(']'));
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        const QModelIndex src = sourceModel()->index(sourceRow, 0, sourceParent);
        if (!isSeverityShown(src.data(DiagnosticsModel::SeverityRole).toInt()))
            return false;
        if (m_text.isEmpty())
            return true;
        const auto has = [this](const QString &s) { return s.contains(m_text, Qt::CaseInsensitive); };
        return has(src.siblingAtColumn(DiagnosticsModel::MessageColumn).data().toString()) ||
               has(relativeFile(src.data(DiagnosticsModel::FileRole).toString())) ||
               has(src.data(DiagnosticsModel::CodeRole).toString());
    }

    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        auto placeLess = [this](const QModelIndex &a, const QModelIndex &b) {
            const QString fa = relativeFile(a.data(DiagnosticsModel::FileRole).toString());
            const QString fb = relativeFile(b.data(DiagnosticsModel::FileRole).toString());
            if (fa != fb)
                return fa < fb;
            const int la = a.data(DiagnosticsModel::LineRole).toInt(), lb = b.data(DiagnosticsModel::LineRole).toInt();
            if (la != lb)
                return la < lb;
            return a.data(DiagnosticsModel::ColumnRole).toInt() < b.data(DiagnosticsModel::ColumnRole).toInt();
        };
        auto textCompare = [](const QModelIndex &a, const QModelIndex &b) {
            return QString::compare(a.data().toString(), b.data().toString(), Qt::CaseInsensitive);
        };
        switch (left.column()) {
        case DiagnosticsModel::SeverityColumn: {
            const int a = left.data(DiagnosticsModel::SeverityRole).toInt();
            const int b = right.data(DiagnosticsModel::SeverityRole).toInt();
            if (a != b)
                return a < b;  // Error (0) first
            return placeLess(left, right);
        }
        case DiagnosticsModel::FileColumn:
        case DiagnosticsModel::PositionColumn:
            return placeLess(left, right);
        default:
            if (const int c = textCompare(left, right); c != 0)
                return c < 0;
            return placeLess(left, right);
        }
    }

private:
    QString m_dir;
    QString m_text;
    bool m_shown[3] = {true, true, true};
};

}  // namespace detail

namespace {
const char *const kSeverityIcons[] = {":/icons/status-error.svg", ":/icons/status-warning.svg",
                                      ":/icons/status-info.svg"};
const char *const kSeverityNames[] = {"errors", "warnings", "info"};
}  // namespace

OutputPane::OutputPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::North);

    m_problemsPage = new QWidget(m_tabs);
    auto *page = new QVBoxLayout(m_problemsPage);
    page->setContentsMargins(0, 2, 0, 0);
    page->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 0, 4, 0);
    m_filter = new QLineEdit(m_problemsPage);
    m_filter->setObjectName(QStringLiteral("problemsFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter problems (message, file or code)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(360);
    bar->addWidget(m_filter, 1);
    for (int s = 0; s < 3; ++s) {
        auto *b = new QToolButton(m_problemsPage);
        b->setObjectName(QStringLiteral("show_") + QLatin1String(kSeverityNames[s]));
        b->setCheckable(true);
        b->setChecked(true);
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setIcon(theme::icon(QLatin1String(kSeverityIcons[s])));
        b->setToolTip(QStringLiteral("Show or hide the %1").arg(QLatin1String(kSeverityNames[s])));
        connect(b, &QToolButton::toggled, this, [this, s](bool on) { m_problemsProxy->setSeverityShown(s, on); });
        bar->addWidget(b);
        m_severity[s] = b;
    }
    bar->addStretch(1);
    m_wrap = new QToolButton(m_problemsPage);
    m_wrap->setObjectName(QStringLiteral("wrapProblems"));
    m_wrap->setText(QStringLiteral("Wrap"));
    m_wrap->setToolTip(QStringLiteral("Wrap long messages instead of cutting them off"));
    m_wrap->setCheckable(true);
    m_wrap->setAutoRaise(true);
    bar->addWidget(m_wrap);
    page->addLayout(bar);

    m_problems = new QTreeView(m_problemsPage);
    m_problems->setObjectName(QStringLiteral("problemsView"));
    m_problems->setRootIsDecorated(false);
    m_problems->setUniformRowHeights(true);
    m_problems->setAlternatingRowColors(true);
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsProxy = new detail::ProblemsProxy(this);
    m_problemsProxy->setDynamicSortFilter(true);
    page->addWidget(m_problems, 1);
    connect(m_problems, &QTreeView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT problemActivated(m_problemsProxy->mapToSource(index)); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) { m_problemsProxy->setText(text); });
    connect(m_wrap, &QToolButton::toggled, this, [this](bool on) {
        m_problems->setWordWrap(on);
        m_problems->setUniformRowHeights(!on);
        m_problems->setTextElideMode(on ? Qt::ElideNone : Qt::ElideRight);
        m_problems->doItemsLayout();
    });
    // Wrapped rows are as high as the message needs at the message column's width.
    WordWrapDelegate::install(m_problems);
    connect(m_problemsProxy, &QAbstractItemModel::modelReset, this, &OutputPane::updateCounts);

    m_output = new QPlainTextEdit(m_tabs);
    m_output->setObjectName(QStringLiteral("outputView"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(10000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->viewport()->installEventFilter(this);

    m_tabs->addTab(m_problemsPage, QStringLiteral("Problems"));
    m_tabs->addTab(m_output, QStringLiteral("Output"));
    layout->addWidget(m_tabs);
    updateCounts();
}

void OutputPane::setProblemsModel(QAbstractItemModel *model)
{
    m_problemsProxy->setSourceModel(model);
    m_problems->setModel(m_problemsProxy);
    // After the view's own reset handling (which clears the selection), so connected after it.
    connect(m_problemsProxy, &QAbstractItemModel::modelAboutToBeReset, this, &OutputPane::rememberSelection,
            Qt::UniqueConnection);
    connect(m_problemsProxy, &QAbstractItemModel::modelReset, this, &OutputPane::restoreSelection,
            Qt::UniqueConnection);
    QHeaderView *h = m_problems->header();
    h->setStretchLastSection(false);
    h->setSortIndicatorShown(true);
    h->setSectionsClickable(true);
    if (model->columnCount() == DiagnosticsModel::ColumnCount) {
        h->setSectionResizeMode(DiagnosticsModel::SeverityColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(DiagnosticsModel::MessageColumn, QHeaderView::Stretch);
        h->setSectionResizeMode(DiagnosticsModel::FileColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(DiagnosticsModel::PositionColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(DiagnosticsModel::CodeColumn, QHeaderView::ResizeToContents);
    } else {
        h->setStretchLastSection(true);
    }
    m_problems->setSortingEnabled(true);
    m_problems->sortByColumn(DiagnosticsModel::SeverityColumn, Qt::AscendingOrder);  // errors first
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &OutputPane::updateCounts);
    connect(model, &QAbstractItemModel::dataChanged, this, &OutputPane::updateCounts);
    updateCounts();
}

void OutputPane::setProjectDir(const QString &dir)
{
    m_projectDir = dir;
    m_problemsProxy->setProjectDir(dir);
}

QToolButton *OutputPane::severityButton(int severity) const
{
    return severity >= 0 && severity < 3 ? m_severity[severity] : nullptr;
}

QModelIndex OutputPane::sourceIndex(const QModelIndex &viewIndex) const
{
    return m_problemsProxy->mapToSource(viewIndex);
}

void OutputPane::updateCounts()
{
    int counts[3] = {0, 0, 0};
    if (const QAbstractItemModel *m = m_problemsProxy->sourceModel())
        for (int r = 0; r < m->rowCount(); ++r) {
            const int s = m->index(r, 0).data(DiagnosticsModel::SeverityRole).toInt();
            if (s >= 0 && s < 3)
                ++counts[s];
        }
    m_severity[0]->setText(counted(counts[0], QStringLiteral("error")));
    m_severity[1]->setText(counted(counts[1], QStringLiteral("warning")));
    m_severity[2]->setText(counted(counts[2], QStringLiteral("info"), QStringLiteral("info")));
}

void OutputPane::rememberSelection()
{
    m_remembered = {};
    m_remembered.scroll = m_problems->verticalScrollBar()->value();
    const QModelIndex current = m_problems->currentIndex();
    if (!current.isValid())
        return;
    const QModelIndex src = m_problemsProxy->mapToSource(current);
    m_remembered.valid = true;
    m_remembered.file = src.data(DiagnosticsModel::FileRole).toString();
    m_remembered.code = src.data(DiagnosticsModel::CodeRole).toString();
    m_remembered.message = src.siblingAtColumn(DiagnosticsModel::MessageColumn).data().toString();
    m_remembered.line = src.data(DiagnosticsModel::LineRole).toInt();
}

void OutputPane::restoreSelection()
{
    const Remembered r = std::exchange(m_remembered, {});
    if (r.valid) {
        // The same finding, wherever it moved (lines shift while typing above it); else the
        // nearest finding of the same file.
        QModelIndex best;
        int bestScore = std::numeric_limits<int>::max();
        for (int row = 0; row < m_problemsProxy->rowCount(); ++row) {
            const QModelIndex src = m_problemsProxy->mapToSource(m_problemsProxy->index(row, 0));
            if (src.data(DiagnosticsModel::FileRole).toString() != r.file)
                continue;
            const bool same = src.data(DiagnosticsModel::CodeRole).toString() == r.code &&
                              src.siblingAtColumn(DiagnosticsModel::MessageColumn).data().toString() == r.message;
            const int score = (same ? 0 : 1000000) + qAbs(src.data(DiagnosticsModel::LineRole).toInt() - r.line);
            if (score < bestScore) {
                bestScore = score;
                best = m_problemsProxy->index(row, 0);
            }
        }
        if (best.isValid()) {
            const bool autoScroll = m_problems->hasAutoScroll();
            m_problems->setAutoScroll(false);
            m_problems->selectionModel()->setCurrentIndex(best, QItemSelectionModel::ClearAndSelect |
                                                                    QItemSelectionModel::Rows);
            m_problems->setAutoScroll(autoScroll);
        }
    }
    // The scroll range is known once the rows are laid out.
    m_problems->doItemsLayout();
    m_problems->verticalScrollBar()->setValue(r.scroll);
}

bool OutputPane::locationOfLine(const QString &line, QString *path, int *lineNumber, int *column) const
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*(?:\d\d:\d\d:\d\d\s+)?((?:[A-Za-z]:)?[^:\n]+?):(\d+)(?::(\d+))?(?::|$))"));
    const QRegularExpressionMatch m = re.match(line);
    if (!m.hasMatch())
        return false;
    QString file = m.captured(1).trimmed();
    if (QDir::isRelativePath(file)) {
        if (m_projectDir.isEmpty())
            return false;
        file = QDir(m_projectDir).filePath(file);
    }
    if (!QFileInfo(file).isFile())
        return false;
    *path = QDir::cleanPath(QDir::fromNativeSeparators(file));
    *lineNumber = qMax(1, m.captured(2).toInt());
    *column = m.captured(3).isEmpty() ? 1 : qMax(1, m.captured(3).toInt());
    return true;
}

bool OutputPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_output->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        const auto *me = static_cast<QMouseEvent *>(event);
        const QString text = m_output->cursorForPosition(me->position().toPoint()).block().text();
        QString path;
        int line = 0, column = 0;
        if (locationOfLine(text, &path, &line, &column)) {
            Q_EMIT locationActivated(path, line, column);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void OutputPane::appendMessage(const QString &message)
{
    m_output->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + message);
}

void OutputPane::appendLines(const QStringList &lines)
{
    for (const QString &l : lines)
        m_output->appendPlainText(l);
}

void OutputPane::showProblems()
{
    m_tabs->setCurrentWidget(m_problemsPage);
}

void OutputPane::showOutput()
{
    m_tabs->setCurrentWidget(m_output);
}

void OutputPane::setJobRunner(engine::jobs::JobRunner *runner)
{
    if (m_jobs || !runner)
        return;
    m_jobs = new JobsPane(runner, this);
    m_jobs->setObjectName(QStringLiteral("jobsPane"));
    m_tabs->addTab(m_jobs, QStringLiteral("Jobs"));
}

void OutputPane::showJobs()
{
    if (m_jobs)
        m_tabs->setCurrentWidget(m_jobs);
}

}  // namespace workbench::ui
