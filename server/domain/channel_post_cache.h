#pragma once
//! The newest entries of each channel's log, kept in memory so that the common catch-up (a
//! subscriber a few posts behind, or one opening a channel) is answered without reading the
//! store's log (docs/protocol.md §15.5). Bounded twice, explicitly: at most `entriesPerChannel`
//! entries per channel and `maxBytes` of encoded entries in all; past the byte budget the
//! channel posted to least recently is dropped whole.
//!
//! Coherent by construction: entries are added only after their commit, from the store's
//! writer thread in commit order (Channels' `done` paths), and a channel's cached entries are
//! always contiguous: an entry that does not follow the last one starts the channel afresh.
//! A slice is served only when the cache covers everything after the asked pts. Thread-safe.
#include "protocol/updates.h"
#include "server/domain/results.h"

#include <QHash>
#include <QMutex>
#include <list>
#include <optional>

namespace msgr::server::domain {

struct ChannelCacheLimits {
    int entriesPerChannel = 100;        // one channels.getDifference page
    qint64 maxBytes = 32 * 1024 * 1024; // encoded entries of all channels together
};

class ChannelPostCache {
public:
    explicit ChannelPostCache(ChannelCacheLimits limits = {}) : m_limits(limits) {}

    //! A committed entry of the channel's log; `encodedBytes` is its stored body's size.
    void add(qint64 channelId, const protocol::LoggedUpdate &logged, qint64 encodedBytes);
    //! The channel's entries after `sincePts`, at most `limit`, when the cache holds every
    //! entry from sincePts + 1 to the newest it knows; nullopt otherwise (read the store).
    //! `final` is true when the slice ends at the newest cached entry.
    std::optional<Difference> slice(qint64 channelId, qint64 sincePts, int limit);

    struct Stats {
        qint64 channels = 0;
        qint64 entries = 0;
        qint64 bytes = 0;
        qint64 hits = 0;   // slices served
        qint64 misses = 0; // slices that had to go to the store
    };
    Stats stats() const;

private:
    struct Entry {
        QList<protocol::LoggedUpdate> updates; // contiguous pts, ascending
        QList<qint64> sizes;                   // encoded bytes of each
        qint64 bytes = 0;
        std::list<qint64>::iterator recency; // in m_recency
    };
    void dropFront(Entry &entry);
    void evictOverBudget(qint64 keepChannelId);

    const ChannelCacheLimits m_limits;
    mutable QMutex m_mutex;
    QHash<qint64, Entry> m_channels;
    std::list<qint64> m_recency; // channel ids, least recently posted first
    qint64 m_bytes = 0;
    qint64 m_hits = 0;
    qint64 m_misses = 0;
};

} // namespace msgr::server::domain
