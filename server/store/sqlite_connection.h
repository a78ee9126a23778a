#pragma once
//! A small RAII layer over the SQLite C API: one connection, its cached prepared statements.
//! A Connection (and every Statement from it) is used by one thread at a time; it may be
//! handed to another thread between uses (SQLite's multi-thread mode).
#include "server/store/store.h"

#include <QByteArray>
#include <QString>
#include <QVarLengthArray>
#include <boost/unordered/unordered_flat_map.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace msgr::server::sqlite {

//! A failed SQLite call: a StoreFailure, so a unit of the domain is abandoned (and a write
//! rolled back) and the operation answers StoreError::Internal.
class Error : public StoreFailure {
public:
    Error(int code, const std::string &what) : StoreFailure(what), m_code(code) {}
    int code() const { return m_code; } // extended result code
private:
    int m_code;
};

class Connection;

//! One prepared statement in use. Cached statements are reset and unbound when this goes
//! out of scope, so the next user of the same SQL starts clean.
class Statement {
public:
    //! `inUse`: the cache entry's flag, cleared on destruction; null for an uncached statement.
    Statement(Connection *connection, sqlite3_stmt *stmt, bool *inUse);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement &operator=(Statement &&) = delete;

    // Parameters are 1-based, as in SQL. Text and blobs are not copied by SQLite: the
    // statement keeps a reference to (or, for text, the UTF-8 of) each value until it is reset.
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &value);
    Statement &bindNull(int index);

    //! Steps once: true when a row is available, false when the statement is done.
    bool step();
    //! Runs a statement that returns no rows (or ignores them).
    void run();

    // Columns are 0-based, as in SQLite's C API.
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    //! Keeps `bytes` alive until the statement is reset and returns its data for SQLITE_STATIC.
    const char *keep(QByteArray bytes);

    Connection *m_connection;
    sqlite3_stmt *m_stmt;
    bool *m_inUse; // null: not from the cache, finalized on destruction
    // What text and blob parameters point into (a message binds three, a log insert up to 16).
    QVarLengthArray<QByteArray, 4> m_kept;
};

class Connection {
public:
    enum class Mode { ReadWrite, ReadOnly };

    //! Opens (ReadWrite: creates if missing) the database at `path`. Null and `error` on failure.
    static std::unique_ptr<Connection> open(const QString &path, Mode mode, QString *error);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    //! Runs one or more statements without results (pragmas, schema). Throws Error.
    void exec(const char *sql);
    //! A cached prepared statement for this SQL text. Throws Error.
    Statement prepare(const char *sql);

    //! Sets the connection's lookaside allocator (SQLITE_DBCONFIG_LOOKASIDE): `slotCount` blocks
    //! of `slotSize` bytes for SQLite's small, short-lived allocations. Call before the first
    //! statement. Throws Error.
    void setLookaside(int slotSize, int slotCount);
    //! True inside BEGIN ... COMMIT (false when SQLite rolled a failed transaction back itself).
    bool inTransaction() const;
    qint64 lastInsertId() const;
    int changes() const;
    //! Rows inserted, updated or deleted through this connection since it opened.
    qint64 totalChanges() const;
    //! Throws an Error describing the connection's last failure, tagged with `code`.
    [[noreturn]] void fail(int code, const char *context) const;

private:
    explicit Connection(sqlite3 *db) : m_db(db) {}
    friend class Statement;

    struct Cached {
        sqlite3_stmt *stmt = nullptr;
        bool inUse = false;
    };
    Cached &cacheEntry(const char *sql);

    sqlite3 *m_db;
    std::unordered_map<std::string, Cached> m_cache; // by text; entries never move
    // By the address of the text: most SQL is a string literal passed by the same pointer
    // every time, found here without copying or hashing the text (confirmed by comparing it).
    boost::unordered_flat_map<const char *, Cached *> m_byAddress;
};

//! BEGIN on construction, ROLLBACK on destruction unless commit() ran. Throws Error.
class Transaction {
public:
    enum class Kind { Deferred, Immediate };
    Transaction(Connection &connection, Kind kind);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Connection &m_connection;
    bool m_open = true;
};

} // namespace msgr::server::sqlite
