// StoreWriter / StoreReader methods for the profile's settings (schema 5): the user's choices
// that belong to this profile and survive log-outs.
#include "storage/store_reader.h"
#include "storage/store_writer.h"

namespace msgr::storage {

void StoreWriter::saveSettings(const ProfileSettings &settings) {
    // SQLCipher 3.4 is SQLite 3.15: no UPSERT; the one row is replaced whole.
    must(m_db.cached("INSERT OR REPLACE INTO settings(id, allow_insecure_transport) "
                     "VALUES (1, ?1)")
             .bind(1, qint64{settings.allowInsecureTransport ? 1 : 0})
             .run(),
         "save settings");
}

ProfileSettings StoreReader::loadSettings() {
    ProfileSettings settings;
    auto &stmt = m_db.cached("SELECT allow_insecure_transport FROM settings WHERE id = 1");
    if (stmt.next())
        settings.allowInsecureTransport = stmt.int64(0) != 0;
    return settings;
}

} // namespace msgr::storage
