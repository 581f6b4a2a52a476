#include "enginelane.h"

#include "capturesession.h"
#include "theme.h"

#include <QtGui/qevent.h>
#include <QtGui/qpainter.h>
#include <QtGui/qpainterpath.h>
#include <QtWidgets/qtooltip.h>

#include <cmath>

using namespace Qt::StringLiterals;

static constexpr qreal LabelWidth = 118;
static constexpr qreal AxisHeight = 22;
static constexpr qreal LaneHeight = 26;
static constexpr int LanesPerStream = 4; // transport, heartbeat, namespaces, connection
static constexpr int MaxStreams = 6;

EngineLane::EngineLane(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setMouseTracking(true);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Qt::white);
    setPalette(pal);
    connect(session, &CaptureSession::timelineEventAdded, this, qOverload<>(&QWidget::update));
    connect(session, &CaptureSession::packetAdded, this, [this] {
        if (m_fitted)
            update();
    });
    connect(session, &CaptureSession::cleared, this, &EngineLane::fit);
}

QSize EngineLane::sizeHint() const
{
    return {800, int(AxisHeight + LaneHeight * LanesPerStream * qMin(MaxStreams, m_session->streamCount()) + 12)};
}

void EngineLane::fit()
{
    m_fitted = true;
    update();
}

int EngineLane::laneCount() const
{
    return LanesPerStream * qMin(MaxStreams, qMax(1, m_session->streamCount()));
}

QRectF EngineLane::plotRect() const
{
    return QRectF(LabelWidth, AxisHeight, width() - LabelWidth - 12, laneCount() * LaneHeight);
}

qreal EngineLane::xOf(qint64 timeUs) const
{
    const QRectF plot = plotRect();
    const double span = double(qMax<qint64>(1, m_endUs - m_startUs));
    return plot.left() + plot.width() * double(timeUs - m_startUs) / span;
}

qint64 EngineLane::timeAt(qreal x) const
{
    const QRectF plot = plotRect();
    return m_startUs + qint64(double(m_endUs - m_startUs) * (x - plot.left()) / qMax<qreal>(1, plot.width()));
}

static QString tickLabel(double seconds, double step)
{
    const int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
    return u"%1 s"_s.arg(seconds, 0, 'f', decimals);
}

void EngineLane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    m_hits.clear();
    const QFontMetricsF fm(font());
    const qint64 t0 = m_session->firstTimeUs();
    const EngineTimeline &timeline = m_session->timeline();

    if (m_fitted || m_endUs <= m_startUs) {
        m_startUs = t0;
        qint64 last = m_session->lastTimeUs();
        if (timeline.count() > 0)
            last = qMax(last, timeline.events().last().timeUs);
        m_endUs = qMax(last, m_startUs + 1000000); // at least a second
        m_endUs += (m_endUs - m_startUs) / 50;       // a little room on the right
    }
    if (m_session->packetCount() == 0 && timeline.count() == 0) {
        p.setPen(Theme::mutedText());
        p.drawText(rect(), Qt::AlignCenter, u"No engine activity yet."_s);
        return;
    }
    const QRectF plot = plotRect();

    // Axis with "nice" ticks.
    const double spanS = double(m_endUs - m_startUs) / 1e6;
    const double rough = spanS / qMax(1.0, plot.width() / 90);
    const double mag = std::pow(10.0, std::floor(std::log10(rough)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * mag >= rough) {
            step = m * mag;
            break;
        }
    }
    const double firstTick = std::ceil(double(m_startUs - t0) / 1e6 / step) * step;
    for (double s = firstTick; s <= double(m_endUs - t0) / 1e6; s += step) {
        const qreal x = xOf(t0 + qint64(s * 1e6));
        p.setPen(QColor(0xee, 0xee, 0xee));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(Theme::mutedText());
        const QString label = tickLabel(s, step);
        p.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, AxisHeight - 7), label);
    }

    const int streams = qMin(MaxStreams, qMax(1, m_session->streamCount()));
    const char *laneNames[LanesPerStream] = {"Transport", "Heartbeat", "Namespaces", "Connection"};
    for (int s = 0; s < streams; ++s) {
        for (int l = 0; l < LanesPerStream; ++l) {
            const qreal y = plot.top() + (s * LanesPerStream + l) * LaneHeight;
            if (l == 0 && s > 0) {
                p.setPen(QColor(0xcc, 0xcc, 0xcc));
                p.drawLine(QPointF(0, y), QPointF(width(), y));
            }
            p.setPen(palette().color(QPalette::WindowText));
            QString name = QString::fromLatin1(laneNames[l]);
            if (l == 0 && m_session->streamCount() > 1)
                name = u"%1 · %2"_s.arg(s).arg(fm.elidedText(m_session->streamLabel(s), Qt::ElideRight, 60));
            p.drawText(QRectF(6, y, LabelWidth - 10, LaneHeight), Qt::AlignVCenter | Qt::AlignLeft, name);
            p.fillRect(QRectF(plot.left(), y + LaneHeight / 2 - 0.5, plot.width(), 1), QColor(0xf0, 0xf0, 0xf0));
        }
    }
    p.setClipRect(plot.adjusted(-6, -2, 6, 2));

    const auto laneY = [&](int stream, int lane) {
        return plot.top() + (stream * LanesPerStream + lane) * LaneHeight + LaneHeight / 2;
    };
    const auto marker = [&](const QPointF &c, qreal r, int eventIndex) {
        m_hits.append({QRectF(c.x() - r - 2, c.y() - r - 2, 2 * r + 4, 2 * r + 4), eventIndex});
    };

    // Transport bars: from each open (or transport change) to the next change or close.
    struct Segment { qint64 from; QString transport; };
    QList<Segment> open(streams);
    QList<bool> live(streams, false);
    const auto closeSegment = [&](int s, qint64 until) {
        if (!live[s])
            return;
        const qreal y = laneY(s, 0);
        const QRectF bar(QPointF(xOf(open[s].from), y - 6), QPointF(qMax(xOf(until), xOf(open[s].from) + 2), y + 6));
        QColor c = Theme::transportColor(open[s].transport);
        p.setPen(Qt::NoPen);
        p.setBrush(c.lighter(150));
        p.drawRoundedRect(bar, 3, 3);
        p.setPen(c.darker(130));
        if (bar.width() > fm.horizontalAdvance(open[s].transport) + 8)
            p.drawText(bar, Qt::AlignCenter, open[s].transport);
        live[s] = false;
    };
    const qint64 endOfCapture = qMax(m_session->lastTimeUs(), timeline.count() ? timeline.events().last().timeUs : 0);

    for (int i = 0; i < timeline.count(); ++i) {
        const EngineEvent &e = timeline.event(i);
        if (e.stream >= streams)
            continue;
        const QString transport = e.row >= 0 ? m_session->packet(e.row).transport : QString();
        if (e.kind == EngineEvent::Open) {
            closeSegment(e.stream, e.timeUs);
            open[e.stream] = {e.timeUs, transport};
            live[e.stream] = true;
        } else if (e.kind == EngineEvent::Upgrade) {
            if (live[e.stream] && transport != open[e.stream].transport) {
                closeSegment(e.stream, e.timeUs);
                open[e.stream] = {e.timeUs, transport};
                live[e.stream] = true;
            }
        } else if (e.kind == EngineEvent::Close) {
            closeSegment(e.stream, e.timeUs);
        }
    }
    for (int s = 0; s < streams; ++s)
        closeSegment(s, endOfCapture);

    // Heartbeat windows: after each ping (or the open), the next is due within
    // pingInterval; past pingInterval + pingTimeout the session is dead.
    for (int s = 0; s < streams; ++s) {
        const EngineStreamInfo info = timeline.streamInfo(s);
        if (info.pingInterval <= 0)
            continue;
        const qreal y = laneY(s, 1);
        for (int i = 0; i < timeline.count(); ++i) {
            const EngineEvent &e = timeline.event(i);
            if (e.stream != s || (e.kind != EngineEvent::Ping && e.kind != EngineEvent::Open))
                continue;
            const qreal x0 = xOf(e.timeUs);
            const qreal x1 = xOf(e.timeUs + qint64(info.pingInterval) * 1000);
            const qreal x2 = xOf(e.timeUs + qint64(info.pingInterval + info.pingTimeout) * 1000);
            p.fillRect(QRectF(x0, y - 9, x1 - x0, 18), QColor(0x2e, 0x9e, 0x5b, 22));
            p.fillRect(QRectF(x1, y - 9, x2 - x1, 18), QColor(0xe0, 0x8e, 0x2b, 22));
            p.setPen(QPen(QColor(0xc6, 0x28, 0x28, 120), 1, Qt::DotLine));
            p.drawLine(QPointF(x2, y - 9), QPointF(x2, y + 9));
        }
    }

    // Markers.
    for (int i = 0; i < timeline.count(); ++i) {
        const EngineEvent &e = timeline.event(i);
        if (e.stream >= streams)
            continue;
        const qreal x = xOf(e.timeUs);
        if (x < plot.left() - 10 || x > plot.right() + 10)
            continue;
        switch (e.kind) {
        case EngineEvent::Ping:
        case EngineEvent::Pong: {
            const qreal y = laneY(e.stream, 1);
            const bool ping = e.kind == EngineEvent::Ping;
            QPainterPath tri;
            if (ping) { // pointing down: sent by whoever pings
                tri.moveTo(x - 4, y - 8); tri.lineTo(x + 4, y - 8); tri.lineTo(x, y - 1);
            } else {
                tri.moveTo(x - 4, y + 8); tri.lineTo(x + 4, y + 8); tri.lineTo(x, y + 1);
            }
            tri.closeSubpath();
            p.setPen(Qt::NoPen);
            p.setBrush(Theme::directionColor(e.direction));
            p.drawPath(tri);
            marker(QPointF(x, y + (ping ? -4 : 4)), 4, i);
            break;
        }
        case EngineEvent::HeartbeatLate: {
            const qreal y = laneY(e.stream, 1);
            p.setPen(QPen(Theme::severityColor(LintFinding::Warning), 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(x, y), 8, 8);
            marker(QPointF(x, y), 8, i);
            break;
        }
        case EngineEvent::Open:
        case EngineEvent::UpgradeProbe:
        case EngineEvent::Upgrade:
        case EngineEvent::Close: {
            const qreal y = laneY(e.stream, e.kind == EngineEvent::Close && e.row < 0 ? 3 : 0);
            QColor c = e.kind == EngineEvent::Close ? QColor(0x55, 0x55, 0x55)
                     : e.kind == EngineEvent::Open  ? QColor(0x2e, 0x9e, 0x5b)
                                                    : QColor(0x8e, 0x44, 0xad);
            p.setPen(QPen(c, 2));
            p.drawLine(QPointF(x, y - 10), QPointF(x, y + 10));
            if (e.kind == EngineEvent::UpgradeProbe || e.kind == EngineEvent::Upgrade) {
                p.setBrush(c);
                p.drawEllipse(QPointF(x, y - 10), 2.5, 2.5);
            }
            marker(QPointF(x, y), 6, i);
            break;
        }
        case EngineEvent::NamespaceConnect:
        case EngineEvent::NamespaceConnected:
        case EngineEvent::NamespaceRefused:
        case EngineEvent::NamespaceDisconnect: {
            const qreal y = laneY(e.stream, 2);
            QColor c = e.kind == EngineEvent::NamespaceConnected ? QColor(0x2e, 0x9e, 0x5b)
                     : e.kind == EngineEvent::NamespaceRefused   ? QColor(0xc6, 0x28, 0x28)
                     : e.kind == EngineEvent::NamespaceConnect   ? QColor(0x9e, 0xc9, 0xaf)
                                                                 : QColor(0x80, 0x80, 0x80);
            p.setPen(QPen(c.darker(120), 1));
            p.setBrush(c);
            if (e.kind == EngineEvent::NamespaceRefused || e.kind == EngineEvent::NamespaceDisconnect)
                p.drawRect(QRectF(x - 4, y - 4, 8, 8));
            else
                p.drawEllipse(QPointF(x, y), 4.5, 4.5);
            marker(QPointF(x, y), 5, i);
            break;
        }
        case EngineEvent::ReconnectAttempt:
        case EngineEvent::Reconnected:
        case EngineEvent::ReconnectFailed:
        case EngineEvent::ConnectionError: {
            const qreal y = laneY(e.stream, 3);
            QColor c = e.kind == EngineEvent::Reconnected      ? QColor(0x2e, 0x9e, 0x5b)
                     : e.kind == EngineEvent::ReconnectAttempt ? QColor(0xe0, 0x8e, 0x2b)
                                                               : QColor(0xc6, 0x28, 0x28);
            QPainterPath diamond;
            diamond.moveTo(x, y - 6); diamond.lineTo(x + 6, y); diamond.lineTo(x, y + 6); diamond.lineTo(x - 6, y);
            diamond.closeSubpath();
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawPath(diamond);
            marker(QPointF(x, y), 6, i);
            break;
        }
        }
    }
    p.setClipping(false);
    p.setPen(QColor(0xcc, 0xcc, 0xcc));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
}

int EngineLane::hitAt(const QPointF &pos) const
{
    for (qsizetype k = m_hits.size() - 1; k >= 0; --k) {
        if (m_hits[k].rect.contains(pos))
            return m_hits[k].event;
    }
    return -1;
}

bool EngineLane::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = hitAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            return true;
        }
        const EngineEvent &e = m_session->timeline().event(i);
        QString text = u"<b>%1</b> · +%2 s"_s.arg(EngineEvent::kindName(e.kind))
                               .arg(double(e.timeUs - m_session->firstTimeUs()) / 1e6, 0, 'f', 3);
        if (!e.nsp.isEmpty())
            text += u" · "_s + e.nsp.toHtmlEscaped();
        if (e.row >= 0)
            text += u" · %1 · #%2"_s.arg(Theme::directionArrow(e.direction).toHtmlEscaped()).arg(e.row + 1);
        if (!e.detail.isEmpty())
            text += u"<br>"_s + e.detail.toHtmlEscaped();
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void EngineLane::wheelEvent(QWheelEvent *event)
{
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    const qint64 anchor = timeAt(event->position().x());
    m_startUs = anchor - qint64(double(anchor - m_startUs) * factor);
    m_endUs = anchor + qint64(double(m_endUs - anchor) * factor);
    if (m_endUs - m_startUs < 1000)
        m_endUs = m_startUs + 1000;
    m_fitted = false;
    update();
}

void EngineLane::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragFrom = event->position();
        m_dragStartUs = m_startUs;
        m_dragging = false;
    }
}

void EngineLane::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const qreal dx = event->position().x() - m_dragFrom.x();
    if (!m_dragging && qAbs(dx) < 4)
        return;
    m_dragging = true;
    const qint64 span = m_endUs - m_startUs;
    const qint64 shift = qint64(double(span) * dx / qMax<qreal>(1, plotRect().width()));
    m_startUs = m_dragStartUs - shift;
    m_endUs = m_startUs + span;
    m_fitted = false;
    update();
}

void EngineLane::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_dragging) {
        const int i = hitAt(event->position());
        if (i >= 0 && m_session->timeline().event(i).row >= 0)
            Q_EMIT jumpToRow(m_session->timeline().event(i).row);
    }
    m_dragging = false;
}
