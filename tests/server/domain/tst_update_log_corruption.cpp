// A damaged row of a user's update log (server/domain/update_log.cpp): whatever bytes a body
// holds (the two bytes a1 a1, nothing, a map with trailing bytes, a non-map), it is never read
// half-parsed. Each such row becomes an "unreadable" unknown update that keeps its pts, so the
// client's sequence has no gap and it is not stuck re-fetching a row that can never decode; the
// rest of the slice, other users' logs and new writes are unaffected.
#include "server/domain/domain.h"
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_store.h"
#include "tests/server/domain/domain_await.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace msgr;
using namespace msgr::server;
using msgr::test::store::await;

namespace {

template <typename T> T valueOr(const StoreResult<T> &result) {
    return result.index() == 0 ? std::get<0>(result) : T{};
}

QList<qint64> ptsOf(const Difference &d) {
    QList<qint64> pts;
    for (const auto &logged : d.updates)
        pts.append(logged.pts);
    return pts;
}

bool isUnreadable(const protocol::LoggedUpdate &logged) {
    const auto *unknown = std::get_if<protocol::UnknownUpdate>(&logged.update);
    return unknown && unknown->type == QLatin1StringView("unreadable");
}

} // namespace

class TestUpdateLogCorruption : public QObject {
    Q_OBJECT
private slots:
    void damagedBodiesBecomeUnreadableUpdatesInPlace() {
        QTemporaryDir dir;
        QString error;
        auto store = SqliteStore::open(dir.path(), {}, &error);
        QVERIFY2(store, qPrintable(error));
        auto domain = std::make_unique<domain::Domain>(*store);
        qint64 clock = 1000;
        const auto user = [&](const char *name) {
            return valueOr(await<protocol::User>([&](auto done) {
                       domain->accounts.createAccount(QString::fromLatin1(name),
                                                      QString::fromLatin1(name), "argon2id$x",
                                                      ++clock, done);
                   }))
                .id;
        };
        const auto send = [&](qint64 sender, qint64 chat, qint64 randomId) {
            return valueOr(await<AppendedMessage>([&](auto done) {
                       domain->messages.appendMessage(sender, chat, randomId,
                                                      QStringLiteral("m%1").arg(randomId), ++clock,
                                                      done);
                   }))
                .message.id;
        };
        const qint64 alice = user("alice");
        const qint64 bob = user("bob");
        QVERIFY(alice > 0 && bob > 0);
        const qint64 chat = valueOr(await<OpenedChat>([&](auto done) {
                                domain->chats.openPrivateChat(alice, bob, ++clock, done);
                            })).chat.id;
        QVERIFY(chat > 0);
        for (qint64 randomId = 1; randomId <= 5; ++randomId) // alice's pts 2..6
            QVERIFY(send(alice, chat, randomId) > 0);
        domain.reset();
        store.reset();

        {
            auto db = sqlite::Connection::open(QDir(dir.path()).filePath("server.db"),
                                               sqlite::Connection::Mode::ReadWrite, &error);
            QVERIFY2(db, qPrintable(error));
            const QList<QPair<qint64, QByteArray>> damage{
                {2, QByteArray("\xa1\xa1", 2)},                    // the map that crashed the edge
                {3, QByteArray()},                                 // nothing at all
                {4, QByteArray("\xa1\x64type\x67unknown") + '\0'}, // a map, then a stray byte
                {5, QByteArray("\x81\x01", 2)},                    // valid CBOR, not a map
            };
            for (const auto &[pts, body] : damage) {
                db->prepare("UPDATE user_updates SET body = ? WHERE user_id = ? AND pts = ?")
                    .bind(1, body)
                    .bind(2, alice)
                    .bind(3, pts)
                    .run();
                QCOMPARE(db->changes(), 1);
            }
        }

        store = SqliteStore::open(dir.path(), {}, &error);
        QVERIFY2(store, qPrintable(error));
        domain = std::make_unique<domain::Domain>(*store);
        const StoreResult<Difference> all = domain->updates.difference(alice, 0, 100);
        QCOMPARE(all.index(), 0u); // a damaged body is not a failed read
        const Difference d = std::get<0>(all);
        QCOMPARE(ptsOf(d), (QList<qint64>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(d.pts, 6);
        QVERIFY(std::holds_alternative<protocol::NewChatUpdate>(d.updates.at(0).update));
        for (int i = 1; i <= 4; ++i)
            QVERIFY2(isUnreadable(d.updates.at(i)), qPrintable(QString::number(i)));
        const auto *last = std::get_if<protocol::NewMessageUpdate>(&d.updates.at(5).update);
        QVERIFY(last);
        QCOMPARE(last->message.text, QStringLiteral("m5"));

        // Slices over damaged rows keep their positions.
        const Difference slice = valueOr(domain->updates.difference(alice, 1, 2));
        QCOMPARE(ptsOf(slice), (QList<qint64>{2, 3}));
        QVERIFY(!slice.final);

        // Bob's log was not touched; the store still writes and reads.
        const Difference bobs = valueOr(domain->updates.difference(bob, 0, 100));
        QCOMPARE(bobs.updates.size(), 6);
        for (const auto &logged : bobs.updates)
            QVERIFY(!isUnreadable(logged));
        QVERIFY(send(alice, chat, 6) > 0);
        const Difference after = valueOr(domain->updates.difference(alice, 6, 100));
        QCOMPARE(ptsOf(after), (QList<qint64>{7}));
        QVERIFY(std::holds_alternative<protocol::NewMessageUpdate>(after.updates.at(0).update));
    }
};

QTEST_GUILESS_MAIN(TestUpdateLogCorruption)
#include "tst_update_log_corruption.moc"
