#include "server/store/sqlite_connection.h"

#include "server/store/wal_gather_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <mutex>
#include <utility>

namespace msgr::server::sqlite {

namespace {
constexpr int kBusyTimeoutMs = 5000;
//! Past this many addresses (SQL built at run time, at a new address each time) the by-address
//! index starts again; the statements themselves stay cached by text.
constexpr size_t kMaxAddresses = 4096;

// SQLite's memory statistics (on by default) take one process-wide mutex around every
// sqlite3_malloc and sqlite3_free, on every thread: ~1 µs per stored message on the writer
// (bench/server_load/RESULTS.md, srvcpu). The server reads no SQLite memory statistic (and sets
// no soft heap limit, which needs them). sqlite3_config works only before SQLite initialises,
// which the first open or VFS registration does: so this runs first in Connection::open, the
// only place the server reaches SQLite from. If something else in the process initialised it
// already, SQLite refuses (SQLITE_MISUSE) and keeps its statistics on: slower, still correct.
void configureSqliteOnce() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
} // namespace

Statement::Statement(Connection *connection, sqlite3_stmt *stmt, bool *inUse)
    : m_connection(connection), m_stmt(stmt), m_inUse(inUse) {}

Statement::Statement(Statement &&other) noexcept
    : m_connection(other.m_connection), m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_inUse(std::exchange(other.m_inUse, nullptr)), m_kept(std::move(other.m_kept)) {}

Statement::~Statement() {
    // Reset and unbound (or finalized) before m_kept, which the bindings point into, goes.
    if (!m_stmt)
        return;
    if (m_inUse) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        *m_inUse = false;
    } else {
        sqlite3_finalize(m_stmt);
    }
}

const char *Statement::keep(QByteArray bytes) {
    // A QByteArray's heap data does not move when the array object does. Raw data (not owned)
    // and the shared empty array are copied into a buffer of our own.
    if (!bytes.data_ptr().d_ptr())
        bytes = QByteArray(bytes.constData(), bytes.size());
    m_kept.append(std::move(bytes));
    static const char empty = 0;
    const char *data = m_kept.last().constData();
    return data ? data : &empty;
}

Statement &Statement::bind(int index, qint64 value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_connection->fail(rc, "bind");
    return *this;
}

Statement &Statement::bind(int index, const QString &value) {
    QByteArray utf8 = value.toUtf8();
    const auto size = static_cast<sqlite3_uint64>(utf8.size());
    const int rc =
        sqlite3_bind_text64(m_stmt, index, keep(std::move(utf8)), size, SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        m_connection->fail(rc, "bind");
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &value) {
    // keep() never returns null: a null QByteArray binds an empty blob, not SQL NULL.
    const int rc = sqlite3_bind_blob64(m_stmt, index, keep(value),
                                       static_cast<sqlite3_uint64>(value.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK)
        m_connection->fail(rc, "bind");
    return *this;
}

Statement &Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        m_connection->fail(rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_connection->fail(rc, sqlite3_sql(m_stmt));
}

void Statement::run() {
    while (step()) {
    }
}

qint64 Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const {
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const {
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::unique_ptr<Connection> Connection::open(const QString &path, Mode mode, QString *error) {
    configureSqliteOnce();
    // Each connection is confined to one thread at a time: SQLite's own mutexes are not needed.
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                    : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3 *db = nullptr;
    // The writer's WAL writes are gathered (wal_gather_vfs.h); readers never write it.
    const char *vfs = mode == Mode::ReadWrite ? walGatherVfsName() : nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, vfs);
    if (rc != SQLITE_OK) {
        if (error)
            *error =
                QStringLiteral("cannot open %1: %2")
                    .arg(path, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
    for (auto &[sql, cached] : m_cache)
        sqlite3_finalize(cached.stmt);
    sqlite3_close(m_db);
}

void Connection::exec(const char *sql) {
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string what = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc, what);
    }
}

Connection::Cached &Connection::cacheEntry(const char *sql) {
    if (const auto it = m_byAddress.find(sql);
        it != m_byAddress.end() && std::strcmp(sqlite3_sql(it->second->stmt), sql) == 0)
        return *it->second;
    Cached &cached = m_cache[sql];
    if (cached.stmt) { // prepared before from a copy of this text at another address
        if (m_byAddress.size() >= kMaxAddresses)
            m_byAddress.clear();
        m_byAddress.insert_or_assign(sql, &cached);
    }
    return cached;
}

Statement Connection::prepare(const char *sql) {
    Cached &cached = cacheEntry(sql);
    if (cached.stmt && !cached.inUse) {
        cached.inUse = true;
        return Statement(this, cached.stmt, &cached.inUse);
    }
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        if (!cached.stmt)
            m_cache.erase(sql);
        fail(rc, sql);
    }
    if (cached.stmt) // the cached one is busy (nested use of the same SQL): use a private one
        return Statement(this, stmt, nullptr);
    cached.stmt = stmt;
    cached.inUse = true;
    if (m_byAddress.size() >= kMaxAddresses)
        m_byAddress.clear();
    m_byAddress.insert_or_assign(sql, &cached);
    return Statement(this, stmt, &cached.inUse);
}

void Connection::setLookaside(int slotSize, int slotCount) {
    const int rc = sqlite3_db_config(m_db, SQLITE_DBCONFIG_LOOKASIDE, nullptr, slotSize, slotCount);
    if (rc != SQLITE_OK)
        fail(rc, "lookaside");
}

bool Connection::inTransaction() const {
    return sqlite3_get_autocommit(m_db) == 0;
}

qint64 Connection::lastInsertId() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Connection::changes() const {
    return sqlite3_changes(m_db);
}

qint64 Connection::totalChanges() const {
    return sqlite3_total_changes64(m_db);
}

void Connection::fail(int code, const char *context) const {
    throw Error(code, std::string(sqlite3_errmsg(m_db)) + " (" + (context ? context : "") + ")");
}

Transaction::Transaction(Connection &connection, Kind kind) : m_connection(connection) {
    m_connection.prepare(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
    if (!m_open)
        return;
    try {
        m_connection.prepare("ROLLBACK").run();
    } catch (const Error &) {
        // The transaction is already gone (SQLite rolls back by itself on some errors).
    }
}

void Transaction::commit() {
    m_connection.prepare("COMMIT").run();
    m_open = false;
}

} // namespace msgr::server::sqlite
