// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/secretbytes.h"

#include <QString>

#include <optional>

class QWidget;

namespace workbench::ui {

/// The questions an export asks. The Certificates area uses dialogs (DialogExportPrompts);
/// tests script the answers.
class ExportPrompts
{
public:
    virtual ~ExportPrompts() = default;
    /// A file to write; empty = cancelled.
    virtual QString saveFileName(const QString &title, const QString &suggestedName, const QString &filter) = 0;
    /// A new passphrase (asked twice by the dialog). nullopt = cancelled. An empty one is only
    /// possible when @p allowEmpty (a key the user may then choose to write unencrypted).
    virtual std::optional<models::certs::SecretBytes> newPassphrase(const QString &what, bool allowEmpty) = 0;
    /// The explicit confirmation that a private key may be written without encryption.
    virtual bool confirmPlainKey(const QString &what) = 0;
};

/// QFileDialog / passphrase dialog / QMessageBox, parented to @p parent.
class DialogExportPrompts final : public ExportPrompts
{
public:
    explicit DialogExportPrompts(QWidget *parent)
        : m_parent(parent)
    {}
    QString saveFileName(const QString &title, const QString &suggestedName, const QString &filter) override;
    std::optional<models::certs::SecretBytes> newPassphrase(const QString &what, bool allowEmpty) override;
    bool confirmPlainKey(const QString &what) override;

private:
    QWidget *m_parent;
};

}  // namespace workbench::ui
