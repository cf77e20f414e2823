// SPDX-License-Identifier: Apache-2.0
#include "certs/exportprompts.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace workbench::ui {

using models::certs::SecretBytes;

QString DialogExportPrompts::saveFileName(const QString &title, const QString &suggestedName, const QString &filter)
{
    return QFileDialog::getSaveFileName(m_parent, title, suggestedName, filter);
}

std::optional<SecretBytes> DialogExportPrompts::newPassphrase(const QString &what, bool allowEmpty)
{
    QDialog dialog(m_parent);
    dialog.setWindowTitle(QStringLiteral("Passphrase"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro =
        new QLabel(allowEmpty ? QStringLiteral("Passphrase to encrypt %1 (PKCS#8, AES-256). Leave both fields empty "
                                               "to write it unencrypted; you will be asked to confirm.")
                                    .arg(what)
                              : QStringLiteral("Passphrase to protect %1.").arg(what),
                   &dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    auto *first = new QLineEdit(&dialog);
    auto *second = new QLineEdit(&dialog);
    first->setEchoMode(QLineEdit::Password);
    second->setEchoMode(QLineEdit::Password);
    form->addRow(QStringLiteral("Passphrase:"), first);
    form->addRow(QStringLiteral("Repeat:"), second);
    layout->addLayout(form);
    auto *mismatch = new QLabel(&dialog);
    layout->addWidget(mismatch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    auto validate = [=] {
        const bool same = first->text() == second->text();
        const bool ok = same && (allowEmpty || !first->text().isEmpty());
        mismatch->setText(same ? QString() : QStringLiteral("The passphrases differ."));
        buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    };
    QObject::connect(first, &QLineEdit::textChanged, &dialog, validate);
    QObject::connect(second, &QLineEdit::textChanged, &dialog, validate);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    validate();
    const bool accepted = dialog.exec() == QDialog::Accepted;
    SecretBytes result = SecretBytes::fromString(first->text());
    // Do not leave the passphrase in the line edits' buffers longer than needed.
    first->setText(QString(first->text().size(), QLatin1Char(' ')));
    second->setText(QString(second->text().size(), QLatin1Char(' ')));
    if (!accepted)
        return std::nullopt;
    return result;
}

bool DialogExportPrompts::confirmPlainKey(const QString &what)
{
    return QMessageBox::warning(
               m_parent, QStringLiteral("Write the key unencrypted?"),
               QStringLiteral("%1 will be written without encryption. Anyone who can read the file can "
                              "impersonate its owner.\n\nWrite it unencrypted?")
                   .arg(what),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

}  // namespace workbench::ui
