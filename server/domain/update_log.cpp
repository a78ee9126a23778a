#include "server/domain/update_log.h"

#include "server/domain/units.h"

#include <QCborStreamReader>
#include <QCborValue>
#include <QLoggingCategory>

namespace msgr::server::domain {

namespace {
Q_LOGGING_CATEGORY(lcUpdateLog, "msgr.server.domain.updates")

//! The update a stored body holds, or why it holds none. A half-parsed value is never read.
std::optional<protocol::Update> decodeBody(const QByteArray &stored, QString *error) {
    QCborStreamReader reader(stored);
    const QCborValue body = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError)
        *error = reader.lastError().toString();
    else if (reader.currentOffset() != stored.size())
        *error = QStringLiteral("trailing bytes after the update");
    else if (!body.isMap())
        *error = QStringLiteral("not a map");
    else
        return protocol::updateFromCbor(body.toMap(), error);
    return std::nullopt;
}
} // namespace

QByteArray UpdateLog::encodeForStore(const protocol::Update &update) {
    return QCborValue(protocol::updateToCbor(update)).toCbor();
}

protocol::Update UpdateLog::decodeStored(const LogEntry &entry, const char *logName, qint64 logId) {
    QString error;
    std::optional<protocol::Update> update = decodeBody(entry.body, &error);
    if (update)
        return std::move(*update);
    // A row the store reads fine but we cannot decode (a bug, not I/O damage, which fails the
    // read): still hand out the pts, so the client's sequence has no gap and it is not stuck
    // retrying a read that can never succeed.
    qCWarning(lcUpdateLog) << "unreadable update" << entry.pts << "of" << logName << logId << error;
    return protocol::UnknownUpdate{QStringLiteral("unreadable")};
}

UserUpdate UpdateLog::append(RecordWriter &records, qint64 userId, const protocol::Update &update) {
    return append(records, userId, update, encodeForStore(update));
}

UserUpdate UpdateLog::append(RecordWriter &records, qint64 userId, const protocol::Update &update,
                             const QByteArray &encoded) {
    const qint64 pts = records.appendLogEntry(userId, encoded);
    return UserUpdate{userId, protocol::LoggedUpdate{pts, update}, encoded};
}

qint64 UpdateLog::currentPts(RecordReader &records, qint64 userId) {
    return records.logState(userId).pts;
}

StoreResult<qint64> UpdateLog::currentPts(qint64 userId) {
    return readUnit<qint64>(m_store,
                            [&](RecordReader &records) { return currentPts(records, userId); });
}

StoreResult<Difference> UpdateLog::difference(qint64 userId, qint64 sincePts, int limit) {
    limit = std::max(1, limit);
    // A failure is Internal, never "nothing new" or tooLong: the client keeps its state and
    // asks again (docs/protocol.md §3).
    return readUnit<Difference>(m_store, [&](RecordReader &records) -> StoreResult<Difference> {
        const LogState state = records.logState(userId);
        Difference result;
        result.pts = state.pts;
        // Older than what is retained, or ahead of this database (the client's state comes
        // from another one): either way the client must reload.
        if (sincePts < state.oldestPts - 1 || sincePts > state.pts) {
            result.tooLong = true;
            return result;
        }
        // One entry past the slice says whether more remain.
        const QList<LogEntry> entries = records.logEntriesAfter(userId, sincePts, limit + 1);
        for (const LogEntry &entry : entries) {
            if (result.updates.size() == limit) {
                result.final = false;
                break;
            }
            result.updates.append(
                protocol::LoggedUpdate{entry.pts, decodeStored(entry, "user", userId)});
        }
        if (!result.updates.isEmpty())
            result.pts = result.updates.last().pts;
        return result;
    });
}

} // namespace msgr::server::domain
