#include "storage/tables/users_table.h"

namespace msgr::storage {

void UsersTable::store(WriteTransaction &tx, const QList<UserRecord> &users) {
    for (const UserRecord &user : users) {
        auto &stmt = tx.db().cached(
            "INSERT OR REPLACE INTO users(id, username, display_name) VALUES (?1, ?2, ?3)");
        tx.must(stmt.bind(1, user.id).bind(2, user.username).bind(3, user.displayName).run(),
                "store user");
    }
}

QList<UserRecord> UsersTable::load(ReadTransaction &tx, const QList<qint64> &ids) {
    QList<UserRecord> out;
    for (qint64 id : ids) {
        auto &stmt = tx.db().cached("SELECT id, username, display_name FROM users WHERE id = ?1");
        if (stmt.bind(1, id).next())
            out.append(UserRecord{stmt.int64(0), stmt.text(1), stmt.text(2)});
    }
    return out;
}

} // namespace msgr::storage
