// SPDX-License-Identifier: Apache-2.0
#include "certs/expirytimeline.h"

#include "certs/certificatetreemodel.h"
#include "common/theme.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace workbench::ui {

using namespace workbench::models::certs;

namespace {
constexpr int kRowHeight = 18;
constexpr int kLabelWidth = 190;
constexpr int kTop = 22;
bool unlimited(const Certificate &c)
{
    return c.notAfter().date().year() >= 9999;
}
}  // namespace

ExpiryTimeline::ExpiryTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("expiryTimeline"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ExpiryTimeline::setEntries(const QList<CertificateEntry> &entries, const QDateTime &now)
{
    m_entries = entries;
    m_now = now;
    m_rows.clear();
    m_start = now.addDays(-30);
    m_end = now.addDays(365);
    for (int i = 0; i < int(entries.size()); ++i) {
        const CertificateEntry &e = entries.at(i);
        if (e.kind == CertificateEntry::Kind::PreviewImport || e.certificate.isNull())
            continue;
        m_rows << i;
        m_start = qMin(m_start, e.certificate.notBefore());
        if (!unlimited(e.certificate))
            m_end = qMax(m_end, e.certificate.notAfter());
    }
    if (m_end <= m_start)
        m_end = m_start.addDays(1);
    updateGeometry();
    update();
}

void ExpiryTimeline::setCurrentEntry(int entry)
{
    m_current = entry;
    update();
}

QSize ExpiryTimeline::sizeHint() const
{
    return {600, kTop + int(qMax<qsizetype>(1, m_rows.size())) * kRowHeight + 8};
}

QSize ExpiryTimeline::minimumSizeHint() const
{
    return {300, kTop + kRowHeight + 8};
}

QRect ExpiryTimeline::plotRect() const
{
    return QRect(kLabelWidth, kTop, qMax(50, width() - kLabelWidth - 24), int(m_rows.size()) * kRowHeight);
}

double ExpiryTimeline::xFor(const QDateTime &t, const QRect &plot) const
{
    const double span = double(m_start.secsTo(m_end));
    const double at = double(m_start.secsTo(t));
    return plot.left() + plot.width() * qBound(0.0, at / span, 1.0);
}

int ExpiryTimeline::entryAt(const QPoint &pos) const
{
    if (pos.y() < kTop)
        return -1;
    const int row = (pos.y() - kTop) / kRowHeight;
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : -1;
}

void ExpiryTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QRect plot = plotRect();
    if (m_rows.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, QStringLiteral("No certificates"));
        return;
    }
    // Axis labels: start and end dates, unless the "now" label (drawn last) would cover them.
    const double xNow = xFor(m_now, plot);
    const QRectF nowLabel(xNow - 55, 2, 110, kTop - 4);
    p.setPen(pal.color(QPalette::Text));
    const QRect startLabel(plot.left(), 2, 90, kTop - 4);
    const QRect endLabel(plot.right() - 90, 2, 90, kTop - 4);
    if (!nowLabel.intersects(startLabel))
        p.drawText(startLabel, Qt::AlignLeft | Qt::AlignVCenter, m_start.date().toString(Qt::ISODate));
    if (!nowLabel.intersects(endLabel))
        p.drawText(endLabel, Qt::AlignRight | Qt::AlignVCenter, m_end.date().toString(Qt::ISODate));

    const QColor ok = theme::isDark() ? QColor(0x4c, 0xaf, 0x50) : QColor(0x2e, 0x7d, 0x32);
    for (int r = 0; r < m_rows.size(); ++r) {
        const CertificateEntry &e = m_entries.at(m_rows.at(r));
        const QRect row(0, kTop + r * kRowHeight, width(), kRowHeight);
        if (m_rows.at(r) == m_current)
            p.fillRect(row, pal.highlight().color().lighter(theme::isDark() ? 60 : 170));
        p.setPen(pal.color(QPalette::Text));
        const QString label =
            e.source.isEmpty() ? e.title : e.title + QStringLiteral("  ") + e.source.section(QLatin1Char('/'), -1);
        p.drawText(QRect(6, row.top(), kLabelWidth - 10, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(label, Qt::ElideRight, kLabelWidth - 10));
        const Certificate &c = e.certificate;
        const double x1 = xFor(c.notBefore(), plot);
        const double x2 = unlimited(c) ? plot.right() : xFor(c.notAfter(), plot);
        QColor color = expiryColor(c, m_now);
        if (!color.isValid())
            color = ok;
        const QRectF bar(x1, row.top() + 4, qMax(2.0, x2 - x1), kRowHeight - 8);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(bar, 3, 3);
        if (unlimited(c)) {
            const QPointF tip(plot.right() + 10, bar.center().y());
            const QPolygonF arrow({QPointF(plot.right(), bar.top() - 2), tip, QPointF(plot.right(), bar.bottom() + 2)});
            p.drawPolygon(arrow);
        }
    }
    QPen nowPen(theme::errorColor(), 1.5, Qt::DashLine);
    p.setPen(nowPen);
    p.drawLine(QPointF(xNow, kTop - 2), QPointF(xNow, plot.bottom()));
    p.drawText(nowLabel, Qt::AlignCenter, QStringLiteral("now ") + m_now.date().toString(Qt::ISODate));
}

void ExpiryTimeline::mousePressEvent(QMouseEvent *event)
{
    const int e = entryAt(event->position().toPoint());
    if (e >= 0)
        Q_EMIT entryClicked(e);
    QWidget::mousePressEvent(event);
}

bool ExpiryTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int e = entryAt(help->pos());
        if (e >= 0) {
            const Certificate &c = m_entries.at(e).certificate;
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("%1\n%2 — %3\n%4")
                                   .arg(c.subject(), c.notBefore().toString(Qt::ISODate),
                                        c.notAfter().toString(Qt::ISODate), expiryText(c, m_now)),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace workbench::ui
