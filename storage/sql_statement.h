#pragma once
//! RAII wrapper of one prepared statement (sqlite3_stmt). Used only on its connection's thread.
#include <QByteArray>
#include <QString>

struct sqlite3_stmt;

namespace msgr::storage::sql {

class Statement {
public:
    Statement() = default;
    explicit Statement(sqlite3_stmt *stmt) : m_stmt(stmt) {}
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    // Binding: indexes start at 1, as in SQLite.
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64{value}); }
    Statement &bind(int index, const QString &value);
    Statement &bindBlob(int index, const QByteArray &value);
    Statement &bindNull(int index);
    //! Binds NULL for 0 (for UNIQUE columns where 0 means "none").
    Statement &bindIdOrNull(int index, qint64 value);

    //! Steps once. True when a row is available; false when done or on error (see ok()).
    bool next();
    //! Steps to completion; true on SQLITE_DONE.
    bool run();
    //! True unless the last step failed.
    bool ok() const { return m_lastOk; }
    //! Makes the statement reusable and clears its bindings.
    void reset();

    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    bool m_lastOk = true;
};

} // namespace msgr::storage::sql
