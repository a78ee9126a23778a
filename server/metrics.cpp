#include "server/metrics.h"

#include "server/edge/transient_arena.h"
#include "server/handlers.h"

#include <QFile>
#include <unistd.h>

namespace msgr::server {
namespace {
static_assert(int(protocol::ErrorCode::Internal) == 15, "Metrics::kErrorCodes is out of date");

qint64 residentBytes() {
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    bool ok = false;
    const qint64 pages = fields.at(1).toLongLong(&ok);
    return ok ? pages * sysconf(_SC_PAGESIZE) : 0; // 0: unknown, as when the file is missing
}
} // namespace

Metrics::Metrics()
    : m_methodNames(methodNames()),
      m_methods(std::make_unique<MethodCounters[]>(size_t(m_methodNames.size()) + 1)) {
    for (auto &c : m_errors)
        c.store(0);
}

Metrics::~Metrics() = default;

int Metrics::requestReceived(QStringView method) {
    const int known = methodIndex(method);
    const int slot = known >= 0 ? known : int(m_methodNames.size());
    m_methods[size_t(slot)].requests.fetch_add(1, std::memory_order_relaxed);
    return slot;
}

void Metrics::requestAnswered(int method, bool failed, qint64 micros) {
    if (method < 0 || method > int(m_methodNames.size()))
        return;
    MethodCounters &c = m_methods[size_t(method)];
    if (failed)
        c.errors.fetch_add(1, std::memory_order_relaxed);
    c.answered.fetch_add(1, std::memory_order_relaxed);
    c.micros.fetch_add(micros, std::memory_order_relaxed);
}

void Metrics::errorSent(protocol::ErrorCode code) {
    const int index = static_cast<int>(code);
    if (index >= 0 && index < kErrorCodes)
        m_errors[index].fetch_add(1, std::memory_order_relaxed);
}

QByteArray Metrics::prometheusText() const {
    QByteArray out;
    auto family = [&out](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    auto sample = [&out](const QByteArray &name, qint64 value) {
        out += name + ' ' + QByteArray::number(value) + '\n';
    };
    family("msgr_connections", "gauge", "Open WebSocket connections.");
    sample("msgr_connections", connections());
    family("msgr_connections_hibernated", "gauge",
           "WebSocket connections waiting on the bare socket, without WebSocket state.");
    sample("msgr_connections_hibernated", m_hibernated.load());
    family("msgr_hibernations_total", "counter", "Times a connection hibernated.");
    sample("msgr_hibernations_total", m_hibernations.load());
    // What awake connections hold apart from the heap (edge/transient_arena.h); absent when the
    // arena is not in use (a server without its operator new, or no connection yet).
    if (const TransientArena *arena = TransientArena::existing()) {
        const TransientArenaStats stats = arena->stats();
        family("msgr_transient_arena_bytes", "gauge",
               "Bytes of awake connections' WebSocket state in the transient arena.");
        sample("msgr_transient_arena_bytes", qint64(stats.bytesInUse));
        family("msgr_transient_arena_resident_slabs", "gauge",
               "8 KiB slabs of the transient arena in use or kept empty for reuse.");
        sample("msgr_transient_arena_resident_slabs",
               qint64(stats.slabsInUse) + qint64(stats.slabsKept));
    }
    // Per method: one label value for each name of the method table, then "other".
    QList<QByteArray> labels;
    for (const QLatin1StringView name : m_methodNames)
        labels.append("{method=\"" + QByteArray(name.data(), name.size()) + "\"}");
    labels.append(QByteArray("{method=\"other\"}"));
    auto perMethod = [&](const char *name, const char *type, const char *help, auto value) {
        family(name, type, help);
        for (qsizetype i = 0; i < labels.size(); ++i)
            sample(name + labels.at(i), value(m_methods[size_t(i)]));
    };
    perMethod("msgr_requests_total", "counter", "Requests received, by method.",
              [](const MethodCounters &c) { return c.requests.load(); });
    perMethod("msgr_request_errors_total", "counter",
              "Requests answered with an error frame, by method.",
              [](const MethodCounters &c) { return c.errors.load(); });
    // A summary without quantiles: the mean latency of a method is rate(sum) / rate(count).
    family("msgr_request_duration_seconds", "summary",
           "Time from a request's arrival to its answer, by method.");
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const MethodCounters &c = m_methods[size_t(i)];
        out += "msgr_request_duration_seconds_sum" + labels.at(i) + ' ' +
               QByteArray::number(double(c.micros.load()) / 1e6, 'f', 6) + '\n';
        sample("msgr_request_duration_seconds_count" + labels.at(i), c.answered.load());
    }
    family("msgr_errors_total", "counter", "Error frames sent, by code.");
    for (int i = 0; i < kErrorCodes; ++i)
        sample("msgr_errors_total{code=\"" +
                   protocol::errorCodeName(static_cast<protocol::ErrorCode>(i)).toLatin1() + "\"}",
               m_errors[i].load());
    family("msgr_messages_stored_total", "counter", "Messages durably stored.");
    sample("msgr_messages_stored_total", m_messagesStored.load());
    family("msgr_channel_posts_total", "counter", "Channel posts durably stored.");
    sample("msgr_channel_posts_total", m_channelPosts.load());
    family("msgr_channel_post_rows_total", "counter",
           "Store rows inserted, updated or deleted by channel posts (constant per post).");
    sample("msgr_channel_post_rows_total", m_channelPostRows.load());
    family("msgr_channel_comments_total", "counter", "Channel post comments durably stored.");
    sample("msgr_channel_comments_total", m_channelComments.load());
    family("msgr_channel_comment_rows_total", "counter",
           "Store rows inserted, updated or deleted by post comments (constant per comment).");
    sample("msgr_channel_comment_rows_total", m_channelCommentRows.load());
    family("msgr_updates_pushed_total", "counter", "Update frames queued to connections.");
    sample("msgr_updates_pushed_total", m_updatesPushed.load());
    family("msgr_login_failures_total", "counter", "Failed log-ins.");
    sample("msgr_login_failures_total", m_loginFailures.load());
    family("msgr_connections_refused_total", "counter",
           "Connections refused by the total or per-address cap.");
    sample("msgr_connections_refused_total", m_refused.load());
    family("msgr_slow_consumers_dropped_total", "counter",
           "Connections dropped because the peer did not read what was sent to it.");
    sample("msgr_slow_consumers_dropped_total", m_slowDropped.load());
    family("msgr_deadline_closes_total", "counter",
           "Connections closed by the upgrade, hello, log-in or upload body deadline.");
    sample("msgr_deadline_closes_total", m_deadlineClosed.load());
    family("msgr_upload_bytes_total", "counter", "Upload bytes made durable and recorded.");
    sample("msgr_upload_bytes_total", m_uploadBytes.load());
    family("msgr_uploads_finished_total", "counter",
           "Uploads completed, verified and filed by content.");
    sample("msgr_uploads_finished_total", m_uploadsFinished.load());
    family("msgr_upload_checksum_mismatches_total", "counter",
           "Upload parts refused because they did not match Upload-Checksum.");
    sample("msgr_upload_checksum_mismatches_total", m_checksumMismatches.load());
    family("msgr_process_resident_memory_bytes", "gauge", "Resident memory of the process.");
    sample("msgr_process_resident_memory_bytes", residentBytes());
    return out;
}

} // namespace msgr::server
