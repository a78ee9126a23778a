#include "storage/tables/settings_table.h"

namespace msgr::storage {

void SettingsTable::save(WriteTransaction &tx, const ProfileSettings &settings) {
    // SQLCipher 3.4 is SQLite 3.15: no UPSERT; the one row is replaced whole.
    tx.must(tx.db()
                .cached("INSERT OR REPLACE INTO settings(id, allow_insecure_transport, proxy_mode, "
                        "proxy_host, proxy_port, proxy_user, proxy_password) "
                        "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)")
                .bind(1, qint64{settings.allowInsecureTransport ? 1 : 0})
                .bind(2, qint64{settings.proxyMode})
                .bind(3, settings.proxyHost)
                .bind(4, qint64{settings.proxyPort})
                .bind(5, settings.proxyUserName)
                .bind(6, settings.proxyPassword)
                .run(),
            "save settings");
}

ProfileSettings SettingsTable::load(ReadTransaction &tx) {
    ProfileSettings settings;
    auto &stmt =
        tx.db().cached("SELECT allow_insecure_transport, proxy_mode, proxy_host, "
                       "proxy_port, proxy_user, proxy_password FROM settings WHERE id = 1");
    if (stmt.next()) {
        settings.allowInsecureTransport = stmt.int64(0) != 0;
        settings.proxyMode = int(stmt.int64(1));
        settings.proxyHost = stmt.text(2);
        settings.proxyPort = int(stmt.int64(3));
        settings.proxyUserName = stmt.text(4);
        settings.proxyPassword = stmt.text(5);
    }
    return settings;
}

} // namespace msgr::storage
