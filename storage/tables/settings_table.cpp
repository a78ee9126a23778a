#include "storage/tables/settings_table.h"

namespace msgr::storage {

void SettingsTable::save(WriteTransaction &tx, const ProfileSettings &settings) {
    // SQLCipher 3.4 is SQLite 3.15: no UPSERT; the one row is replaced whole.
    tx.must(tx.db()
                .cached("INSERT OR REPLACE INTO settings(id, allow_insecure_transport) "
                        "VALUES (1, ?1)")
                .bind(1, qint64{settings.allowInsecureTransport ? 1 : 0})
                .run(),
            "save settings");
}

ProfileSettings SettingsTable::load(ReadTransaction &tx) {
    ProfileSettings settings;
    auto &stmt = tx.db().cached("SELECT allow_insecure_transport FROM settings WHERE id = 1");
    if (stmt.next())
        settings.allowInsecureTransport = stmt.int64(0) != 0;
    return settings;
}

} // namespace msgr::storage
