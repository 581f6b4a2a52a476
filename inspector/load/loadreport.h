#ifndef LOADREPORT_H
#define LOADREPORT_H

#include "latencyhistogram.h"

#include <QtCore/qjsonobject.h>
#include <QtCore/qmap.h>
#include <QtCore/qstring.h>

#include <array>
#include <vector>

// What a load run measured: counters, errors and disconnect reasons by kind, latency
// histograms by name and a per-second timeline. Each worker thread fills its own; threads,
// shards and report files merge exactly (counts add up, histograms merge bucket by bucket).
class LoadReport
{
public:
    enum Counter {
        UsersStarted, UsersCompleted, UsersFailed, UsersSkipped, UsersUnfinished,
        Emits, Acks, Events, Connects, Reconnects,
        CounterCount
    };
    // One second of the run.
    struct Second {
        std::array<quint64, CounterCount> counters{};
        quint64 errors = 0;
        LatencyHistogram acks; // every ack latency of that second
    };

    void add(Counter counter, qint64 second, quint64 n = 1)
    {
        counters[counter] += n;
        secondAt(second).counters[counter] += n;
    }
    void addError(const QString &kind, qint64 second);
    void addDisconnect(const QString &reason) { ++disconnectReasons[reason]; }
    void addEvent(const QString &event) { ++events[event]; ++counters[Events]; }
    void recordAck(const QString &event, qint64 second, quint64 micros);
    LatencyHistogram &histogram(const QString &name) { return histograms[name]; }

    void merge(const LoadReport &other);

    QJsonObject toJson() const;
    bool fromJson(const QJsonObject &json, QString *error);
    // The table printed at the end of a run (and by merge).
    QString table() const;

    static QString counterName(Counter counter);

    // Where the report came from.
    QString scenario;
    QString shard;               // "i/N"; merged: "merged"
    int processes = 1;           // merged reports add up
    int threads = 1;
    qint64 startedAtMs = 0;      // since the epoch
    qint64 durationMs = 0;
    double cpuSeconds = 0;       // user + system, the whole process
    qint64 peakRssKb = 0;        // merged: the largest

    std::array<quint64, CounterCount> counters{};
    QMap<QString, quint64> errors;
    QMap<QString, quint64> disconnectReasons;
    QMap<QString, quint64> events; // received, by name
    QMap<QString, LatencyHistogram> histograms; // "handshake", "connect", "ack:EVENT", "wait:EVENT"
    std::vector<Second> timeline;

private:
    Second &secondAt(qint64 second);
};

#endif // LOADREPORT_H
