#pragma once
//! Damaging a closed SQLite file on purpose, for the tests that prove a damaged page is found
//! at start (quick_check) or answered INTERNAL: where the pages are, and fixed garbage over
//! one of them. Header-only; used by tst_sqlite_store and the tst_store_damage integration test.
#include "server/store/sqlite_connection.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QString>

namespace msgr::test {

//! Overwrites page `page` (1-based) of a closed database file with fixed garbage. Returns
//! false if the file is shorter or cannot be written.
inline bool damagePage(const QString &path, qint64 page, qint64 pageSize) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || file.size() < page * pageSize)
        return false;
    QByteArray garbage(pageSize, Qt::Uninitialized);
    quint32 x = 2463534242u; // xorshift32: the same bytes every run
    for (char &c : garbage) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return file.seek((page - 1) * pageSize) && file.write(garbage) == pageSize && file.flush();
}

//! The page size, the page count and the root page of each table and index of a closed
//! database.
struct DatabaseLayout {
    qint64 pageSize = 0;
    qint64 pages = 0;
    QHash<QString, qint64> roots; // table or index -> root page
};

//! All zero when the file cannot be opened.
inline DatabaseLayout layoutOf(const QString &path) {
    namespace sqlite = msgr::server::sqlite;
    DatabaseLayout layout;
    QString error;
    auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::ReadOnly, &error);
    if (!db)
        return layout;
    sqlite::Statement size = db->prepare("PRAGMA page_size");
    layout.pageSize = size.step() ? size.int64(0) : 0;
    sqlite::Statement count = db->prepare("PRAGMA page_count");
    layout.pages = count.step() ? count.int64(0) : 0;
    sqlite::Statement roots = db->prepare("SELECT name, rootpage FROM sqlite_master");
    while (roots.step())
        layout.roots.insert(roots.text(0), roots.int64(1));
    return layout;
}

} // namespace msgr::test
