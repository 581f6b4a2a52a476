#include "rttchart.h"

#include "ackstatistics.h"
#include "capturesession.h"
#include "theme.h"

#include <QtGui/qpainter.h>
#include <QtGui/qpainterpath.h>

#include <cmath>

using namespace Qt::StringLiterals;

RttChart::RttChart(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Qt::white);
    setPalette(pal);
}

void RttChart::setEventName(const QString &event)
{
    m_event = event;
    update();
}

// A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least v.
static double niceCeil(double v)
{
    if (v <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= v)
            return m * magnitude;
    }
    return 10 * magnitude;
}

static QString axisLabel(double ms)
{
    if (ms >= 1000)
        return u"%1 s"_s.arg(ms / 1000.0, 0, 'g', 3);
    if (ms < 1 && ms > 0)
        return u"%1 µs"_s.arg(ms * 1000.0, 0, 'g', 3);
    return u"%1 ms"_s.arg(ms, 0, 'g', 3);
}

// The round-trip axis both plots share. Answers in microseconds and others in seconds cannot
// share a linear axis (every fast answer would sit in the first bar): past a spread of about a
// decade and a half it becomes logarithmic, from the decade below the fastest answer to the
// one above the slowest.
struct RttChart::Axis
{
    bool log = false;
    double lo = 0; // ms
    double hi = 1; // ms

    static Axis fit(double minMs, double maxMs)
    {
        Axis axis;
        minMs = qMax(minMs, 0.001);
        if (maxMs / minMs > 30) {
            axis.log = true;
            axis.lo = std::pow(10.0, std::floor(std::log10(minMs)));
            axis.hi = std::pow(10.0, std::ceil(std::log10(maxMs * 1.0001)));
        } else {
            axis.hi = niceCeil(maxMs * 1.05);
        }
        return axis;
    }
    // Where a value sits, from 0 (lo) to 1 (hi), clamped.
    double fraction(double ms) const
    {
        if (!log)
            return qBound(0.0, (ms - lo) / (hi - lo), 1.0);
        return qBound(0.0, std::log10(qMax(ms, lo) / lo) / std::log10(hi / lo), 1.0);
    }
    double valueAt(double fraction) const
    {
        return log ? lo * std::pow(hi / lo, fraction) : lo + (hi - lo) * fraction;
    }
    // Tick positions as fractions: each decade on a log axis, quarters on a linear one.
    QList<double> ticks() const
    {
        QList<double> out;
        const int n = log ? qRound(std::log10(hi / lo)) : 4;
        for (int k = 0; k <= n; ++k)
            out.append(double(k) / n);
        return out;
    }
};

// Room for the widest y-axis label.
static qreal labelMargin(const QFontMetricsF &fm, const QStringList &labels)
{
    qreal w = 0;
    for (const QString &l : labels)
        w = qMax(w, fm.horizontalAdvance(l));
    return w + 8;
}

// A label on a white backing, so that it stays readable over bars and dots.
static void drawLabel(QPainter &p, const QPointF &baseline, const QString &text, const QColor &color)
{
    const QFontMetricsF fm(p.font());
    const QRectF box(baseline.x() - 2, baseline.y() - fm.ascent() - 1, fm.horizontalAdvance(text) + 4, fm.height() + 2);
    p.fillRect(box, QColor(255, 255, 255, 220));
    p.setPen(color);
    p.drawText(baseline, text);
}

int RttChart::timeoutCount() const
{
    int n = 0;
    for (const AckEntry &e : m_session->acks().entries()) {
        if (e.status == AckEntry::TimedOut && (m_event.isEmpty() || e.event == m_event))
            ++n;
    }
    return n;
}

void RttChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF all = QRectF(rect()).adjusted(8, 6, -10, -6);

    QList<double> rtts;
    for (const AckEntry &e : m_session->acks().entries()) {
        if (e.status == AckEntry::Answered && (m_event.isEmpty() || e.event == m_event))
            rtts.append(e.rttMs());
    }
    std::sort(rtts.begin(), rtts.end());

    QFont titleFont = font();
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(palette().color(QPalette::WindowText));
    const QString scope = m_event.isEmpty() ? u"all events"_s : u"\"%1\""_s.arg(m_event);
    p.drawText(all.topLeft() + QPointF(0, 12), u"Round-trip times · %1 · %2 answered"_s.arg(scope).arg(rtts.size()));
    p.setFont(font());

    if (rtts.isEmpty()) {
        p.setPen(Theme::mutedText());
        p.drawText(all, Qt::AlignCenter, u"No answered acks yet.\nEmit with an ack from the composer to see round trips."_s);
        return;
    }
    const Axis axis = Axis::fit(rtts.first(), rtts.last());
    // Both plots share the left edge: room for the widest axis label of either.
    QStringList labels{QString::number(rtts.size())};
    for (double f : axis.ticks())
        labels.append(axisLabel(axis.valueAt(f)));
    m_margin = labelMargin(QFontMetricsF(font()), labels);
    const qreal top = all.top() + 22;
    const qreal split = top + (all.bottom() - top) * 0.5;
    drawHistogram(p, QRectF(all.left(), top, all.width(), split - top - 8), rtts, axis);
    drawTimeline(p, QRectF(all.left(), split + 8, all.width(), all.bottom() - split - 8), axis);
}

void RttChart::drawHistogram(QPainter &p, const QRectF &area, const QList<double> &rtts, const Axis &axis)
{
    const QFontMetricsF fm(font());
    const int bins = qBound(8, int(area.width() / 14), 40);
    QList<int> counts(bins, 0);
    for (double v : rtts)
        ++counts[qBound(0, int(axis.fraction(v) * bins), bins - 1)];
    const int maxCount = *std::max_element(counts.begin(), counts.end());
    const qreal left = area.left() + m_margin;
    const QRectF plot(left, area.top() + 14, area.right() - left, area.height() - 14 - fm.height() - 4);
    if (plot.width() < 40 || plot.height() < 20)
        return;

    p.setPen(QColor(0xdd, 0xdd, 0xdd));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.setPen(Theme::mutedText());
    p.drawText(QRectF(area.left(), plot.top() - 2, left - area.left() - 4, fm.height()), Qt::AlignRight,
               QString::number(maxCount));
    p.drawText(QRectF(area.left(), plot.bottom() - fm.height(), left - area.left() - 4, fm.height()),
               Qt::AlignRight, u"0"_s);
    p.drawText(QRectF(plot.left(), area.top() - 2, plot.width(), 14), Qt::AlignLeft | Qt::AlignTop,
               axis.log ? u"histogram (count per bin, logarithmic time axis)"_s : u"histogram (count per bin)"_s);
    // Timeouts have no round trip: counted apart, not drawn as the slowest bar.
    const int timedOut = timeoutCount();
    if (timedOut > 0) {
        const QString label = u"+ %1 timed out"_s.arg(timedOut);
        p.setPen(Theme::ackStatusColor(AckEntry::TimedOut));
        p.drawText(QRectF(plot.left(), area.top() - 2, plot.width(), 14), Qt::AlignRight | Qt::AlignTop, label);
    }

    const qreal bw = plot.width() / bins;
    for (int b = 0; b < bins; ++b) {
        if (counts[b] == 0)
            continue;
        const qreal h = plot.height() * counts[b] / maxCount;
        p.fillRect(QRectF(plot.left() + b * bw + 1, plot.bottom() - h, bw - 2, h), QColor(0x3b, 0x7d, 0xd8, 200));
    }
    // x axis labels
    for (double f : axis.ticks()) {
        const qreal x = plot.left() + plot.width() * f;
        const QString label = axisLabel(axis.valueAt(f));
        const qreal w = fm.horizontalAdvance(label);
        p.setPen(Theme::mutedText());
        p.drawText(QPointF(qBound(plot.left(), x - w / 2, plot.right() - w), plot.bottom() + fm.ascent() + 3), label);
    }
    // percentiles
    const struct { double pct; QColor color; } marks[] = {
        {50, QColor(0x2e, 0x9e, 0x5b)}, {90, QColor(0xe0, 0x8e, 0x2b)}, {99, QColor(0xc6, 0x28, 0x28)}};
    qreal labelY = plot.top() + fm.ascent();
    for (const auto &m : marks) {
        const double v = AckStatistics::percentile(rtts, m.pct);
        const qreal x = plot.left() + plot.width() * axis.fraction(v);
        p.setPen(QPen(m.color, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString label = u"p%1 %2"_s.arg(int(m.pct)).arg(Theme::formatMs(v));
        const qreal w = fm.horizontalAdvance(label);
        const qreal lx = x + 4 + w > plot.right() ? x - 4 - w : x + 4;
        drawLabel(p, QPointF(lx, labelY), label, m.color);
        labelY += fm.height() + 2;
    }
}

void RttChart::drawTimeline(QPainter &p, const QRectF &area, const Axis &axis)
{
    const QFontMetricsF fm(font());
    const qreal left = area.left() + m_margin;
    const QRectF plot(left, area.top() + 14, area.right() - left, area.height() - 14 - fm.height() - 4);
    if (plot.width() < 40 || plot.height() < 20)
        return;
    const qint64 t0 = m_session->firstTimeUs();
    const double spanS = qMax(0.001, double(m_session->lastTimeUs() - t0) / 1e6);

    p.setPen(Theme::mutedText());
    p.drawText(QRectF(plot.left(), area.top() - 2, plot.width(), 14), Qt::AlignLeft | Qt::AlignTop,
               u"timeline (round trip by send time)"_s);
    p.setPen(QColor(0xdd, 0xdd, 0xdd));
    p.drawRect(plot);
    p.setPen(Theme::mutedText());
    p.drawText(QRectF(area.left(), plot.top() - 2, left - area.left() - 4, fm.height()), Qt::AlignRight,
               axisLabel(axis.hi));
    p.drawText(QRectF(area.left(), plot.bottom() - fm.height(), left - area.left() - 4, fm.height()),
               Qt::AlignRight, axisLabel(axis.lo));
    for (int k = 0; k <= 4; ++k) {
        const qreal x = plot.left() + plot.width() * k / 4;
        const QString label = u"%1 s"_s.arg(spanS * k / 4, 0, 'f', spanS < 10 ? 2 : 1);
        const qreal w = fm.horizontalAdvance(label);
        p.drawText(QPointF(qBound(plot.left(), x - w / 2, plot.right() - w), plot.bottom() + fm.ascent() + 3), label);
    }

    // One colour per event that asked for acks, in order of first request.
    QHash<QString, int> series;
    QStringList names;
    for (const AckEntry &e : m_session->acks().entries()) {
        if (e.requestRow >= 0 && !series.contains(e.event)) {
            series.insert(e.event, int(names.size()));
            names.append(e.event);
        }
    }
    for (const AckEntry &e : m_session->acks().entries()) {
        if (!m_event.isEmpty() && e.event != m_event)
            continue;
        if (e.requestRow < 0)
            continue;
        const qreal x = plot.left() + plot.width() * (double(e.requestTimeUs - t0) / 1e6) / spanS;
        if (e.status == AckEntry::Answered) {
            const qreal y = plot.bottom() - plot.height() * axis.fraction(e.rttMs());
            p.setPen(Qt::NoPen);
            p.setBrush(Theme::seriesColor(series.value(e.event)));
            p.drawEllipse(QPointF(x, y), 2.5, 2.5);
        } else if (e.status == AckEntry::TimedOut) {
            p.setPen(QPen(Theme::ackStatusColor(AckEntry::TimedOut), 1.5));
            p.drawLine(QPointF(x - 3, plot.top() + 1), QPointF(x + 3, plot.top() + 7));
            p.drawLine(QPointF(x + 3, plot.top() + 1), QPointF(x - 3, plot.top() + 7));
        } else if (e.status == AckEntry::Pending) {
            p.setPen(QPen(Theme::ackStatusColor(AckEntry::Pending), 1.5));
            p.drawLine(QPointF(x, plot.top() + 1), QPointF(x, plot.top() + 8));
        }
    }
    // legend: the events, coloured as their dots
    if (m_event.isEmpty()) {
        qreal x = plot.right() - 6;
        for (int k = qMin(int(names.size()), 6) - 1; k >= 0; --k) {
            const QString label = names[k];
            const qreal w = fm.horizontalAdvance(label) + 14;
            x -= w;
            if (x < plot.left() + 8)
                break;
            p.setPen(Qt::NoPen);
            p.setBrush(Theme::seriesColor(k));
            p.drawEllipse(QPointF(x + 4, plot.top() + 10), 3.5, 3.5);
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QPointF(x + 10, plot.top() + 10 + fm.ascent() / 2 - 1), label);
        }
    }
}
