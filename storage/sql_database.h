#pragma once
//! RAII owner of one SQLite/SQLCipher connection. Used only on the thread that opened it.
#include "storage/sql_statement.h"

#include <QByteArrayView>
#include <QString>
#include <memory>
#include <unordered_map>

struct sqlite3;

namespace msgr::storage::sql {

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    //! Opens `path`; `create` allows creating a missing file. False on failure (see lastError).
    bool open(const QString &path, bool create);
    void close();
    bool isOpen() const { return m_db != nullptr; }

    //! Runs SQL without results (may hold several statements). False on error.
    bool exec(const QByteArray &sql);
    //! SQLCipher's sqlite3_key: `keySpec` is the key in SQLCipher's raw form, x'<64 hex>'.
    //! Unlike PRAGMA key, the key never becomes SQL text that SQLite keeps and frees unwiped.
    //! False when the library has no codec (plain SQLite).
    bool setKey(QByteArrayView keySpec);
    //! A fresh prepared statement (invalid on error).
    Statement prepare(const QByteArray &sql);
    //! A prepared statement kept for the connection's lifetime, reset before it is returned.
    //! `sql` must be a string literal: its address is the cache key.
    Statement &cached(const char *sql);
    //! Resets every cached statement, so none holds a read snapshot open between jobs.
    void resetCachedStatements();
    //! The first column of the first row as text; empty if there is no row.
    QString queryText(const QByteArray &sql, bool *hasRow = nullptr);
    qint64 queryInt(const QByteArray &sql, qint64 fallback = 0);

    qint64 lastInsertRowId() const;
    int changes() const;
    int lastErrorCode() const;
    QString lastError() const;

private:
    sqlite3 *m_db = nullptr;
    std::unordered_map<const char *, std::unique_ptr<Statement>> m_cache;
};

} // namespace msgr::storage::sql
