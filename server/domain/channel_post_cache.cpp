#include "server/domain/channel_post_cache.h"

#include <algorithm>

namespace msgr::server::domain {

void ChannelPostCache::add(qint64 channelId, const protocol::LoggedUpdate &logged,
                           qint64 encodedBytes) {
    if (m_limits.entriesPerChannel <= 0 || encodedBytes > m_limits.maxBytes)
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_channels.find(channelId);
    if (it == m_channels.end()) {
        it = m_channels.insert(channelId, Entry{});
        m_recency.push_back(channelId);
        it->recency = std::prev(m_recency.end());
    } else {
        m_recency.splice(m_recency.end(), m_recency, it->recency);
    }
    Entry &entry = *it;
    if (!entry.updates.isEmpty() && entry.updates.last().pts + 1 != logged.pts) {
        // Not the next one (a restart, an eviction, a failed commit between): start afresh,
        // so what is cached never has a hole.
        m_bytes -= entry.bytes;
        entry.updates.clear();
        entry.sizes.clear();
        entry.bytes = 0;
    }
    entry.updates.append(logged);
    entry.sizes.append(encodedBytes);
    entry.bytes += encodedBytes;
    m_bytes += encodedBytes;
    while (entry.updates.size() > m_limits.entriesPerChannel)
        dropFront(entry);
    evictOverBudget(channelId);
}

void ChannelPostCache::dropFront(Entry &entry) {
    entry.bytes -= entry.sizes.first();
    m_bytes -= entry.sizes.first();
    entry.updates.removeFirst();
    entry.sizes.removeFirst();
}

void ChannelPostCache::evictOverBudget(qint64 keepChannelId) {
    while (m_bytes > m_limits.maxBytes && !m_recency.empty()) {
        const qint64 oldest = m_recency.front();
        if (oldest == keepChannelId) {
            // Only the channel just posted to is left over budget: trim its oldest entries.
            Entry &entry = m_channels[oldest];
            while (m_bytes > m_limits.maxBytes && entry.updates.size() > 1)
                dropFront(entry);
            return;
        }
        m_bytes -= m_channels.value(oldest).bytes;
        m_channels.remove(oldest);
        m_recency.pop_front();
    }
}

std::optional<Difference> ChannelPostCache::slice(qint64 channelId, qint64 sincePts, int limit) {
    QMutexLocker lock(&m_mutex);
    const auto it = m_channels.constFind(channelId);
    const bool covered = it != m_channels.cend() && !it->updates.isEmpty() &&
                         it->updates.first().pts <= sincePts + 1 &&
                         sincePts <= it->updates.last().pts;
    if (!covered) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    Difference diff;
    const QList<protocol::LoggedUpdate> &updates = it->updates;
    const qsizetype first = sincePts + 1 - updates.first().pts; // index of pts sincePts + 1
    const qsizetype end = std::min(updates.size(), first + std::max(1, limit));
    for (qsizetype i = first; i < end; ++i)
        diff.updates.append(updates.at(i));
    diff.final = end == updates.size();
    diff.pts = diff.updates.isEmpty() ? updates.last().pts : diff.updates.last().pts;
    return diff;
}

ChannelPostCache::Stats ChannelPostCache::stats() const {
    QMutexLocker lock(&m_mutex);
    Stats stats;
    stats.channels = m_channels.size();
    for (const Entry &entry : m_channels)
        stats.entries += entry.updates.size();
    stats.bytes = m_bytes;
    stats.hits = m_hits;
    stats.misses = m_misses;
    return stats;
}

} // namespace msgr::server::domain
