#include "reportplot.h"

#include "loadreport.h"

#include <QtGui/qimage.h>
#include <QtGui/qpainter.h>
#include <QtGui/qpainterpath.h>

#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace {
constexpr int Width = 1400;
constexpr int PanelHeight = 320;
constexpr int Margin = 70;

struct Series {
    QString name;
    QColor color;
    QList<QPointF> points; // x in the panel's x unit, y in the value unit
};

// One panel: a frame, a title, axes (y optionally logarithmic) and lines.
void drawPanel(QPainter &p, const QRect &area, const QString &title, const QString &xLabel, bool logY,
               const QList<Series> &series, int xTicks = 10, const std::function<QString(double)> &xTick = {})
{
    const QRect plot = area.adjusted(Margin, 36, -20, -40);
    p.setPen(Qt::black);
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(area.adjusted(Margin, 6, 0, 0), Qt::AlignLeft | Qt::AlignTop, title);
    p.setFont(QFont());
    double xMax = 1, yMin = logY ? 1e9 : 0, yMax = logY ? 1 : 1;
    for (const Series &s : series) {
        for (const QPointF &pt : s.points) {
            xMax = std::max(xMax, pt.x());
            yMax = std::max(yMax, pt.y());
            if (logY && pt.y() > 0)
                yMin = std::min(yMin, pt.y());
        }
    }
    if (logY) {
        yMin = std::pow(10.0, std::floor(std::log10(std::max(1.0, std::min(yMin, yMax)))));
        yMax = std::pow(10.0, std::ceil(std::log10(yMax * 1.01)));
    } else {
        yMax *= 1.1;
    }
    const auto mapY = [&](double y) {
        const double f = logY ? (std::log10(std::max(y, yMin)) - std::log10(yMin)) / (std::log10(yMax) - std::log10(yMin))
                              : y / yMax;
        return plot.bottom() - f * plot.height();
    };
    const auto mapX = [&](double x) { return plot.left() + x / xMax * plot.width(); };

    p.setPen(QColor(220, 220, 220));
    const int yTicks = logY ? int(std::round(std::log10(yMax / yMin))) : 5;
    for (int i = 0; i <= yTicks; ++i) {
        const double y = logY ? yMin * std::pow(10.0, i) : yMax * i / yTicks;
        const double py = mapY(y);
        p.setPen(QColor(225, 225, 225));
        p.drawLine(QPointF(plot.left(), py), QPointF(plot.right(), py));
        p.setPen(Qt::black);
        p.drawText(QRectF(area.left(), py - 8, Margin - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(y, 'g', 4));
    }
    for (int i = 0; i <= xTicks; ++i) {
        const double x = xMax * i / xTicks;
        p.drawText(QRectF(mapX(x) - 40, plot.bottom() + 4, 80, 16), Qt::AlignHCenter | Qt::AlignTop,
                   xTick ? xTick(x) : QString::number(x, 'g', 4));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignHCenter, xLabel);
    p.setPen(Qt::black);
    p.drawRect(plot);

    int legendX = plot.right() - 10;
    for (qsizetype i = series.size() - 1; i >= 0; --i) {
        const Series &s = series.at(i);
        QPainterPath path;
        for (qsizetype k = 0; k < s.points.size(); ++k) {
            const QPointF pt(mapX(s.points.at(k).x()), mapY(s.points.at(k).y()));
            k == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(QPen(s.color, 2));
        p.drawPath(path);
        const int w = p.fontMetrics().horizontalAdvance(s.name) + 30;
        legendX -= w;
        p.drawLine(legendX, area.top() + 16, legendX + 20, area.top() + 16);
        p.setPen(Qt::black);
        p.drawText(legendX + 24, area.top() + 21, s.name);
    }
}
} // namespace

bool ReportPlot::render(const LoadReport &report, const QString &fileName, QString *error)
{
    QImage image(Width, 3 * PanelHeight + 40, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.drawText(QRect(Margin, 8, Width - 2 * Margin, 24), Qt::AlignLeft,
               u"socketio-load: %1 (%2 process(es), %3 s)"_s.arg(report.scenario).arg(report.processes)
                   .arg(double(report.durationMs) / 1000.0, 0, 'f', 1));

    // 1. Ack latency over time.
    Series p50{u"p50"_s, QColor(31, 119, 180), {}}, p99{u"p99"_s, QColor(255, 127, 14), {}},
           max{u"max"_s, QColor(214, 39, 40), {}};
    Series emits{u"emits/s"_s, QColor(31, 119, 180), {}}, acks{u"acks/s"_s, QColor(44, 160, 44), {}},
           connects{u"connects/s"_s, QColor(148, 103, 189), {}}, users{u"users running"_s, QColor(127, 127, 127), {}};
    qint64 running = 0;
    for (std::size_t t = 0; t < report.timeline.size(); ++t) {
        const LoadReport::Second &s = report.timeline[t];
        const double x = double(t) + 0.5;
        if (s.acks.count()) {
            p50.points.append({x, double(s.acks.percentile(50))});
            p99.points.append({x, double(s.acks.percentile(99))});
            max.points.append({x, double(s.acks.max())});
        }
        running += qint64(s.counters[LoadReport::UsersStarted])
                - qint64(s.counters[LoadReport::UsersCompleted] + s.counters[LoadReport::UsersFailed]
                         + s.counters[LoadReport::UsersUnfinished]);
        emits.points.append({x, double(s.counters[LoadReport::Emits])});
        acks.points.append({x, double(s.counters[LoadReport::Acks])});
        connects.points.append({x, double(s.counters[LoadReport::Connects])});
        users.points.append({x, double(running)});
    }
    drawPanel(p, QRect(0, 40, Width, PanelHeight), u"ack latency per second (µs, log)"_s, u"seconds"_s, true,
              {p50, p99, max});
    drawPanel(p, QRect(0, 40 + PanelHeight, Width, PanelHeight), u"traffic per second"_s, u"seconds"_s, false,
              {emits, acks, connects, users});

    // 3. Percentile curves: x is -log10(1 - q), so 90%, 99%, 99.9% are evenly spaced.
    static const QColor colors[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                    QColor(214, 39, 40), QColor(148, 103, 189), QColor(140, 86, 75)};
    QList<Series> curves;
    for (auto it = report.histograms.begin(); it != report.histograms.end(); ++it) {
        if (!it.value().count())
            continue;
        Series s{it.key(), colors[curves.size() % std::size(colors)], {}};
        for (double x = 0; x <= 4.0001; x += 0.05) {
            const double q = 100.0 * (1.0 - std::pow(10.0, -x));
            s.points.append({x, double(it.value().percentile(q))});
        }
        curves.append(s);
    }
    drawPanel(p, QRect(0, 40 + 2 * PanelHeight, Width, PanelHeight), u"latency by percentile (µs, log)"_s,
              u"percentile"_s, true, curves, 4, [](double x) {
                  return QString::number(100.0 * (1.0 - std::pow(10.0, -x)), 'g', 5) + u'%';
              });
    p.end();
    if (!image.save(fileName, "PNG")) {
        *error = u"cannot write %1"_s.arg(fileName);
        return false;
    }
    return true;
}
