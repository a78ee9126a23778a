#include "storage/sql_database.h"

#include "storage/storage_logging.h"

#include <sqlite3.h>

namespace msgr::storage::sql {

Database::~Database() {
    close();
}

bool Database::open(const QString &path, bool create) {
    close();
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        qCWarning(lcStorage) << "cannot open database:" << sqlite3_errstr(rc);
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 0);
    return true;
}

void Database::close() {
    m_cache.clear(); // statements must be finalized before the connection closes
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Database::exec(const QByteArray &sql) {
    if (!m_db)
        return false;
    char *error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &error);
    if (error)
        sqlite3_free(error);
    return rc == SQLITE_OK;
}

bool Database::setKey(QByteArrayView keySpec) {
    if (!m_db)
        return false;
#ifdef SQLITE_HAS_CODEC
    return sqlite3_key(m_db, keySpec.data(), static_cast<int>(keySpec.size())) == SQLITE_OK;
#else
    // Built against plain SQLite (tests/storage/tst_refuses_plain_sqlite): there is no codec.
    (void)keySpec;
    return false;
#endif
}

Statement Database::prepare(const QByteArray &sql) {
    sqlite3_stmt *stmt = nullptr;
    if (!m_db)
        return Statement();
    if (sqlite3_prepare_v2(m_db, sql.constData(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        qCWarning(lcStorage) << "prepare failed:" << lastError();
        return Statement();
    }
    return Statement(stmt);
}

Statement &Database::cached(const char *sql) {
    auto &slot = m_cache[sql];
    if (!slot)
        slot = std::make_unique<Statement>(prepare(QByteArray(sql)));
    else
        slot->reset();
    return *slot;
}

void Database::resetCachedStatements() {
    for (auto &entry : m_cache)
        entry.second->reset();
}

QString Database::queryText(const QByteArray &sql, bool *hasRow) {
    Statement stmt = prepare(sql);
    const bool row = stmt.isValid() && stmt.next();
    if (hasRow)
        *hasRow = row;
    return row ? stmt.text(0) : QString();
}

qint64 Database::queryInt(const QByteArray &sql, qint64 fallback) {
    Statement stmt = prepare(sql);
    return stmt.isValid() && stmt.next() ? stmt.int64(0) : fallback;
}

qint64 Database::lastInsertRowId() const {
    return m_db ? sqlite3_last_insert_rowid(m_db) : 0;
}
int Database::changes() const {
    return m_db ? sqlite3_changes(m_db) : 0;
}
int Database::lastErrorCode() const {
    return m_db ? sqlite3_errcode(m_db) : SQLITE_CANTOPEN;
}
QString Database::lastError() const {
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("not open");
}

} // namespace msgr::storage::sql
