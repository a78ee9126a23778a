#include "server/store/update_log.h"

#include "server/store/store_logging.h"

#include <QCborStreamReader>
#include <QCborValue>

namespace msgr::server::updatelog {

void create(sqlite::Connection &db, qint64 userId) {
    db.prepare("INSERT INTO user_state (user_id, pts, oldest_pts) VALUES (?, 0, 1)")
        .bind(1, userId)
        .run();
}

UserUpdate append(WriteContext &context, qint64 userId, const protocol::Update &update) {
    sqlite::Statement next =
        context.db.prepare("UPDATE user_state SET pts = pts + 1 WHERE user_id = ? RETURNING pts");
    next.bind(1, userId);
    if (!next.step())
        throw sqlite::Error(0, "no update log for user " + std::to_string(userId));
    const qint64 pts = next.int64(0);
    next.run(); // finish the statement before the next one writes

    const QByteArray body = QCborValue(protocol::updateToCbor(update)).toCbor();
    context.db.prepare("INSERT INTO user_updates (user_id, pts, body) VALUES (?, ?, ?)")
        .bind(1, userId)
        .bind(2, pts)
        .bind(3, body)
        .run();
    context.grownLogs.insert(userId);
    return UserUpdate{userId, protocol::LoggedUpdate{pts, update}};
}

void trim(WriteContext &context, int retention) {
    for (const qint64 userId : context.grownLogs) {
        sqlite::Statement state =
            context.db.prepare("SELECT pts, oldest_pts FROM user_state WHERE user_id = ?");
        state.bind(1, userId);
        if (!state.step())
            continue;
        const qint64 pts = state.int64(0);
        const qint64 oldest = state.int64(1);
        const qint64 keepFrom = pts - retention + 1;
        if (keepFrom <= oldest)
            continue;
        // A range delete on the primary key: only the entries that fell out are touched.
        context.db.prepare("DELETE FROM user_updates WHERE user_id = ? AND pts < ?")
            .bind(1, userId)
            .bind(2, keepFrom)
            .run();
        context.db.prepare("UPDATE user_state SET oldest_pts = ? WHERE user_id = ?")
            .bind(1, keepFrom)
            .bind(2, userId)
            .run();
    }
}

qint64 currentPts(sqlite::Connection &db, qint64 userId) {
    sqlite::Statement s = db.prepare("SELECT pts FROM user_state WHERE user_id = ?");
    s.bind(1, userId);
    return s.step() ? s.int64(0) : 0;
}

Difference difference(sqlite::Connection &db, qint64 userId, qint64 sincePts, int limit) {
    limit = std::max(1, limit);
    sqlite::Transaction snapshot(db, sqlite::Transaction::Kind::Deferred);
    qint64 pts = 0;
    qint64 oldest = 1;
    {
        sqlite::Statement state =
            db.prepare("SELECT pts, oldest_pts FROM user_state WHERE user_id = ?");
        state.bind(1, userId);
        if (state.step()) {
            pts = state.int64(0);
            oldest = state.int64(1);
        }
    }
    Difference result;
    result.pts = pts;
    // Older than what is retained, or ahead of this database (the client's state comes from
    // another one): either way the client must reload.
    if (sincePts < oldest - 1 || sincePts > pts) {
        result.tooLong = true;
        return result;
    }
    sqlite::Statement s = db.prepare(
        "SELECT pts, body FROM user_updates WHERE user_id = ? AND pts > ? ORDER BY pts LIMIT ?");
    s.bind(1, userId).bind(2, sincePts).bind(3, static_cast<qint64>(limit) + 1);
    while (s.step()) {
        if (result.updates.size() == limit) {
            result.final = false;
            break;
        }
        protocol::LoggedUpdate logged;
        logged.pts = s.int64(0);
        QString error;
        std::optional<protocol::Update> update;
        const QByteArray stored = s.blob(1);
        QCborStreamReader reader(stored);
        const QCborValue body = QCborValue::fromCbor(reader);
        if (reader.lastError() != QCborError::NoError)
            error = reader.lastError().toString(); // a half-parsed value is never read
        else if (reader.currentOffset() != stored.size())
            error = QStringLiteral("trailing bytes after the update");
        else if (!body.isMap())
            error = QStringLiteral("not a map");
        else
            update = protocol::updateFromCbor(body.toMap(), &error);
        if (!update) {
            // A row SQLite reads fine but we cannot decode (a bug, not I/O damage, which throws
            // sqlite::Error above): still hand out the pts, so the client's sequence has no
            // gap and it is not stuck retrying a read that can never succeed.
            qCWarning(lcStore) << "unreadable update" << logged.pts << "of user" << userId << error;
            update = protocol::UnknownUpdate{QStringLiteral("unreadable")};
        }
        logged.update = std::move(*update);
        result.updates.append(std::move(logged));
    }
    if (!result.updates.isEmpty())
        result.pts = result.updates.last().pts;
    return result;
}

} // namespace msgr::server::updatelog
