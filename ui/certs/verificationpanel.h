// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificateentries.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace workbench::ui {

/// The verification result of one certificate: a one-line verdict, then each problem (by name,
/// with the sentence and OpenSSL's reason) and each lint warning.
class VerificationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit VerificationPanel(QWidget *parent = nullptr);
    void setEntry(const CertificateEntry *entry);

    QString verdict() const;
    /// Rows as "problem <name>: <message>" / "warning <code>: <message>" (tests, copy).
    QStringList rows() const;
    QTreeWidget *list() const { return m_list; }

private:
    QLabel *m_verdict = nullptr;
    QTreeWidget *m_list = nullptr;
};

}  // namespace workbench::ui
