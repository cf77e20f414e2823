// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace workbench::ui {

/// An inline message above an editor (KeePassXC's MessageWidget idea): read-only file, file
/// changed on disk, text that does not parse, recovered edits. It informs without blocking;
/// decisions are buttons in the banner, never modal dialogs.
class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    /// Shows @p text (rich text allowed) and removes the previous buttons.
    void showMessage(Level level, const QString &text);
    /// Adds a button; @p action runs when it is clicked. Returns the button (for tests).
    QPushButton *addButton(const QString &text, const QString &objectName, std::function<void()> action);
    void setClosable(bool closable);
    QString text() const;
    Level level() const { return m_level; }
    QPushButton *button(const QString &objectName) const;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QHBoxLayout *m_buttons = nullptr;
    QPushButton *m_close = nullptr;
    Level m_level = Level::Info;
};

}  // namespace workbench::ui
