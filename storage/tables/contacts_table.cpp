#include "storage/tables/contacts_table.h"

#include <QSet>

namespace msgr::storage {

namespace {

ContactRecord readContactRow(sql::Statement &stmt) {
    ContactRecord r;
    r.userId = stmt.int64(0);
    r.status = static_cast<ContactStatus>(stmt.int64(1));
    r.since = stmt.int64(2);
    r.retryAt = stmt.int64(3);
    r.blocked = stmt.int64(4) != 0;
    r.username = stmt.text(5);
    r.displayName = stmt.text(6);
    r.about = stmt.text(7);
    return r;
}

void writeRow(WriteTransaction &tx, const ContactRecord &r) {
    if (r.status == ContactStatus::None && !r.blocked) {
        tx.must(tx.db().cached("DELETE FROM contacts WHERE user_id = ?1").bind(1, r.userId).run(),
                "remove contact row");
        return;
    }
    auto &stmt = tx.db().cached("INSERT OR REPLACE INTO contacts(user_id, status, since, "
                                "retry_at, blocked, username, display_name, about) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    tx.must(stmt.bind(1, r.userId)
                .bind(2, static_cast<qint64>(r.status))
                .bind(3, r.since)
                .bind(4, r.retryAt)
                .bind(5, qint64(r.blocked ? 1 : 0))
                .bind(6, r.username)
                .bind(7, r.displayName)
                .bind(8, r.about)
                .run(),
            "store contact row");
}

} // namespace

ContactRecord ContactsTable::find(ReadTransaction &tx, qint64 userId) {
    auto &stmt = tx.db().cached("SELECT user_id, status, since, retry_at, blocked, username, "
                                "display_name, about FROM contacts WHERE user_id = ?1");
    stmt.bind(1, userId);
    ContactRecord r = stmt.next() ? readContactRow(stmt) : ContactRecord{};
    stmt.reset();
    return r;
}

void ContactsTable::storeRelation(WriteTransaction &tx, const ContactRecord &record) {
    ContactRecord row = record;
    row.blocked = find(tx, record.userId).blocked;
    writeRow(tx, row);
}

void ContactsTable::setBlocked(WriteTransaction &tx, qint64 userId, bool blocked,
                               const QString &username, const QString &displayName) {
    ContactRecord row = find(tx, userId);
    row.userId = userId;
    row.blocked = blocked;
    if (!username.isEmpty())
        row.username = username;
    if (!displayName.isEmpty())
        row.displayName = displayName;
    writeRow(tx, row);
}

void ContactsTable::replace(WriteTransaction &tx, const QList<ContactRecord> &relations,
                            const QList<ContactRecord> &blocked) {
    tx.must(tx.db().cached("DELETE FROM contacts").run(), "clear contacts");
    QSet<qint64> blockedIds;
    for (const ContactRecord &b : blocked)
        blockedIds.insert(b.userId);
    QSet<qint64> written;
    for (ContactRecord r : relations) {
        r.blocked = blockedIds.contains(r.userId);
        writeRow(tx, r);
        written.insert(r.userId);
    }
    for (ContactRecord b : blocked) {
        if (written.contains(b.userId))
            continue;
        b.status = ContactStatus::None;
        b.blocked = true;
        writeRow(tx, b);
    }
}

QList<ContactRecord> ContactsTable::load(ReadTransaction &tx) {
    QList<ContactRecord> rows;
    auto &stmt = tx.db().cached("SELECT user_id, status, since, retry_at, blocked, username, "
                                "display_name, about FROM contacts ORDER BY user_id");
    while (stmt.next())
        rows.append(readContactRow(stmt));
    return rows;
}

} // namespace msgr::storage
