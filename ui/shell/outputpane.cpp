// SPDX-License-Identifier: Apache-2.0
#include "shell/outputpane.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace workbench::ui {

OutputPane::OutputPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::North);

    m_problems = new QTreeView(m_tabs);
    m_problems->setObjectName(QStringLiteral("problemsView"));
    m_problems->setRootIsDecorated(false);
    m_problems->setUniformRowHeights(true);
    m_problems->setAlternatingRowColors(true);
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setSortingEnabled(false);
    connect(m_problems, &QTreeView::activated, this, &OutputPane::problemActivated);

    m_output = new QPlainTextEdit(m_tabs);
    m_output->setObjectName(QStringLiteral("outputView"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(10000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_tabs->addTab(m_problems, QStringLiteral("Problems"));
    m_tabs->addTab(m_output, QStringLiteral("Output"));
    layout->addWidget(m_tabs);
}

void OutputPane::setProblemsModel(QAbstractItemModel *model)
{
    m_problems->setModel(model);
    m_problems->header()->setStretchLastSection(true);
}

void OutputPane::appendMessage(const QString &message)
{
    m_output->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + message);
}

void OutputPane::showProblems()
{
    m_tabs->setCurrentWidget(m_problems);
}

void OutputPane::showOutput()
{
    m_tabs->setCurrentWidget(m_output);
}

} // namespace workbench::ui
