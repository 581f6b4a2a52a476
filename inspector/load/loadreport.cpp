#include "loadreport.h"

#include <QtCore/qjsonarray.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MaxSeconds = 7 * 24 * 3600; // a timeline longer than a week is a bad report
constexpr int FormatVersion = 1;

QJsonObject countsToJson(const QMap<QString, quint64> &map)
{
    QJsonObject object;
    for (auto it = map.begin(); it != map.end(); ++it)
        object.insert(it.key(), qint64(it.value()));
    return object;
}

bool countsFromJson(const QJsonValue &value, QMap<QString, quint64> *map)
{
    if (!value.isUndefined() && !value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isDouble() || it.value().toInteger(-1) < 0)
            return false;
        (*map)[it.key()] += quint64(it.value().toInteger());
    }
    return true;
}

void mergeCounts(QMap<QString, quint64> *into, const QMap<QString, quint64> &from)
{
    for (auto it = from.begin(); it != from.end(); ++it)
        (*into)[it.key()] += it.value();
}

QString rate(quint64 count, qint64 ms)
{
    return ms > 0 ? QString::number(double(count) * 1000.0 / double(ms), 'f', 1) : u"-"_s;
}
} // namespace

QString LoadReport::counterName(Counter counter)
{
    static const char *const names[CounterCount] = {
        "usersStarted", "usersCompleted", "usersFailed", "usersSkipped", "usersUnfinished",
        "emits", "acks", "events", "connects", "reconnects"};
    return QString::fromLatin1(names[counter]);
}

LoadReport::Second &LoadReport::secondAt(qint64 second)
{
    const std::size_t index = std::size_t(std::clamp<qint64>(second, 0, MaxSeconds));
    if (index >= timeline.size())
        timeline.resize(index + 1);
    return timeline[index];
}

void LoadReport::addError(const QString &kind, qint64 second)
{
    ++errors[kind];
    ++secondAt(second).errors;
}

void LoadReport::recordAck(const QString &event, qint64 second, quint64 micros)
{
    add(Acks, second);
    histograms[u"ack:"_s + event].record(micros);
    secondAt(second).acks.record(micros);
}

void LoadReport::merge(const LoadReport &other)
{
    if (scenario.isEmpty())
        scenario = other.scenario;
    startedAtMs = startedAtMs && other.startedAtMs ? std::min(startedAtMs, other.startedAtMs)
                                                   : std::max(startedAtMs, other.startedAtMs);
    durationMs = std::max(durationMs, other.durationMs);
    cpuSeconds += other.cpuSeconds;
    peakRssKb = std::max(peakRssKb, other.peakRssKb);
    for (int c = 0; c < CounterCount; ++c)
        counters[c] += other.counters[c];
    mergeCounts(&errors, other.errors);
    mergeCounts(&disconnectReasons, other.disconnectReasons);
    mergeCounts(&events, other.events);
    for (auto it = other.histograms.begin(); it != other.histograms.end(); ++it)
        histograms[it.key()].merge(it.value());
    if (other.timeline.size() > timeline.size())
        timeline.resize(other.timeline.size());
    for (std::size_t i = 0; i < other.timeline.size(); ++i) {
        for (int c = 0; c < CounterCount; ++c)
            timeline[i].counters[c] += other.timeline[i].counters[c];
        timeline[i].errors += other.timeline[i].errors;
        timeline[i].acks.merge(other.timeline[i].acks);
    }
}

QJsonObject LoadReport::toJson() const
{
    QJsonObject counterObject;
    for (int c = 0; c < CounterCount; ++c)
        counterObject.insert(counterName(Counter(c)), qint64(counters[c]));
    QJsonObject histogramObject;
    for (auto it = histograms.begin(); it != histograms.end(); ++it)
        histogramObject.insert(it.key(), it.value().toJson());
    QJsonArray seconds;
    for (const Second &second : timeline) {
        QJsonObject entry;
        for (int c = 0; c < CounterCount; ++c) {
            if (second.counters[c])
                entry.insert(counterName(Counter(c)), qint64(second.counters[c]));
        }
        if (second.errors)
            entry.insert("errors"_L1, qint64(second.errors));
        if (second.acks.count())
            entry.insert("ackLatency"_L1, second.acks.toJson());
        seconds.append(entry);
    }
    return {{"format"_L1, u"socketio-load report"_s}, {"version"_L1, FormatVersion},
            {"scenario"_L1, scenario}, {"shard"_L1, shard}, {"processes"_L1, processes},
            {"threads"_L1, threads}, {"startedAtMs"_L1, startedAtMs}, {"durationMs"_L1, durationMs},
            {"cpuSeconds"_L1, cpuSeconds}, {"peakRssKb"_L1, peakRssKb},
            {"counters"_L1, counterObject}, {"errors"_L1, countsToJson(errors)},
            {"disconnectReasons"_L1, countsToJson(disconnectReasons)}, {"events"_L1, countsToJson(events)},
            {"histograms"_L1, histogramObject}, {"timeline"_L1, seconds}};
}

bool LoadReport::fromJson(const QJsonObject &json, QString *error)
{
    if (json.value("format"_L1) != u"socketio-load report"_s || json.value("version"_L1).toInt() != FormatVersion) {
        *error = u"not a socketio-load report (version %1)"_s.arg(FormatVersion);
        return false;
    }
    LoadReport r;
    r.scenario = json.value("scenario"_L1).toString();
    r.shard = json.value("shard"_L1).toString();
    r.processes = std::max(1, json.value("processes"_L1).toInt(1));
    r.threads = std::max(1, json.value("threads"_L1).toInt(1));
    r.startedAtMs = json.value("startedAtMs"_L1).toInteger();
    r.durationMs = json.value("durationMs"_L1).toInteger();
    r.cpuSeconds = json.value("cpuSeconds"_L1).toDouble();
    r.peakRssKb = json.value("peakRssKb"_L1).toInteger();
    const QJsonObject counterObject = json.value("counters"_L1).toObject();
    for (int c = 0; c < CounterCount; ++c) {
        const qint64 n = counterObject.value(counterName(Counter(c))).toInteger(-1);
        if (n < 0) {
            *error = u"counters.%1 is missing or negative"_s.arg(counterName(Counter(c)));
            return false;
        }
        r.counters[c] = quint64(n);
    }
    if (!countsFromJson(json.value("errors"_L1), &r.errors)
        || !countsFromJson(json.value("disconnectReasons"_L1), &r.disconnectReasons)
        || !countsFromJson(json.value("events"_L1), &r.events)) {
        *error = u"errors, disconnectReasons and events must map names to counts"_s;
        return false;
    }
    const QJsonObject histogramObject = json.value("histograms"_L1).toObject();
    for (auto it = histogramObject.begin(); it != histogramObject.end(); ++it) {
        QString histogramError;
        if (!LatencyHistogram::fromJson(it.value().toObject(), &r.histograms[it.key()], &histogramError)) {
            *error = u"histograms.%1: %2"_s.arg(it.key(), histogramError);
            return false;
        }
    }
    const QJsonArray seconds = json.value("timeline"_L1).toArray();
    if (seconds.size() > MaxSeconds) {
        *error = u"the timeline is longer than a week"_s;
        return false;
    }
    r.timeline.resize(std::size_t(seconds.size()));
    for (qsizetype i = 0; i < seconds.size(); ++i) {
        const QJsonObject entry = seconds.at(i).toObject();
        Second &second = r.timeline[std::size_t(i)];
        for (int c = 0; c < CounterCount; ++c)
            second.counters[c] = quint64(std::max<qint64>(0, entry.value(counterName(Counter(c))).toInteger()));
        second.errors = quint64(std::max<qint64>(0, entry.value("errors"_L1).toInteger()));
        QString histogramError;
        if (entry.contains("ackLatency"_L1)
            && !LatencyHistogram::fromJson(entry.value("ackLatency"_L1).toObject(), &second.acks, &histogramError)) {
            *error = u"timeline[%1].ackLatency: %2"_s.arg(i).arg(histogramError);
            return false;
        }
    }
    *this = std::move(r);
    return true;
}

QString LoadReport::table() const
{
    QString out;
    const auto line = [&out](const QString &text) { out += text + u'\n'; };
    line(u"scenario %1, %2 process(es), %3 thread(s), %4 s, %5 CPU-s, peak RSS %6 MB"_s
             .arg(scenario).arg(processes).arg(threads).arg(double(durationMs) / 1000.0, 0, 'f', 1)
             .arg(cpuSeconds, 0, 'f', 2).arg(double(peakRssKb) / 1024.0, 0, 'f', 1));
    line(u"users    started %1  completed %2  failed %3  skipped %4  unfinished %5"_s
             .arg(counters[UsersStarted]).arg(counters[UsersCompleted]).arg(counters[UsersFailed])
             .arg(counters[UsersSkipped]).arg(counters[UsersUnfinished]));
    line(u"traffic  emits %1 (%2/s)  acks %3 (%4/s)  events %5  connects %6  reconnects %7"_s
             .arg(counters[Emits]).arg(rate(counters[Emits], durationMs)).arg(counters[Acks])
             .arg(rate(counters[Acks], durationMs)).arg(counters[Events]).arg(counters[Connects])
             .arg(counters[Reconnects]));
    if (cpuSeconds > 0)
        line(u"cost     %1 emits per CPU-second"_s.arg(double(counters[Emits]) / cpuSeconds, 0, 'f', 0));
    line(u"%1 %2 %3 %4 %5 %6 %7 %8"_s.arg(u"latency (µs)"_s, -24).arg(u"count"_s, 9).arg(u"min"_s, 8)
             .arg(u"p50"_s, 8).arg(u"p90"_s, 8).arg(u"p99"_s, 8).arg(u"p99.9"_s, 8).arg(u"max"_s, 9));
    for (auto it = histograms.begin(); it != histograms.end(); ++it) {
        const LatencyHistogram &h = it.value();
        line(u"%1 %2 %3 %4 %5 %6 %7 %8"_s.arg(it.key(), -24).arg(h.count(), 9).arg(h.min(), 8)
                 .arg(h.percentile(50), 8).arg(h.percentile(90), 8).arg(h.percentile(99), 8)
                 .arg(h.percentile(99.9), 8).arg(h.max(), 9));
    }
    const auto listCounts = [&line](const QString &title, const QMap<QString, quint64> &map) {
        QStringList items;
        for (auto it = map.begin(); it != map.end(); ++it)
            items.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
        line(u"%1 %2"_s.arg(title, -8).arg(items.isEmpty() ? u"none"_s : items.join(u", ")));
    };
    listCounts(u"errors"_s, errors);
    listCounts(u"closes"_s, disconnectReasons);
    return out;
}
