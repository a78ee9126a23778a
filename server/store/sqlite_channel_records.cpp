// The channel records of store.h (schema 9): kept apart from sqlite_records.cpp so the
// feature's SQL is in one file. Records only; the rules are server/domain/channels.*.
#include "server/store/sqlite_records.h"
#include "server/store/sqlite_schema.h"

namespace msgr::server::sqlite {

namespace {

constexpr const char *kChannelColumns =
    "SELECT c.id, c.title, ch.about, coalesce(ch.name, ''), c.created_at, ch.subscriber_count, "
    "ch.pts, ch.oldest_pts, ch.megagroup FROM channels ch JOIN chats c ON c.id = ch.chat_id ";

QByteArray channelQuery(const char *tail) {
    return QByteArray(kChannelColumns) + tail;
}

ChannelRecord channelFromRow(const Statement &row) {
    return ChannelRecord{row.int64(0), row.text(1),  row.text(2),  row.text(3),      row.int64(4),
                         row.int64(5), row.int64(6), row.int64(7), row.int64(8) != 0};
}

//! Columns channel_id, user_id, role, muted, joined_at.
ChannelMemberRecord channelMemberFromRow(const Statement &row) {
    return ChannelMemberRecord{row.int64(0), row.int64(1), static_cast<MemberRole>(row.int64(2)),
                               row.int64(3) != 0, row.int64(4)};
}

QList<ChannelMemberRecord> memberRows(Statement &s) {
    QList<ChannelMemberRecord> rows;
    while (s.step())
        rows.append(channelMemberFromRow(s));
    return rows;
}

} // namespace

std::optional<ChannelRecord> Records::channel(qint64 channelId) {
    static const QByteArray sql = channelQuery("WHERE ch.chat_id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, channelId);
    if (!s.step())
        return std::nullopt;
    return channelFromRow(s);
}

std::optional<qint64> Records::channelByName(const QString &name) {
    Statement s = m_db.prepare("SELECT chat_id FROM channels WHERE name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return s.int64(0);
}

std::optional<ChannelMemberRecord> Records::channelMember(qint64 channelId, qint64 userId) {
    Statement s = m_db.prepare("SELECT channel_id, user_id, role, muted, joined_at FROM "
                               "channel_members WHERE channel_id = ? AND user_id = ?");
    s.bind(1, channelId).bind(2, userId);
    if (!s.step())
        return std::nullopt;
    return channelMemberFromRow(s);
}

QList<ChannelMemberRecord> Records::channelStaff(qint64 channelId) {
    // The partial index channel_staff, named: without statistics SQLite otherwise walks the
    // primary key over every member (200,000 in a supergroup) to find the few with a role.
    Statement s = m_db.prepare("SELECT channel_id, user_id, role, muted, joined_at FROM "
                               "channel_members INDEXED BY channel_staff WHERE channel_id = ? "
                               "AND role > 0 ORDER BY user_id");
    s.bind(1, channelId);
    return memberRows(s);
}

QList<ChannelMemberRecord> Records::channelSubscriptionsOf(qint64 userId, qint64 afterChannelId,
                                                           int limit) {
    Statement s = m_db.prepare("SELECT channel_id, user_id, role, muted, joined_at FROM "
                               "channel_members WHERE user_id = ? AND channel_id > ? "
                               "ORDER BY channel_id LIMIT ?");
    s.bind(1, userId).bind(2, afterChannelId).bind(3, qint64(limit));
    return memberRows(s);
}

QList<ChannelMemberRecord> Records::channelMembersAfter(qint64 channelId, qint64 afterUserId,
                                                        int limit) {
    Statement s = m_db.prepare("SELECT channel_id, user_id, role, muted, joined_at FROM "
                               "channel_members WHERE channel_id = ? AND user_id > ? "
                               "ORDER BY user_id LIMIT ?");
    s.bind(1, channelId).bind(2, afterUserId).bind(3, qint64(limit));
    return memberRows(s);
}

qint64 Records::countChannelSubscriptions(qint64 userId) {
    Statement s = m_db.prepare("SELECT count(*) FROM channel_members WHERE user_id = ?");
    s.bind(1, userId);
    return s.step() ? s.int64(0) : 0;
}

QList<ChannelRecord> Records::searchPublicChannels(const QString &foldedQuery, int limit) {
    // Walks public channels biggest first (channels_public_by_size) until `limit` match:
    // instr() takes the query literally (no LIKE wildcards to escape).
    static const QByteArray sql =
        channelQuery("WHERE ch.name IS NOT NULL AND instr(ch.search_text, ?) > 0 "
                     "ORDER BY ch.subscriber_count DESC, ch.chat_id LIMIT ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, foldedQuery).bind(2, qint64(limit));
    QList<ChannelRecord> rows;
    while (s.step())
        rows.append(channelFromRow(s));
    return rows;
}

QList<LogEntry> Records::channelLogEntriesAfter(qint64 channelId, qint64 sincePts, int limit) {
    Statement s = m_db.prepare("SELECT pts, body FROM channel_updates WHERE channel_id = ? AND "
                               "pts > ? ORDER BY pts LIMIT ?");
    s.bind(1, channelId).bind(2, sincePts).bind(3, qint64(limit));
    QList<LogEntry> list;
    while (s.step())
        list.append(LogEntry{s.int64(0), s.blob(1)});
    return list;
}

// ---- writes

qint64 Records::insertChannel(const QString &title, const QString &about, const QString &name,
                              const QString &searchText, qint64 now) {
    const qint64 id = insertChat(protocol::ChatKind::Channel, title, now, QString());
    Statement s = writing().db.prepare(
        "INSERT INTO channels (chat_id, name, about, search_text, subscriber_count, pts, "
        "oldest_pts) VALUES (?, ?, ?, ?, 0, 0, 1)");
    s.bind(1, id);
    if (name.isEmpty())
        s.bindNull(2);
    else
        s.bind(2, name);
    s.bind(3, about).bind(4, searchText).run();
    m_context->memory.facts.forgetRoster(id); // a channel now: kind and megagroup
    return id;
}

void Records::setChannelInfo(qint64 channelId, const QString &title, const QString &about,
                             const QString &searchText) {
    setChatTitle(channelId, title);
    writing()
        .db.prepare("UPDATE channels SET about = ?, search_text = ? WHERE chat_id = ?")
        .bind(1, about)
        .bind(2, searchText)
        .bind(3, channelId)
        .run();
}

void Records::insertChannelMember(qint64 channelId, qint64 userId, MemberRole role, qint64 now) {
    Connection &db = writing().db;
    db.prepare("INSERT INTO channel_members (channel_id, user_id, role, muted, joined_at) "
               "VALUES (?, ?, ?, 0, ?)")
        .bind(1, channelId)
        .bind(2, userId)
        .bind(3, static_cast<qint64>(role))
        .bind(4, now)
        .run();
    db.prepare("UPDATE channels SET subscriber_count = subscriber_count + 1 WHERE chat_id = ?")
        .bind(1, channelId)
        .run();
}

bool Records::deleteChannelMember(qint64 channelId, qint64 userId) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?")
        .bind(1, channelId)
        .bind(2, userId)
        .run();
    if (db.changes() == 0)
        return false;
    db.prepare("UPDATE channels SET subscriber_count = subscriber_count - 1 WHERE chat_id = ?")
        .bind(1, channelId)
        .run();
    return true;
}

void Records::setChannelMemberRole(qint64 channelId, qint64 userId, MemberRole role) {
    writing()
        .db.prepare("UPDATE channel_members SET role = ? WHERE channel_id = ? AND user_id = ?")
        .bind(1, static_cast<qint64>(role))
        .bind(2, channelId)
        .bind(3, userId)
        .run();
}

void Records::setChannelMuted(qint64 channelId, qint64 userId, bool muted) {
    writing()
        .db.prepare("UPDATE channel_members SET muted = ? WHERE channel_id = ? AND user_id = ?")
        .bind(1, qint64(muted ? 1 : 0))
        .bind(2, channelId)
        .bind(3, userId)
        .run();
}

qint64 Records::appendChannelLogEntry(qint64 channelId, const QByteArray &body) {
    Connection &db = writing().db;
    Statement next =
        db.prepare("UPDATE channels SET pts = pts + 1 WHERE chat_id = ? RETURNING pts");
    next.bind(1, channelId);
    if (!next.step())
        throw Error(0, "no log for channel " + std::to_string(channelId));
    const qint64 pts = next.int64(0);
    next.run(); // finish the statement before the next one writes
    db.prepare("INSERT INTO channel_updates (channel_id, pts, body) VALUES (?, ?, ?)")
        .bind(1, channelId)
        .bind(2, pts)
        .bind(3, body)
        .run();
    return pts;
}

void Records::trimChannelLog(qint64 channelId, qint64 oldestKept) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM channel_updates WHERE channel_id = ? AND pts < ?")
        .bind(1, channelId)
        .bind(2, oldestKept)
        .run();
    db.prepare("UPDATE channels SET oldest_pts = ? WHERE chat_id = ? AND oldest_pts < ?")
        .bind(1, oldestKept)
        .bind(2, channelId)
        .bind(3, oldestKept)
        .run();
}

qint64 Records::rowsChanged() {
    return writing().db.totalChanges();
}

// Supergroups (docs/protocol.md §23, schema 19).

std::optional<qint64> Records::groupMigratedTo(qint64 groupId) {
    Statement s = m_db.prepare("SELECT supergroup_id FROM group_migrations WHERE group_id = ?");
    s.bind(1, groupId);
    if (!s.step())
        return std::nullopt;
    return s.int64(0);
}

std::optional<qint64> Records::firstChannelMemberWithRole(qint64 channelId, MemberRole role) {
    Statement s = m_db.prepare("SELECT user_id FROM channel_members WHERE channel_id = ? AND "
                               "role = ? ORDER BY joined_at, user_id LIMIT 1");
    s.bind(1, channelId).bind(2, static_cast<qint64>(role));
    if (!s.step())
        return std::nullopt;
    return s.int64(0);
}

void Records::setChannelMegagroup(qint64 channelId) {
    writing().memory.facts.forgetRoster(channelId);
    m_db.prepare("UPDATE channels SET megagroup = 1 WHERE chat_id = ?").bind(1, channelId).run();
}

void Records::insertGroupMigration(qint64 groupId, qint64 supergroupId) {
    writing().memory.facts.forgetRoster(groupId);
    m_db.prepare("INSERT INTO group_migrations (group_id, supergroup_id) VALUES (?, ?)")
        .bind(1, groupId)
        .bind(2, supergroupId)
        .run();
}

} // namespace msgr::server::sqlite
