// SPDX-License-Identifier: Apache-2.0
#include "common/messagebanner.h"

#include "common/theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace workbench::ui {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QHBoxLayout;
    m_buttons->setSpacing(4);
    m_close = new QPushButton(QStringLiteral("✕"), this);
    m_close->setFlat(true);
    m_close->setToolTip(QStringLiteral("Hide this message"));
    m_close->setFixedWidth(28);
    m_close->hide();
    connect(m_close, &QPushButton::clicked, this, &QWidget::hide);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    layout->addWidget(m_close);
    hide();
}

void MessageBanner::showMessage(Level level, const QString &text)
{
    m_level = level;
    // deleteLater: the message may change from a click on one of these very buttons.
    while (QLayoutItem *item = m_buttons->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->setObjectName(QString());
            w->deleteLater();
        }
        delete item;
    }
    const QColor accent = level == Level::Error     ? theme::errorColor()
                          : level == Level::Warning ? theme::warningColor()
                                                    : theme::infoColor();
    QPalette pal = palette();
    const QColor base = pal.color(QPalette::Window);
    // Blend by hand: autoFillBackground paints opaque colours only.
    const auto mix = [](int a, int b, double t) { return int(a * (1 - t) + b * t); };
    pal.setColor(QPalette::Window, QColor(mix(base.red(), accent.red(), 0.16), mix(base.green(), accent.green(), 0.16),
                                          mix(base.blue(), accent.blue(), 0.16)));
    setPalette(pal);
    const QString icon = level == Level::Error     ? QStringLiteral(":/icons/status-error.svg")
                         : level == Level::Warning ? QStringLiteral(":/icons/status-warning.svg")
                                                   : QStringLiteral(":/icons/status-info.svg");
    m_icon->setPixmap(theme::icon(icon).pixmap(16, 16));
    m_text->setText(text);
    show();
}

QPushButton *MessageBanner::addButton(const QString &text, const QString &objectName, std::function<void()> action)
{
    auto *b = new QPushButton(text, this);
    b->setObjectName(objectName);
    connect(b, &QPushButton::clicked, this, [action = std::move(action)] { action(); });
    m_buttons->addWidget(b);
    return b;
}

void MessageBanner::setClosable(bool closable)
{
    m_close->setVisible(closable);
}

QString MessageBanner::text() const
{
    return m_text->text();
}

QPushButton *MessageBanner::button(const QString &objectName) const
{
    return findChild<QPushButton *>(objectName);
}

}  // namespace workbench::ui
