#ifndef REPORTPLOT_H
#define REPORTPLOT_H

#include <QtCore/qstring.h>

class LoadReport;

// Draws a report as a PNG a person can read: ack latency (p50, p99, max) per second, traffic
// per second with the users running, and each histogram's percentile curve. Painted with
// QPainter into a QImage, so it needs a QGuiApplication (the offscreen platform does).
class ReportPlot
{
public:
    static bool render(const LoadReport &report, const QString &fileName, QString *error);
};

#endif // REPORTPLOT_H
