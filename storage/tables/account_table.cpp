#include "storage/tables/account_table.h"

namespace msgr::storage {

std::optional<AccountState> AccountTable::load(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT user_id, device_id, username, token, pts FROM account "
                                "WHERE id = 1 AND token != ''");
    if (!stmt.next())
        return std::nullopt;
    AccountState a;
    a.userId = stmt.int64(0);
    a.deviceId = stmt.int64(1);
    a.username = stmt.text(2);
    a.token = stmt.text(3);
    a.pts = stmt.int64(4);
    return a;
}

qint64 AccountTable::storedSelfUserId(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT user_id FROM account WHERE id = 1");
    return stmt.next() ? stmt.int64(0) : 0;
}

void AccountTable::save(WriteTransaction &tx, const AccountState &account) {
    tx.must(tx.db().cached("INSERT OR IGNORE INTO account(id) VALUES (1)").run(), "account row");
    auto &stmt = tx.db().cached("UPDATE account SET user_id = ?1, device_id = ?2, username = ?3, "
                                "token = ?4, pts = ?5 WHERE id = 1");
    tx.must(stmt.bind(1, account.userId)
                .bind(2, account.deviceId)
                .bind(3, account.username)
                .bind(4, account.token)
                .bind(5, account.pts)
                .run(),
            "save account");
    tx.setSelfUserId(account.userId);
}

void AccountTable::clear(WriteTransaction &tx) {
    tx.must(tx.db().cached("UPDATE account SET token = '' WHERE id = 1").run(), "clear account");
}

} // namespace msgr::storage
