// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sessiongraph.h"

#include <QWidget>

class QGraphicsScene;
class QGraphicsView;
class QLabel;

namespace workbench::ui {

/// Draws a SessionGraph: sessions as boxes laid out in upload-order layers (exporters left of
/// importers), one arrow per exporter/importer pair labelled with the secrets it carries.
/// Problems are drawn as such: dangling imports red dashed, exports nobody imports orange
/// dashed, cycles red, missing sessions dashed boxes; public exports get a badge.
class SessionGraphView : public QWidget
{
    Q_OBJECT
public:
    explicit SessionGraphView(QWidget *parent = nullptr);

    void setGraph(const models::policy::SessionGraph &graph);
    const models::policy::SessionGraph &graph() const { return m_graph; }

    int nodeItemCount() const { return m_nodeItems; }
    int edgeItemCount() const { return m_edgeItems; }
    QGraphicsScene *scene() const { return m_scene; }
    QGraphicsView *view() const { return m_view; }
    /// Scene position of the box of session @p id (for tests and tooltips); null if absent.
    QRectF nodeRect(const QString &id) const;

Q_SIGNALS:
    /// A session box was double-clicked (id = session name).
    void sessionActivated(const QString &sessionName);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void fitScene();

    QGraphicsScene *m_scene = nullptr;
    QGraphicsView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    models::policy::SessionGraph m_graph;
    QHash<QString, QRectF> m_nodeRects;
    int m_nodeItems = 0;
    int m_edgeItems = 0;
};

}  // namespace workbench::ui
