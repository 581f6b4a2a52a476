#ifndef LATENCYHISTOGRAM_H
#define LATENCYHISTOGRAM_H

#include <QtCore/qjsonobject.h>

#include <cstdint>
#include <vector>

// Latencies in microseconds, counted in log-linear buckets: exact below 256 µs, then 128
// buckets per power of two (at most 0.8% wide). Two histograms merge exactly by adding their
// buckets, so shards and threads combine without losing anything; min, max and the sum are
// kept exactly too.
class LatencyHistogram
{
public:
    void record(std::uint64_t micros);
    void merge(const LatencyHistogram &other);

    std::uint64_t count() const { return m_count; }
    std::uint64_t min() const { return m_count ? m_min : 0; }
    std::uint64_t max() const { return m_max; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    // The value below which `percent` of the samples lie: the upper end of its bucket, never
    // above max(). 0 when empty.
    std::uint64_t percentile(double percent) const;

    // {"count","min","max","sum","p50","p90","p99","p99.9","buckets":[[index,count],...]}; the
    // percentiles are for readers, fromJson() rebuilds from the buckets. False on a malformed object.
    QJsonObject toJson() const;
    static bool fromJson(const QJsonObject &json, LatencyHistogram *histogram, QString *error);

    static std::size_t bucketIndex(std::uint64_t micros);
    static std::uint64_t bucketUpperBound(std::size_t index);

private:
    std::vector<std::uint64_t> m_buckets; // grown to the largest index seen
    std::uint64_t m_count = 0;
    std::uint64_t m_min = 0;
    std::uint64_t m_max = 0;
    std::uint64_t m_sum = 0;
};

#endif // LATENCYHISTOGRAM_H
