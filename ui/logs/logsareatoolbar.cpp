// SPDX-License-Identifier: Apache-2.0
// The Logs area's log side: the toolbar (filter, minimum level, SCONE events, search, follow,
// wrap, timestamps, save, copy, clear), the LogView and the status line, and what each control
// does (the filter and search jobs are in logsareafilter.cpp).
#include "logs/logsarea.h"
#include "logs/logview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

using models::logs::LogLevel;

void LogsArea::buildLogSide(QSplitter *splitter)
{
    // Log side: toolbar, view, status.
    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(4);
    auto *tools = new QHBoxLayout;
    tools->setSpacing(4);
    m_include = new QLineEdit(right);
    m_include->setObjectName(QStringLiteral("filterInclude"));
    m_include->setPlaceholderText(tr("Filter: show lines with…"));
    m_include->setClearButtonEnabled(true);
    m_exclude = new QLineEdit(right);
    m_exclude->setObjectName(QStringLiteral("filterExclude"));
    m_exclude->setPlaceholderText(tr("…hide lines with"));
    m_exclude->setClearButtonEnabled(true);
    m_filterRegex = new QCheckBox(tr("Regex"), right);
    m_level = new QComboBox(right);
    m_level->setObjectName(QStringLiteral("minimumLevel"));
    m_level->addItem(tr("All levels"), int(LogLevel::None));
    m_level->addItem(tr("Info and above"), int(LogLevel::Info));
    m_level->addItem(tr("Warnings and errors"), int(LogLevel::Warning));
    m_level->addItem(tr("Errors"), int(LogLevel::Error));
    m_sconeOnly = new QCheckBox(tr("SCONE events"), right);
    m_sconeOnly->setToolTip(tr("Only lines about attestation, the CAS, sessions and secrets (and markers)"));
    m_search = new QLineEdit(right);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);
    m_searchRegex = new QCheckBox(tr("Regex"), right);
    auto *prev = new QToolButton(right);
    prev->setText(QStringLiteral("▲"));
    prev->setToolTip(tr("Previous match (Shift+F3)"));
    auto *next = new QToolButton(right);
    next->setText(QStringLiteral("▼"));
    next->setToolTip(tr("Next match (F3)"));
    auto toggle = [right](const QString &text, const QString &name) {
        auto *b = new QToolButton(right);
        b->setText(text);
        b->setObjectName(name);
        b->setCheckable(true);
        return b;
    };
    m_follow = toggle(tr("Follow"), QStringLiteral("follow"));
    m_wrap = toggle(tr("Wrap"), QStringLiteral("wrap"));
    m_timestamps = toggle(tr("Timestamps"), QStringLiteral("timestamps"));
    auto *save = new QToolButton(right);
    save->setText(tr("Save…"));
    save->setObjectName(QStringLiteral("save"));
    auto *copy = new QToolButton(right);
    copy->setText(tr("Copy"));
    auto *clear = new QToolButton(right);
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Forget the lines received so far (the streams go on)"));
    tools->addWidget(m_include, 2);
    tools->addWidget(m_exclude, 1);
    tools->addWidget(m_filterRegex);
    tools->addWidget(m_level);
    tools->addWidget(m_sconeOnly);
    rightLayout->addLayout(tools);
    tools = new QHBoxLayout;  // a second row, so that the area fits a narrow window
    tools->setSpacing(4);
    tools->addWidget(m_search, 2);
    tools->addWidget(m_searchRegex);
    tools->addWidget(prev);
    tools->addWidget(next);
    tools->addStretch(1);
    tools->addWidget(m_follow);
    tools->addWidget(m_wrap);
    tools->addWidget(m_timestamps);
    tools->addWidget(save);
    tools->addWidget(copy);
    tools->addWidget(clear);
    rightLayout->addLayout(tools);

    m_view = new LogView(right);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setDelegatesFind(true);
    rightLayout->addWidget(m_view, 1);
    m_status = new QLabel(right);
    m_status->setObjectName(QStringLiteral("logsStatus"));
    rightLayout->addWidget(m_status);

    auto refilter = [this] { filterChanged(); };
    connect(m_include, &QLineEdit::textChanged, this, refilter);
    connect(m_exclude, &QLineEdit::textChanged, this, refilter);
    connect(m_filterRegex, &QCheckBox::toggled, this, refilter);
    connect(m_sconeOnly, &QCheckBox::toggled, this, refilter);
    connect(m_level, &QComboBox::currentIndexChanged, this, refilter);
    auto research = [this] {
        const Status s = setSearchText(m_search->text(), m_searchRegex->isChecked());
        m_search->setToolTip(s ? QString() : s.error().message);
        m_search->setStyleSheet(s ? QString() : QStringLiteral("QLineEdit { color: #c62828; }"));
    };
    connect(m_search, &QLineEdit::textChanged, this, research);
    connect(m_searchRegex, &QCheckBox::toggled, this, research);
    connect(m_search, &QLineEdit::returnPressed, this, &LogsArea::findNext);
    connect(next, &QToolButton::clicked, this, &LogsArea::findNext);
    connect(prev, &QToolButton::clicked, this, &LogsArea::findPrevious);
    connect(m_view, &LogView::findRequested, this, [this](bool forward) {
        if (forward)
            findNext();
        else
            findPrevious();
    });
    m_follow->setChecked(m_view->isFollowing());
    connect(m_follow, &QToolButton::toggled, m_view, &LogView::setFollowing);
    connect(m_view, &LogView::followingChanged, m_follow, &QToolButton::setChecked);
    connect(m_wrap, &QToolButton::toggled, m_view, &LogView::setWrapLines);
    connect(m_timestamps, &QToolButton::toggled, m_view, &LogView::setShowTimestamps);
    connect(save, &QToolButton::clicked, this, &LogsArea::saveInteractive);
    connect(copy, &QToolButton::clicked, m_view, &LogView::copySelection);
    connect(clear, &QToolButton::clicked, this, &LogsArea::clearLines);
}

}  // namespace workbench::ui
