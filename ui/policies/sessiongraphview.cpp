// SPDX-License-Identifier: Apache-2.0
#include "policies/sessiongraphview.h"

#include "shell/theme.h"

#include <QFontMetrics>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QMouseEvent>
#include <QPainterPath>
#include <QtMath>
#include <QVBoxLayout>

namespace workbench::ui {

using models::policy::SessionGraph;

namespace {

constexpr qreal kNodeW = 190;
constexpr qreal kNodeH = 58;
constexpr qreal kLayerGap = 160;
constexpr qreal kRowGap = 46;
constexpr int kNodeKindRole = 1;  // QGraphicsItem::data keys
constexpr int kSessionRole = 2;

QPointF boundaryPoint(const QRectF &r, const QPointF &towards)
{
    const QPointF c = r.center();
    const QPointF d = towards - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    const qreal sx = d.x() != 0 ? (r.width() / 2) / qAbs(d.x()) : 1e9;
    const qreal sy = d.y() != 0 ? (r.height() / 2) / qAbs(d.y()) : 1e9;
    return c + d * std::min(sx, sy);
}

}  // namespace

SessionGraphView::SessionGraphView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("graphSummary"));
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_summary);
    m_scene = new QGraphicsScene(this);
    m_view = new QGraphicsView(m_scene, this);
    m_view->setObjectName(QStringLiteral("sessionGraph"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);
}

void SessionGraphView::setGraph(const SessionGraph &graph)
{
    m_graph = graph;
    rebuild();
}

QRectF SessionGraphView::nodeRect(const QString &id) const
{
    return m_nodeRects.value(id);
}

void SessionGraphView::fitScene()
{
    // Whole graph visible when it is larger than the view; never magnified beyond 1:1.
    m_view->resetTransform();
    const QRectF r = m_scene->sceneRect();
    const QSize vp = m_view->viewport()->size();
    if (r.width() > vp.width() || r.height() > vp.height())
        m_view->fitInView(r, Qt::KeepAspectRatio);
    else
        m_view->centerOn(r.center());
}

bool SessionGraphView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitScene();
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        const auto *me = static_cast<QMouseEvent *>(event);
        for (QGraphicsItem *item : m_view->items(me->position().toPoint())) {
            while (item && item->data(kSessionRole).isNull())
                item = item->parentItem();
            if (item) {
                Q_EMIT sessionActivated(item->data(kSessionRole).toString());
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SessionGraphView::rebuild()
{
    m_scene->clear();
    m_nodeRects.clear();
    m_nodeItems = 0;
    m_edgeItems = 0;
    const int n = int(m_graph.nodes.size());

    // Layers: namespace 0; every other node at least 1 and right of its exporters (longest
    // path, bounded so cycles terminate).
    QList<int> layer(n, 1);
    for (int i = 0; i < n; ++i)
        if (m_graph.nodes.at(i).kind == SessionGraph::Node::Kind::Namespace)
            layer[i] = 0;
    for (int round = 0; round < n; ++round) {
        bool changed = false;
        for (const SessionGraph::Edge &e : m_graph.edges) {
            if (e.inCycle || e.namespaceExport || e.from == e.to)
                continue;
            if (layer[e.to] < layer[e.from] + 1 && m_graph.nodes.at(e.to).kind != SessionGraph::Node::Kind::Namespace) {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    QMap<int, QList<int>> byLayer;
    for (int i = 0; i < n; ++i)
        byLayer[layer[i]].append(i);

    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor accent = pal.color(QPalette::Highlight);
    QList<QRectF> rects(n);
    for (auto it = byLayer.cbegin(); it != byLayer.cend(); ++it) {
        int row = 0;
        for (int i : it.value()) {
            const QRectF r(it.key() * (kNodeW + kLayerGap), row * (kNodeH + kRowGap), kNodeW, kNodeH);
            rects[i] = r;
            ++row;
        }
    }

    // Edges first (under the boxes), grouped per exporter/importer pair.
    for (const QList<int> &group : m_graph.edgeGroups()) {
        const SessionGraph::Edge &first = m_graph.edges.at(group.front());
        QStringList secrets;
        bool dangling = false, unused = false, cycle = false, ns = false;
        for (int ei : group) {
            const SessionGraph::Edge &e = m_graph.edges.at(ei);
            secrets << e.secret;
            dangling = dangling || e.problem == SessionGraph::Edge::Problem::DanglingImport;
            unused = unused || e.problem == SessionGraph::Edge::Problem::UnusedExport;
            cycle = cycle || e.inCycle;
            ns = ns || e.namespaceExport;
        }
        const QRectF a = rects.at(first.from), b = rects.at(first.to);
        // Pairs drawn in both directions bend apart.
        bool reverseExists = false;
        for (const SessionGraph::Edge &e : m_graph.edges)
            reverseExists = reverseExists || (e.from == first.to && e.to == first.from);
        const QPointF p1 = boundaryPoint(a, b.center()), p2 = boundaryPoint(b, a.center());
        QPointF mid = (p1 + p2) / 2;
        if (reverseExists || first.from == first.to) {
            const QPointF d = p2 - p1;
            const qreal len = std::max<qreal>(1, std::hypot(d.x(), d.y()));
            mid += QPointF(-d.y() / len, d.x() / len) * 40;
        }
        QPainterPath path(p1);
        path.quadTo(mid, p2);
        // Arrow head at p2.
        const QPointF dir = p2 - path.pointAtPercent(0.9);
        const qreal ang = std::atan2(dir.y(), dir.x());
        QPainterPath head(p2);
        head.lineTo(p2 - QPointF(std::cos(ang - 0.45), std::sin(ang - 0.45)) * 11);
        head.moveTo(p2);
        head.lineTo(p2 - QPointF(std::cos(ang + 0.45), std::sin(ang + 0.45)) * 11);
        path.addPath(head);
        QColor color = text;
        Qt::PenStyle style = Qt::SolidLine;
        if (ns) {
            color = pal.color(QPalette::PlaceholderText);
            style = Qt::DotLine;
        }
        if (unused) {
            color = theme::warningColor();
            style = Qt::DashLine;
        }
        if (dangling) {
            color = theme::errorColor();
            style = Qt::DashLine;
        }
        if (cycle)
            color = theme::errorColor();
        auto *edge = new QGraphicsPathItem(path);
        edge->setPen(QPen(color, cycle || dangling ? 2.0 : 1.4, style, Qt::RoundCap, Qt::RoundJoin));
        edge->setData(kNodeKindRole, QStringLiteral("edge"));
        QString tip =
            QStringLiteral("%1 → %2\n%3")
                .arg(m_graph.nodes.at(first.from).id, m_graph.nodes.at(first.to).id, secrets.join(QLatin1Char('\n')));
        if (dangling)
            tip += QStringLiteral("\nImported but not exported to this session (dangling import)");
        if (unused)
            tip += QStringLiteral("\nExported but nobody imports it");
        if (cycle)
            tip += QStringLiteral("\nPart of an import cycle: no upload order exists");
        if (ns)
            tip += QStringLiteral("\nExported to the whole namespace");
        edge->setToolTip(tip);
        edge->setZValue(-1);
        m_scene->addItem(edge);
        // One secret per line, centred above the middle of the arrow.
        auto *label = new QGraphicsSimpleTextItem(secrets.join(QLatin1Char('\n')), edge);
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        label->setFont(f);
        label->setBrush(color);
        const QPointF at = path.pointAtPercent(0.5);
        label->setPos(at - QPointF(label->boundingRect().width() / 2, label->boundingRect().height() + 3));
        ++m_edgeItems;
    }

    for (int i = 0; i < n; ++i) {
        const SessionGraph::Node &node = m_graph.nodes.at(i);
        const QRectF r = rects.at(i);
        QPainterPath shape;
        shape.addRoundedRect(r, 8, 8);
        auto *box = new QGraphicsPathItem(shape);
        QPen pen(accent, 1.6);
        QBrush brush(base);
        if (node.kind == SessionGraph::Node::Kind::Namespace) {
            pen.setColor(pal.color(QPalette::PlaceholderText));
            brush = QBrush(pal.color(QPalette::AlternateBase));
        } else if (node.kind == SessionGraph::Node::Kind::Missing) {
            pen = QPen(theme::errorColor(), 1.6, Qt::DashLine);
            brush = Qt::NoBrush;
        } else if (node.curated) {
            pen.setStyle(Qt::DotLine);
        }
        if (node.inCycle)
            pen = QPen(theme::errorColor(), 2.4);
        box->setPen(pen);
        box->setBrush(brush);
        box->setData(kNodeKindRole, QStringLiteral("node"));
        if (node.sessionIndex >= 0)
            box->setData(kSessionRole, node.id);
        QString tip = node.id;
        if (node.kind == SessionGraph::Node::Kind::Namespace)
            tip += QStringLiteral("\nNamespace session: uploaded first");
        if (node.kind == SessionGraph::Node::Kind::Missing)
            tip += QStringLiteral("\nNot part of this mesh");
        if (node.curated)
            tip += QStringLiteral("\nCurated image: its embedded policy is not known");
        if (node.inCycle)
            tip += QStringLiteral("\nIn an import cycle");
        if (!node.publicSecrets.isEmpty())
            tip += QStringLiteral("\nPublic (export_public): ") + node.publicSecrets.join(QStringLiteral(", "));
        box->setToolTip(tip);
        m_scene->addItem(box);
        QFont bold = font();
        bold.setBold(true);
        auto *title = new QGraphicsSimpleTextItem(
            QFontMetrics(bold).elidedText(node.label, Qt::ElideMiddle, int(kNodeW - 20)), box);
        title->setFont(bold);
        title->setBrush(node.kind == SessionGraph::Node::Kind::Missing ? QBrush(theme::errorColor()) : QBrush(text));
        title->setPos(r.left() + 10, r.top() + 8);
        QString sub = node.kind == SessionGraph::Node::Kind::Namespace ? QStringLiteral("namespace")
                      : node.kind == SessionGraph::Node::Kind::Missing ? QStringLiteral("missing")
                      : node.curated                                   ? QStringLiteral("curated image")
                                                                       : QStringLiteral("session");
        if (!node.publicSecrets.isEmpty())
            sub += QStringLiteral("  ·  public: ") + node.publicSecrets.join(QStringLiteral(", "));
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        auto *subtitle =
            new QGraphicsSimpleTextItem(QFontMetrics(small).elidedText(sub, Qt::ElideRight, int(kNodeW - 20)), box);
        subtitle->setFont(small);
        subtitle->setBrush(node.publicSecrets.isEmpty() ? pal.color(QPalette::PlaceholderText) : theme::warningColor());
        subtitle->setPos(r.left() + 10, r.top() + 32);
        m_nodeRects.insert(node.id, r);
        ++m_nodeItems;
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    fitScene();

    const int problems = m_graph.problemCount();
    m_summary->setText(
        QStringLiteral("%1 sessions, %2 secret transfers%3. Arrows point from the exporting to the importing "
                       "session; red dashed: dangling import, orange dashed: export nobody imports, red: cycle.")
            .arg(n)
            .arg(m_graph.edges.size())
            .arg(problems ? QStringLiteral(", %1 problems").arg(problems) : QString()));
}

}  // namespace workbench::ui
