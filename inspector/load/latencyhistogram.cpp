#include "latencyhistogram.h"

#include <QtCore/qjsonarray.h>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int SubBits = 7;                          // 128 buckets per power of two
constexpr std::uint64_t SubCount = 1u << SubBits;
constexpr std::uint64_t LinearEnd = 2 * SubCount;   // below it, one bucket per microsecond
constexpr std::size_t MaxIndex = LinearEnd + (64 - SubBits - 1) * SubCount; // bucketIndex(UINT64_MAX) + 1

int floorLog2(std::uint64_t v)
{
    int log = 0;
    while (v >>= 1)
        ++log;
    return log;
}
} // namespace

std::size_t LatencyHistogram::bucketIndex(std::uint64_t micros)
{
    if (micros < LinearEnd)
        return std::size_t(micros);
    const int shift = floorLog2(micros) - SubBits; // >= 1: micros >> shift is in [128, 256)
    return std::size_t(LinearEnd + std::uint64_t(shift - 1) * SubCount + ((micros >> shift) - SubCount));
}

std::uint64_t LatencyHistogram::bucketUpperBound(std::size_t index)
{
    if (index < LinearEnd)
        return index;
    const int shift = int((index - LinearEnd) / SubCount) + 1;
    const std::uint64_t sub = (index - LinearEnd) % SubCount + SubCount;
    return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::record(std::uint64_t micros)
{
    const std::size_t index = bucketIndex(micros);
    if (index >= m_buckets.size())
        m_buckets.resize(index + 1);
    ++m_buckets[index];
    m_min = m_count ? std::min(m_min, micros) : micros;
    m_max = std::max(m_max, micros);
    m_sum += micros;
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (!other.m_count)
        return;
    if (other.m_buckets.size() > m_buckets.size())
        m_buckets.resize(other.m_buckets.size());
    for (std::size_t i = 0; i < other.m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = std::max(m_max, other.m_max);
    m_sum += other.m_sum;
    m_count += other.m_count;
}

std::uint64_t LatencyHistogram::percentile(double percent) const
{
    if (!m_count)
        return 0;
    // The rank of the sample asked for, 1-based: p50 of 10 samples is the 5th.
    const auto rank = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(percent / 100.0 * double(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min(bucketUpperBound(i), m_max);
    }
    return m_max;
}

QJsonObject LatencyHistogram::toJson() const
{
    QJsonArray buckets;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        if (m_buckets[i])
            buckets.append(QJsonArray{qint64(i), qint64(m_buckets[i])});
    }
    return {{"count"_L1, qint64(m_count)}, {"min"_L1, qint64(min())}, {"max"_L1, qint64(m_max)},
            {"sum"_L1, qint64(m_sum)}, {"mean"_L1, mean()},
            {"p50"_L1, qint64(percentile(50))}, {"p90"_L1, qint64(percentile(90))},
            {"p99"_L1, qint64(percentile(99))}, {"p99.9"_L1, qint64(percentile(99.9))},
            {"buckets"_L1, buckets}};
}

bool LatencyHistogram::fromJson(const QJsonObject &json, LatencyHistogram *histogram, QString *error)
{
    LatencyHistogram result;
    const auto number = [&json](QLatin1StringView key, qint64 *out) {
        const QJsonValue value = json.value(key);
        *out = value.toInteger(-1);
        return value.isDouble() && *out >= 0;
    };
    qint64 count = 0, min = 0, max = 0, sum = 0;
    if (!number("count"_L1, &count) || !number("min"_L1, &min) || !number("max"_L1, &max)
        || !number("sum"_L1, &sum) || !json.value("buckets"_L1).isArray()) {
        *error = u"a histogram needs count, min, max, sum and buckets"_s;
        return false;
    }
    std::uint64_t total = 0;
    for (const QJsonValue &entry : json.value("buckets"_L1).toArray()) {
        const QJsonArray pair = entry.toArray();
        const qint64 index = pair.at(0).toInteger(-1);
        const qint64 n = pair.at(1).toInteger(-1);
        if (pair.size() != 2 || index < 0 || std::size_t(index) >= MaxIndex || n < 0) {
            *error = u"a histogram bucket must be [index, count]"_s;
            return false;
        }
        if (std::size_t(index) >= result.m_buckets.size())
            result.m_buckets.resize(std::size_t(index) + 1);
        result.m_buckets[std::size_t(index)] += std::uint64_t(n);
        total += std::uint64_t(n);
    }
    if (total != std::uint64_t(count)) {
        *error = u"a histogram's buckets do not add up to its count"_s;
        return false;
    }
    result.m_count = std::uint64_t(count);
    result.m_min = std::uint64_t(min);
    result.m_max = std::uint64_t(max);
    result.m_sum = std::uint64_t(sum);
    *histogram = std::move(result);
    return true;
}
