#include "ackstatistics.h"

#include "ackledger.h"

#include <cmath>

double AckStatistics::percentile(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[qBound<qsizetype>(0, rank - 1, sorted.size() - 1)];
}

QList<AckStatistics> AckStatistics::compute(const AckLedger &ledger)
{
    QList<AckStatistics> result(1);
    QHash<QString, qsizetype> byEvent;
    for (const AckEntry &e : ledger.entries()) {
        qsizetype index = byEvent.value(e.event, -1);
        if (index < 0) {
            index = result.size();
            byEvent.insert(e.event, index);
            result.append(AckStatistics());
            result.last().event = e.event;
        }
        for (AckStatistics *s : {&result[0], &result[index]}) {
            switch (e.status) {
            case AckEntry::Pending:
                ++s->requests;
                ++s->pending;
                break;
            case AckEntry::Answered:
                ++s->requests;
                ++s->answered;
                s->rtts.append(e.rttMs());
                break;
            case AckEntry::TimedOut:
                ++s->requests;
                ++s->timedOut;
                break;
            case AckEntry::Unknown:
            case AckEntry::Duplicate:
                ++s->problems;
                break;
            }
        }
    }
    for (AckStatistics &s : result) {
        std::sort(s.rtts.begin(), s.rtts.end());
        if (s.rtts.isEmpty())
            continue;
        s.p50 = percentile(s.rtts, 50);
        s.p90 = percentile(s.rtts, 90);
        s.p99 = percentile(s.rtts, 99);
        s.max = s.rtts.last();
        double sum = 0;
        for (double v : std::as_const(s.rtts))
            sum += v;
        s.mean = sum / double(s.rtts.size());
    }
    return result;
}
