// SPDX-License-Identifier: Apache-2.0
#include "certs/dialogpasswordprovider.h"

#include <QInputDialog>
#include <QLineEdit>

namespace workbench::ui {

std::optional<models::certs::SecretBytes> DialogPasswordProvider::password(const QString &what, int attempt)
{
    bool ok = false;
    const QString prompt = attempt > 1 ? QStringLiteral("Wrong password. Password for %1:").arg(what)
                                       : QStringLiteral("Password for %1:").arg(what);
    QString text =
        QInputDialog::getText(m_parent, QStringLiteral("Password"), prompt, QLineEdit::Password, QString(), &ok);
    if (!ok)
        return std::nullopt;
    auto secret = models::certs::SecretBytes::fromString(text);
    text.fill(QLatin1Char(' '));
    return secret;
}

}  // namespace workbench::ui
