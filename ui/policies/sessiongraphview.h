// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sessiongraph.h"

#include <QWidget>

class QGraphicsScene;
class QGraphicsView;
class QGraphicsItem;
class QLabel;
class QToolButton;

namespace workbench::ui {

/// Draws a SessionGraph: the namespace session on top, connected to the sessions it lets its
/// creator create; below it the sessions as boxes laid out in upload-order columns (exporters
/// left of importers), one arrow per exporter/importer pair labelled with the secrets it
/// carries. Labels are placed where they cross no arrow and no box. Problems are drawn as such:
/// dangling imports red dashed, exports nobody imports orange dashed, cycles red, missing
/// sessions dashed boxes; public exports get a badge.
///
/// Readable at any size: the wheel zooms (around the mouse), "Fit" shows the whole graph (also
/// after a resize, until the user zooms), "100%" is one to one; drag to pan.
class SessionGraphView : public QWidget
{
    Q_OBJECT
public:
    explicit SessionGraphView(QWidget *parent = nullptr);

    void setGraph(const models::policy::SessionGraph &graph);
    const models::policy::SessionGraph &graph() const { return m_graph; }

    int nodeItemCount() const { return m_nodeItems; }
    int edgeItemCount() const { return m_edgeItems; }
    int grantItemCount() const { return m_grantItems; }
    QGraphicsScene *scene() const { return m_scene; }
    QGraphicsView *view() const { return m_view; }
    /// Scene position of the box of session @p id (for tests and tooltips); null if absent.
    QRectF nodeRect(const QString &id) const;
    /// The secret labels of the arrows and the arrows themselves (scene items, for tests).
    QList<QGraphicsItem *> labelItems() const { return m_labels; }
    QList<QGraphicsItem *> arrowItems() const { return m_arrows; }

    /// Current scale of the view (1 = one to one).
    qreal zoom() const;
    /// Zooms by @p steps wheel notches (positive: in) around the view's centre.
    void zoomBy(qreal steps);
    /// Shows the whole graph (never magnified beyond one to one) and follows resizes again.
    void fitToView();
    void resetZoom();

Q_SIGNALS:
    /// A session box was double-clicked (id = session name).
    void sessionActivated(const QString &sessionName);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void fitScene();
    void applyZoom(qreal factor, const QPoint &anchorInViewport);

    QGraphicsScene *m_scene = nullptr;
    QGraphicsView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QToolButton *m_fit = nullptr;
    QToolButton *m_oneToOne = nullptr;
    models::policy::SessionGraph m_graph;
    QHash<QString, QRectF> m_nodeRects;
    QList<QGraphicsItem *> m_labels;
    QList<QGraphicsItem *> m_arrows;
    int m_nodeItems = 0;
    int m_edgeItems = 0;
    int m_grantItems = 0;
    bool m_userZoomed = false;  ///< the user zoomed: a resize no longer refits
};

}  // namespace workbench::ui
