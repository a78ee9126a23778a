#include "storage/sql_statement.h"

#include <sqlite3.h>

#include <utility>

namespace msgr::storage::sql {

Statement::~Statement() {
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_lastOk(other.m_lastOk) {}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_lastOk = other.m_lastOk;
    }
    return *this;
}

Statement &Statement::bind(int index, qint64 value) {
    if (!m_stmt)
        return *this;
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &value) {
    if (!m_stmt)
        return *this;
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &value) {
    if (!m_stmt)
        return *this;
    sqlite3_bind_blob(m_stmt, index, value.constData(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index) {
    if (!m_stmt)
        return *this;
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bindIdOrNull(int index, qint64 value) {
    return value == 0 ? bindNull(index) : bind(index, value);
}

bool Statement::next() {
    if (!m_stmt) {
        m_lastOk = false;
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    m_lastOk = rc == SQLITE_ROW || rc == SQLITE_DONE;
    return rc == SQLITE_ROW;
}

bool Statement::run() {
    if (!m_stmt) {
        m_lastOk = false;
        return false;
    }
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(m_stmt);
    m_lastOk = rc == SQLITE_DONE;
    return m_lastOk;
}

void Statement::reset() {
    if (!m_stmt)
        return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_lastOk = true;
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

} // namespace msgr::storage::sql
