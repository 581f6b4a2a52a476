#ifndef ACKSTATISTICS_H
#define ACKSTATISTICS_H

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

class AckLedger;

// Round-trip statistics of a ledger, per event name and in total.
struct AckStatistics
{
    QString event;         // empty for the total
    int requests = 0;      // entries with a request
    int answered = 0;
    int timedOut = 0;
    int pending = 0;
    int problems = 0;      // unknown and duplicate answers
    double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0; // ms, over the answered ones
    QList<double> rtts;    // ms, sorted

    // Nearest-rank percentile of sorted values; 0 for none.
    static double percentile(const QList<double> &sorted, double p);
    // The total first, then one per event name in order of first appearance.
    static QList<AckStatistics> compute(const AckLedger &ledger);
};

#endif // ACKSTATISTICS_H
