// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/passwordprovider.h"

class QWidget;

namespace workbench::ui {

/// Asks for a PKCS#12 / key password with a dialog (the model only knows the interface).
class DialogPasswordProvider final : public models::certs::PasswordProvider
{
public:
    explicit DialogPasswordProvider(QWidget *parent)
        : m_parent(parent)
    {}
    std::optional<models::certs::SecretBytes> password(const QString &what, int attempt) override;

private:
    QWidget *m_parent;
};

}  // namespace workbench::ui
