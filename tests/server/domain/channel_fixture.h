#pragma once
//! What the channel and post-comment domain tests share: a big channel filled straight through
//! the store, and every row of the database file counted apart from the store. Header-only.
#include "server/store/sqlite_connection.h"
#include "tests/server/domain/domain_fixture.h"

#include <QDir>

namespace msgr::test::domain {

//! Every row of every table of the database file, counted through a connection of its own.
inline qint64 rowsInDatabase(const QString &dir) {
    QString error;
    auto db = server::sqlite::Connection::open(QDir(dir).filePath(QStringLiteral("server.db")),
                                               server::sqlite::Connection::Mode::ReadOnly, &error);
    if (!db)
        return -1;
    QList<QString> tables;
    server::sqlite::Statement names =
        db->prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%'");
    while (names.step())
        tables.append(names.text(0));
    qint64 rows = 0;
    for (const QString &table : tables) {
        const QByteArray sql = "SELECT count(*) FROM \"" + table.toUtf8() + "\"";
        server::sqlite::Statement count = db->prepare(sql.constData());
        if (count.step())
            rows += count.int64(0);
    }
    return rows;
}

//! `count` users subscribed to the channel straight through the store, in one unit: the
//! cheap way to a big channel (a sign-up each would be thousands of Argon2 hashes).
inline bool addSubscribersDirectly(Fixture &f, qint64 channel, int count, const QString &prefix) {
    return await<bool>([&](auto done) {
               const auto admission = f.store->write(
                   [&](RecordWriter &records) {
                       for (int i = 0; i < count; ++i) {
                           const qint64 id =
                               records.insertUser(prefix + QString::number(i), QStringLiteral("S"),
                                                  QByteArrayLiteral("argon2id$x"), f.clock);
                           records.createLog(id);
                           records.insertChannelMember(channel, id, MemberRole::Member, f.clock);
                       }
                       return true;
                   },
                   [done](bool committed) { done(StoreResult<bool>(committed)); });
               if (admission != Store::Admission::Queued)
                   done(StoreResult<bool>(false));
           }).index() == 0;
}

} // namespace msgr::test::domain
