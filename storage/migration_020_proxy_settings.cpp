#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step020ProxySettings(sql::Database &db) {
    // The proxy lives in the encrypted profile because its password is a secret. proxy_mode is
    // core::ProxySettings::Mode's number (0 = off, the behaviour before this step).
    return db.exec(R"sql(
ALTER TABLE settings ADD COLUMN proxy_mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN proxy_host TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN proxy_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN proxy_user TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN proxy_password TEXT NOT NULL DEFAULT '';
)sql");
}

} // namespace msgr::storage::migrations
