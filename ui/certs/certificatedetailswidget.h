// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificateentries.h"

#include <QDateTime>
#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QTextEdit;

namespace workbench::ui {

/// Everything about one certificate: subject, issuer, serial, validity (coloured, with days
/// left), key type and size, SANs, key usage, extended key usage, basic constraints, SKI/AKI,
/// SHA-256 and SHA-1 fingerprints, and the PEM.
///
/// Shown in a scroll area, it never needs more width than it is given: every value wraps, long
/// unbroken ones (fingerprints, serials, key IDs) anywhere, so nothing is cut off at the right;
/// what does not fit in height scrolls. Values stay selectable and copy exactly as shown.
class CertificateDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    explicit CertificateDetailsWidget(QWidget *parent = nullptr);

    void setEntry(const CertificateEntry *entry, const QDateTime &now);
    void clear();

    /// Text shown for a field ("Subject", "Validity", "SHA-256", ...); for tests and copy.
    QString fieldText(const QString &field) const;
    /// The widget showing a field's value (tests: it is as tall as its wrapped text).
    QWidget *fieldWidget(const QString &field) const;
    QString pemText() const;
    /// Manifest paths are shown relative to this folder.
    void setProjectDir(const QString &dir);

private:
    void setField(const QString &field, const QString &text, const QColor &color = {});

    QFormLayout *m_form = nullptr;
    QHash<QString, QTextEdit *> m_values;
    QLabel *m_title = nullptr;
    QPlainTextEdit *m_pem = nullptr;
    QString m_projectDir;
};

}  // namespace workbench::ui
