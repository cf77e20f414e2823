// SPDX-License-Identifier: Apache-2.0
#include "policies/sessiongraphview.h"

#include "common/theme.h"
#include "core/plural.h"

#include <QFontMetrics>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainterPath>
#include <QPainterPathStroker>
#include <QtMath>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <limits>

namespace workbench::ui {

using models::policy::SessionGraph;

namespace {

constexpr qreal kNodeW = 190;
constexpr qreal kNodeH = 58;
constexpr qreal kLayerGap = 170;
constexpr qreal kRowGap = 56;
constexpr qreal kMinZoom = 0.05;
constexpr qreal kMaxZoom = 4.0;
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

/// Adds an arrow head at @p tip pointing in direction @p from -> @p tip.
void addHead(QPainterPath &path, const QPointF &from, const QPointF &tip)
{
    const QPointF dir = tip - from;
    const qreal ang = std::atan2(dir.y(), dir.x());
    path.moveTo(tip);
    path.lineTo(tip - QPointF(std::cos(ang - 0.45), std::sin(ang - 0.45)) * 11);
    path.moveTo(tip);
    path.lineTo(tip - QPointF(std::cos(ang + 0.45), std::sin(ang + 0.45)) * 11);
}

/// A secret transfer to draw: the arrow and the label that goes with it.
struct Arrow {
    QPainterPath path;  ///< without the head
    QPainterPath full;  ///< with the head
    QString label;
    QColor color;
    QPen pen;
    QString tip;
};

}  // namespace

SessionGraphView::SessionGraphView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 4, 0);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("graphSummary"));
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 4);
    top->addWidget(m_summary, 1);
    auto button = [this, top](const QString &text, const QString &name, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        top->addWidget(b, 0, Qt::AlignTop);
        return b;
    };
    auto *zoomOut = button(QStringLiteral("−"), QStringLiteral("graphZoomOut"), QStringLiteral("Zoom out (wheel)"));
    auto *zoomIn = button(QStringLiteral("+"), QStringLiteral("graphZoomIn"), QStringLiteral("Zoom in (wheel)"));
    m_oneToOne = button(QStringLiteral("100%"), QStringLiteral("graphOneToOne"), QStringLiteral("Actual size"));
    m_fit = button(QStringLiteral("Fit"), QStringLiteral("graphFit"), QStringLiteral("Show the whole graph"));
    layout->addLayout(top);
    m_scene = new QGraphicsScene(this);
    m_view = new QGraphicsView(m_scene, this);
    m_view->setObjectName(QStringLiteral("sessionGraph"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);
    connect(zoomIn, &QToolButton::clicked, this, [this] { zoomBy(1); });
    connect(zoomOut, &QToolButton::clicked, this, [this] { zoomBy(-1); });
    connect(m_oneToOne, &QToolButton::clicked, this, &SessionGraphView::resetZoom);
    connect(m_fit, &QToolButton::clicked, this, &SessionGraphView::fitToView);
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

qreal SessionGraphView::zoom() const
{
    return m_view->transform().m11();
}

void SessionGraphView::applyZoom(qreal factor, const QPoint &anchorInViewport)
{
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (qFuzzyCompare(target, zoom()))
        return;
    // Keep the scene point under the anchor where it is.
    const QPointF before = m_view->mapToScene(anchorInViewport);
    m_view->setTransform(QTransform::fromScale(target, target));
    const QPointF after = m_view->mapToScene(anchorInViewport);
    m_view->centerOn(m_view->mapToScene(m_view->viewport()->rect().center()) + (before - after));
    m_userZoomed = true;
}

void SessionGraphView::zoomBy(qreal steps)
{
    applyZoom(std::pow(1.15, steps), m_view->viewport()->rect().center());
}

void SessionGraphView::fitToView()
{
    m_userZoomed = false;
    fitScene();
}

void SessionGraphView::resetZoom()
{
    m_view->resetTransform();
    m_userZoomed = true;
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
    if (watched == m_view->viewport() && event->type() == QEvent::Resize && !m_userZoomed)
        fitScene();
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        const auto *we = static_cast<QWheelEvent *>(event);
        const qreal steps = we->angleDelta().y() / 120.0;
        if (!qFuzzyIsNull(steps))
            applyZoom(std::pow(1.15, steps), we->position().toPoint());
        return true;
    }
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
    m_labels.clear();
    m_arrows.clear();
    m_nodeItems = 0;
    m_edgeItems = 0;
    m_grantItems = 0;
    const int n = int(m_graph.nodes.size());
    auto isNamespace = [this](int i) { return m_graph.nodes.at(i).kind == SessionGraph::Node::Kind::Namespace; };

    // Columns for everything but the namespace session: right of its exporters (longest
    // path, bounded so cycles terminate). The namespace session sits above them all.
    QList<int> layer(n, 0);
    for (int round = 0; round < n; ++round) {
        bool changed = false;
        for (const SessionGraph::Edge &e : m_graph.edges) {
            if (e.inCycle || e.namespaceExport || e.from == e.to || isNamespace(e.from) || isNamespace(e.to))
                continue;
            if (layer[e.to] < layer[e.from] + 1) {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    QMap<int, QList<int>> byLayer;
    QList<int> namespaces;
    for (int i = 0; i < n; ++i) {
        if (isNamespace(i))
            namespaces.append(i);
        else
            byLayer[layer[i]].append(i);
    }
    QList<QRectF> rects(n);
    qreal minX = 0, maxX = kNodeW;
    for (auto it = byLayer.cbegin(); it != byLayer.cend(); ++it) {
        int row = 0;
        for (int i : it.value()) {
            rects[i] = QRectF(it.key() * (kNodeW + kLayerGap), row * (kNodeH + kRowGap), kNodeW, kNodeH);
            maxX = std::max(maxX, rects[i].right());
            ++row;
        }
    }

    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor accent = pal.color(QPalette::Highlight);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF smallMetrics(small);

    // Secret transfers between sessions, one arrow per exporter/importer pair.
    QList<Arrow> arrows;
    QList<QList<int>> namespaceGroups;  // drawn once the namespace session has its place
    for (const QList<int> &group : m_graph.edgeGroups()) {
        const SessionGraph::Edge &first = m_graph.edges.at(group.front());
        if (isNamespace(first.from) || isNamespace(first.to)) {
            namespaceGroups.append(group);
            continue;
        }
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
        bool reverseExists = false;
        for (const SessionGraph::Edge &e : m_graph.edges)
            reverseExists = reverseExists || (e.from == first.to && e.to == first.from);
        const QPointF p1 = boundaryPoint(a, b.center()), p2 = boundaryPoint(b, a.center());
        QPointF mid = (p1 + p2) / 2;
        const QPointF d = p2 - p1;
        const qreal len = std::max<qreal>(1, std::hypot(d.x(), d.y()));
        if (reverseExists || first.from == first.to)
            mid += QPointF(-d.y() / len, d.x() / len) * 40;  // pairs drawn both ways bend apart
        // Arrows that skip columns bend below the boxes they would otherwise cross.
        const int span = std::abs(layer[first.to] - layer[first.from]);
        if (span > 1)
            mid += QPointF(0, (kNodeH + kRowGap) * 0.9 * (span - 1));
        Arrow arrow;
        arrow.path = QPainterPath(p1);
        arrow.path.quadTo(mid, p2);
        arrow.full = arrow.path;
        addHead(arrow.full, arrow.path.pointAtPercent(0.9), p2);
        arrow.label = secrets.join(QLatin1Char('\n'));
        arrow.color = text;
        Qt::PenStyle style = Qt::SolidLine;
        if (ns) {
            arrow.color = muted;
            style = Qt::DotLine;
        }
        if (unused) {
            arrow.color = theme::warningColor();
            style = Qt::DashLine;
        }
        if (dangling) {
            arrow.color = theme::errorColor();
            style = Qt::DashLine;
        }
        if (cycle)
            arrow.color = theme::errorColor();
        arrow.pen = QPen(arrow.color, cycle || dangling ? 2.0 : 1.4, style, Qt::RoundCap, Qt::RoundJoin);
        arrow.tip =
            QStringLiteral("%1 → %2\n%3")
                .arg(m_graph.nodes.at(first.from).id, m_graph.nodes.at(first.to).id, secrets.join(QLatin1Char('\n')));
        if (dangling)
            arrow.tip += QStringLiteral("\nImported but not exported to this session (dangling import)");
        if (unused)
            arrow.tip += QStringLiteral("\nExported but nobody imports it");
        if (cycle)
            arrow.tip += QStringLiteral("\nPart of an import cycle: no upload order exists");
        if (ns)
            arrow.tip += QStringLiteral("\nExported to the whole namespace");
        arrows.append(arrow);
    }

    // The namespace session above everything the labels of those arrows may cover, with the
    // lines to the sessions it grants running along a bus between it and them.
    qreal contentTop = 0;
    qreal maxLabelHeight = 0;
    for (const Arrow &a : std::as_const(arrows)) {
        contentTop = std::min(contentTop, a.full.boundingRect().top());
        maxLabelHeight = std::max(maxLabelHeight, smallMetrics.lineSpacing() * (a.label.count(QLatin1Char('\n')) + 1));
    }
    const qreal busY = contentTop - maxLabelHeight - 26;
    const qreal nsWidth = namespaces.size() * kNodeW + std::max<qsizetype>(0, namespaces.size() - 1) * 40;
    qreal nsX = (minX + maxX) / 2 - nsWidth / 2;
    for (int i : std::as_const(namespaces)) {
        rects[i] = QRectF(nsX, busY - 34 - kNodeH, kNodeW, kNodeH);
        nsX += kNodeW + 40;
    }
    QList<QPainterPath> grantPaths;
    for (const SessionGraph::Grant &g : m_graph.grants) {
        const QRectF from = rects.at(g.from), to = rects.at(g.to);
        QPainterPath path(QPointF(from.center().x(), from.bottom()));
        path.lineTo(from.center().x(), busY);
        if (to.top() <= 0) {  // top of its column: straight down into it
            path.lineTo(to.center().x(), busY);
            path.lineTo(to.center().x(), to.top());
            addHead(path, QPointF(to.center().x(), to.top() - 20), QPointF(to.center().x(), to.top()));
        } else {  // below another box: down the gap left of the column, in from the side
            const qreal x = to.left() - 16;
            path.lineTo(x, busY);
            path.lineTo(x, to.center().y());
            path.lineTo(to.left(), to.center().y());
            addHead(path, QPointF(x, to.center().y()), QPointF(to.left(), to.center().y()));
        }
        grantPaths.append(path);
        auto *item = new QGraphicsPathItem(path);
        item->setPen(QPen(muted, 1.2, Qt::DotLine, Qt::RoundCap, Qt::RoundJoin));
        item->setData(kNodeKindRole, QStringLiteral("grant"));
        item->setToolTip(QStringLiteral("%1 lets its creator create %2 (access_policy.create_sessions)")
                             .arg(m_graph.nodes.at(g.from).id, m_graph.nodes.at(g.to).id));
        item->setZValue(-2);
        m_scene->addItem(item);
        m_arrows.append(item);
        ++m_grantItems;
    }
    // Exports to the whole namespace point up at the namespace session.
    for (const QList<int> &group : std::as_const(namespaceGroups)) {
        const SessionGraph::Edge &first = m_graph.edges.at(group.front());
        QStringList secrets;
        for (int ei : group)
            secrets << m_graph.edges.at(ei).secret;
        const QRectF a = rects.at(first.from), b = rects.at(first.to);
        const QPointF p1 = boundaryPoint(a, b.center()), p2 = boundaryPoint(b, a.center());
        const QPointF d = p2 - p1;
        const qreal len = std::max<qreal>(1, std::hypot(d.x(), d.y()));
        Arrow arrow;
        arrow.path = QPainterPath(p1);
        arrow.path.quadTo((p1 + p2) / 2 + QPointF(-d.y() / len, d.x() / len) * 60, p2);
        arrow.full = arrow.path;
        addHead(arrow.full, arrow.path.pointAtPercent(0.9), p2);
        arrow.label = secrets.join(QLatin1Char('\n'));
        arrow.color = muted;
        arrow.pen = QPen(muted, 1.4, Qt::DotLine, Qt::RoundCap, Qt::RoundJoin);
        arrow.tip = QStringLiteral("%1 → %2\n%3\nExported to the whole namespace")
                        .arg(m_graph.nodes.at(first.from).id, m_graph.nodes.at(first.to).id, arrow.label);
        arrows.append(arrow);
    }

    // Arrows under the boxes.
    QPainterPathStroker stroker;
    stroker.setWidth(4);
    QList<QPainterPath> strokes;
    for (const QPainterPath &g : std::as_const(grantPaths))
        strokes.append(stroker.createStroke(g));
    for (const Arrow &a : std::as_const(arrows)) {
        auto *edge = new QGraphicsPathItem(a.full);
        edge->setPen(a.pen);
        edge->setData(kNodeKindRole, QStringLiteral("edge"));
        edge->setToolTip(a.tip);
        edge->setZValue(-1);
        m_scene->addItem(edge);
        m_arrows.append(edge);
        strokes.append(stroker.createStroke(a.full));
        ++m_edgeItems;
    }

    // Labels where they cross no arrow, no box and no other label: along the arrow, above or
    // below it, nearest the middle first; failing that, where they collide least.
    QList<QRectF> occupied;
    for (int i = 0; i < n; ++i)
        occupied.append(rects.at(i).adjusted(-3, -3, 3, 3));
    for (const Arrow &a : std::as_const(arrows)) {
        const QStringList lines = a.label.split(QLatin1Char('\n'));
        qreal w = 0;
        for (const QString &l : lines)
            w = std::max(w, smallMetrics.horizontalAdvance(l));
        const QSizeF size(w + 8, smallMetrics.lineSpacing() * lines.size() + 4);
        QRectF best;
        int bestCollisions = std::numeric_limits<int>::max();
        for (const qreal t : {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82}) {
            const QPointF p = a.path.pointAtPercent(t);
            // Above, below, right of, left of the arrow there.
            const QPointF corners[] = {{p.x() - size.width() / 2, p.y() - size.height() - 5},
                                       {p.x() - size.width() / 2, p.y() + 5},
                                       {p.x() + 6, p.y() - size.height() / 2},
                                       {p.x() - size.width() - 6, p.y() - size.height() / 2}};
            for (const QPointF &corner : corners) {
                const QRectF r(corner, size);
                int collisions = 0;
                for (const QRectF &o : std::as_const(occupied))
                    collisions += o.intersects(r) ? 1 : 0;
                for (const QPainterPath &s : std::as_const(strokes))
                    collisions += s.intersects(r) ? 1 : 0;
                if (collisions < bestCollisions) {
                    bestCollisions = collisions;
                    best = r;
                }
                if (collisions == 0)
                    break;
            }
            if (bestCollisions == 0)
                break;
        }
        occupied.append(best.adjusted(-2, -2, 2, 2));
        auto *box = new QGraphicsRectItem(QRectF(QPointF(0, 0), best.size()));
        box->setPos(best.topLeft());
        QColor fill = base;
        fill.setAlpha(235);
        box->setBrush(fill);
        box->setPen(Qt::NoPen);
        box->setToolTip(a.tip);
        box->setData(kNodeKindRole, QStringLiteral("label"));
        box->setZValue(1);
        auto *label = new QGraphicsSimpleTextItem(a.label, box);
        label->setFont(small);
        label->setBrush(a.color);
        label->setPos(4, 2);
        m_scene->addItem(box);
        m_labels.append(box);
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
            pen.setColor(muted);
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
            tip += QStringLiteral("\nNamespace session: uploaded first; lets its creator create the sessions below");
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
        auto *subtitle =
            new QGraphicsSimpleTextItem(QFontMetrics(small).elidedText(sub, Qt::ElideMiddle, int(kNodeW - 20)), box);
        subtitle->setFont(small);
        subtitle->setBrush(node.publicSecrets.isEmpty() ? muted : theme::warningColor());
        subtitle->setPos(r.left() + 10, r.top() + 32);
        m_nodeRects.insert(node.id, r);
        ++m_nodeItems;
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    if (!m_userZoomed)
        fitScene();

    const int problems = m_graph.problemCount();
    m_summary->setText(
        QStringLiteral("%1, %2%3. Arrows point from the exporting to the importing session; red dashed: dangling "
                       "import, orange dashed: export nobody imports, red: cycle; dotted from the namespace session: "
                       "the sessions it lets its creator create. Wheel: zoom.")
            .arg(counted(n, QStringLiteral("session")),
                 counted(m_graph.edges.size(), QStringLiteral("secret transfer")),
                 problems ? QStringLiteral(", ") + counted(problems, QStringLiteral("problem")) : QString()));
}

}  // namespace workbench::ui
