#ifndef ENGINELANE_H
#define ENGINELANE_H

#include <QtWidgets/qwidget.h>

class CaptureSession;
struct EngineEvent;

// The engine lane: one time axis for everything below Socket.IO's events.
// Per stream: the transport (polling, websocket) as a bar with the upgrade
// probe and the switch, the heartbeat (pings and pongs, each ping's window of
// pingInterval and its deadline of pingInterval + pingTimeout, late ones in
// red), the namespaces joining, refused and leaving, and the connection's
// closes, errors and reconnect attempts. The wheel zooms, dragging pans,
// hovering explains, clicking goes to the packet.
class EngineLane : public QWidget
{
    Q_OBJECT
public:
    explicit EngineLane(CaptureSession *session, QWidget *parent = nullptr);

    void fit(); // show the whole capture
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {400, 120}; }

Q_SIGNALS:
    void jumpToRow(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Hit { QRectF rect; int event; };
    qreal xOf(qint64 timeUs) const;
    qint64 timeAt(qreal x) const;
    int laneCount() const;
    QRectF plotRect() const;
    int hitAt(const QPointF &pos) const;

    CaptureSession *const m_session;
    qint64 m_startUs = 0;     // visible range
    qint64 m_endUs = 0;
    bool m_fitted = true;     // follows the capture's end until the user zooms or pans
    QPointF m_dragFrom;
    qint64 m_dragStartUs = 0;
    bool m_dragging = false;
    QList<Hit> m_hits;        // markers drawn, for tooltips and clicks
};

#endif // ENGINELANE_H
