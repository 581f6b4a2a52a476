#ifndef RTTCHART_H
#define RTTCHART_H

#include <QtWidgets/qwidget.h>

class CaptureSession;

// Round-trip times of a capture's acks, drawn with QPainter: a histogram with
// the p50 / p90 / p99 marks above, and a timeline below (each answered
// request at its send time and height, timeouts as red crosses along the
// top), for every event or for the one selected.
class RttChart : public QWidget
{
    Q_OBJECT
public:
    explicit RttChart(CaptureSession *session, QWidget *parent = nullptr);

    void setEventName(const QString &event); // empty: every event
    QString eventName() const { return m_event; }
    QSize sizeHint() const override { return {520, 360}; }
    QSize minimumSizeHint() const override { return {300, 220}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Axis;
    void drawHistogram(class QPainter &p, const QRectF &area, const QList<double> &rtts, const Axis &axis);
    void drawTimeline(QPainter &p, const QRectF &area, const Axis &axis);
    int timeoutCount() const;

    CaptureSession *const m_session;
    QString m_event;
    qreal m_margin = 40; // left of the plots, for the axis labels
};

#endif // RTTCHART_H
