#pragma once
//! Process-wide counters for /metrics (Prometheus text format 0.0.4). Thread-safe: every
//! counter is an atomic, so connection workers, the store's writer thread and the hash pool
//! update them without locks.
#include "protocol/error_code.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QStringView>
#include <array>
#include <atomic>
#include <memory>

namespace msgr::server {

class Metrics {
public:
    //! One set of per-method counters for each name of the method table (handlers.h), and
    //! one more for the requests that name no method of it ("other").
    Metrics();
    ~Metrics();
    Metrics(const Metrics &) = delete;
    Metrics &operator=(const Metrics &) = delete;

    void connectionOpened() { m_connections.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() { m_connections.fetch_sub(1, std::memory_order_relaxed); }
    //! A WebSocket connection dropped its WebSocket state to wait on the bare socket...
    void connectionHibernated() {
        m_hibernated.fetch_add(1, std::memory_order_relaxed);
        m_hibernations.fetch_add(1, std::memory_order_relaxed);
    }
    //! ...and took it up again (or closed while hibernated).
    void connectionWoken() { m_hibernated.fetch_sub(1, std::memory_order_relaxed); }
    //! Counts a request for `method` and returns its slot for requestAnswered (the "other"
    //! slot for a name outside the method table).
    int requestReceived(QStringView method);
    //! A request of slot `method` answered after `micros` microseconds, with an error or not.
    void requestAnswered(int method, bool failed, qint64 micros);
    void errorSent(protocol::ErrorCode code);
    void messageStored() { m_messagesStored.fetch_add(1, std::memory_order_relaxed); }
    //! A channel post committed, and the rows its unit wrote (constant per post, whatever the
    //! number of subscribers: docs/protocol.md §15.4).
    void channelPostStored(qint64 rowsWritten) {
        m_channelPosts.fetch_add(1, std::memory_order_relaxed);
        m_channelPostRows.fetch_add(rowsWritten, std::memory_order_relaxed);
    }
    //! A post comment committed, and the rows its unit wrote (constant per comment, whatever
    //! the number of subscribers: docs/protocol.md §22).
    void channelCommentStored(qint64 rowsWritten) {
        m_channelComments.fetch_add(1, std::memory_order_relaxed);
        m_channelCommentRows.fetch_add(rowsWritten, std::memory_order_relaxed);
    }
    void updatesPushed(qint64 frames) {
        m_updatesPushed.fetch_add(frames, std::memory_order_relaxed);
    }
    void loginFailed() { m_loginFailures.fetch_add(1, std::memory_order_relaxed); }
    //! A connection refused at accept or upgrade by the total or per-address cap.
    void connectionRefused() { m_refused.fetch_add(1, std::memory_order_relaxed); }
    //! A peer dropped because it did not take what was sent to it (queue cap, write timeout).
    void slowConsumerDropped() { m_slowDropped.fetch_add(1, std::memory_order_relaxed); }
    //! A connection closed by a deadline (upgrade, hello, log-in, an upload's body).
    void deadlineClosed() { m_deadlineClosed.fetch_add(1, std::memory_order_relaxed); }
    //! Upload bytes made durable and recorded (tus PATCH and creation-with-upload).
    void uploadBytesStored(qint64 bytes) {
        m_uploadBytes.fetch_add(bytes, std::memory_order_relaxed);
    }
    void uploadFinished() { m_uploadsFinished.fetch_add(1, std::memory_order_relaxed); }
    //! A part refused with 460: corruption on the way, or a broken client.
    void uploadChecksumMismatch() { m_checksumMismatches.fetch_add(1, std::memory_order_relaxed); }

    qint64 connections() const { return m_connections.load(std::memory_order_relaxed); }

    //! The exposition text, including the process's resident memory.
    QByteArray prometheusText() const;

private:
    static constexpr int kErrorCodes = 16;
    struct MethodCounters {
        std::atomic<qint64> requests{0};
        std::atomic<qint64> errors{0};
        std::atomic<qint64> answered{0};
        std::atomic<qint64> micros{0}; // the sum of answered requests' latencies
    };

    QList<QLatin1StringView> m_methodNames;
    std::unique_ptr<MethodCounters[]> m_methods; // m_methodNames.size() + 1 ("other")
    std::atomic<qint64> m_connections{0};
    std::atomic<qint64> m_hibernated{0};
    std::atomic<qint64> m_hibernations{0};
    std::array<std::atomic<qint64>, kErrorCodes> m_errors;
    std::atomic<qint64> m_messagesStored{0};
    std::atomic<qint64> m_channelPosts{0};
    std::atomic<qint64> m_channelPostRows{0};
    std::atomic<qint64> m_channelComments{0};
    std::atomic<qint64> m_channelCommentRows{0};
    std::atomic<qint64> m_updatesPushed{0};
    std::atomic<qint64> m_loginFailures{0};
    std::atomic<qint64> m_refused{0};
    std::atomic<qint64> m_slowDropped{0};
    std::atomic<qint64> m_deadlineClosed{0};
    std::atomic<qint64> m_uploadBytes{0};
    std::atomic<qint64> m_uploadsFinished{0};
    std::atomic<qint64> m_checksumMismatches{0};
};

} // namespace msgr::server
