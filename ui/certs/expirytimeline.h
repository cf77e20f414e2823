// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificateentries.h"

#include <QDateTime>
#include <QWidget>

namespace workbench::ui {

/// Validity periods on one time axis, one row per certificate (imports are left out: they are
/// their origin), with a "now" line. Bars are red when expired or not yet valid, amber within
/// 30 days of expiry; certificates without a real expiry run off the right edge with an arrow.
/// The axis spans from the earliest notBefore (or a month before now) to the latest real
/// notAfter (or a year after now).
class ExpiryTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit ExpiryTimeline(QWidget *parent = nullptr);

    void setEntries(const QList<CertificateEntry> &entries, const QDateTime &now);
    void setCurrentEntry(int entry);

    /// Entry indices shown, top to bottom.
    const QList<int> &rows() const { return m_rows; }
    QDateTime axisStart() const { return m_start; }
    QDateTime axisEnd() const { return m_end; }
    /// Entry under @p pos, -1 if none.
    int entryAt(const QPoint &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void entryClicked(int entry);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    double xFor(const QDateTime &t, const QRect &plot) const;
    QRect plotRect() const;

    QList<CertificateEntry> m_entries;
    QList<int> m_rows;
    QDateTime m_now;
    QDateTime m_start;
    QDateTime m_end;
    int m_current = -1;
};

}  // namespace workbench::ui
