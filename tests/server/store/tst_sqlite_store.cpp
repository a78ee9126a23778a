// SqliteStore: accounts, devices, chats, messages, update logs, group commit, durability.
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_schema.h"
#include "server/store/sqlite_store.h"
#include "tests/server/store/damaged_database.h"
#include "tests/server/store/store_await.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <set>
#include <thread>

using namespace msgr;
using namespace msgr::server;
using msgr::test::store::await;

namespace {

template <typename T> bool failedWith(const StoreResult<T> &result, StoreError error) {
    return result.index() == 1 && std::get<1>(result) == error;
}

//! The value of a StoreResult that must hold one (QFAIL-free: an error yields T{} and the
//! comparisons that follow fail with the values in the log).
template <typename T> T valueOr(const StoreResult<T> &result) {
    return result.index() == 0 ? std::get<0>(result) : T{};
}

// Declares `name` as the value of a StoreResult, failing the test on an error.
#define EXPECT_VALUE(name, expr)                                                                   \
    auto name##Result = (expr);                                                                    \
    QVERIFY2(name##Result.index() == 0, "the store answered an error");                            \
    auto name = std::get<0>(std::move(name##Result))

struct Fixture {
    explicit Fixture(const SqliteStoreOptions &options = {}) { reopen(options); }

    void reopen(const SqliteStoreOptions &options = {}) {
        store.reset();
        store = SqliteStore::open(dir.path(), options, &error);
    }

    StoreResult<protocol::User> signUp(const QString &name) {
        return await<protocol::User>([&](auto done) {
            store->createAccount(name, name.toUpper(), "argon2id$" + name.toUtf8(), done);
        });
    }
    qint64 userId(const QString &name) {
        auto result = signUp(name);
        return result.index() == 0 ? std::get<0>(result).id : 0;
    }
    StoreResult<OpenedChat> openChat(qint64 caller, qint64 peer) {
        return await<OpenedChat>(
            [&](auto done) { store->openPrivateChat(caller, peer, ++clock, done); });
    }
    qint64 chatId(qint64 caller, qint64 peer) {
        auto result = openChat(caller, peer);
        return result.index() == 0 ? std::get<0>(result).chat.id : 0;
    }
    StoreResult<AppendedMessage> send(qint64 sender, qint64 chat, qint64 randomId,
                                      const QString &text = QStringLiteral("hello")) {
        return await<AppendedMessage>(
            [&](auto done) { store->appendMessage(sender, chat, randomId, text, ++clock, done); });
    }
    qint64 messageId(qint64 sender, qint64 chat) {
        auto result = send(sender, chat, ++nextRandomId);
        return result.index() == 0 ? std::get<0>(result).message.id : 0;
    }
    StoreResult<PositionChange> markRead(qint64 user, qint64 chat, qint64 maxId) {
        return await<PositionChange>([&](auto done) { store->markRead(user, chat, maxId, done); });
    }
    StoreResult<PositionChange> markDelivered(qint64 user, qint64 chat, qint64 maxId) {
        return await<PositionChange>(
            [&](auto done) { store->markDelivered(user, chat, maxId, done); });
    }

    QTemporaryDir dir;
    QString error;
    std::unique_ptr<SqliteStore> store;
    qint64 clock = 1'700'000'000'000;
    qint64 nextRandomId = 1000;
};

template <typename U> bool holds(const protocol::LoggedUpdate &logged) {
    return std::holds_alternative<U>(logged.update);
}

//! The pts of every entry of a user's whole retained log, in order.
QList<qint64> logPts(SqliteStore &store, qint64 userId) {
    QList<qint64> pts;
    for (const auto &logged : valueOr(store.difference(userId, 0, 100000)).updates)
        pts.append(logged.pts);
    return pts;
}

QList<qint64> oneToN(qint64 n) {
    QList<qint64> list;
    for (qint64 i = 1; i <= n; ++i)
        list.append(i);
    return list;
}

} // namespace

class TestSqliteStore : public QObject {
    Q_OBJECT

private slots:
    void accountsHaveUniqueUsernamesAndAreFound() {
        Fixture f;
        QVERIFY2(f.store, qPrintable(f.error));
        QVERIFY(f.store->healthy());
        EXPECT_VALUE(alice, f.signUp("alice"));
        QVERIFY(alice.id > 0);
        QCOMPARE(alice.displayName, QStringLiteral("ALICE"));
        QVERIFY(failedWith(f.signUp("alice"), StoreError::UsernameTaken));

        EXPECT_VALUE(account, f.store->findAccount("alice"));
        QVERIFY(account);
        QCOMPARE(account->user, alice);
        QCOMPARE(account->passwordHash, QByteArray("argon2id$alice"));
        EXPECT_VALUE(nobody, f.store->findAccount("nobody"));
        QVERIFY(!nobody);
        QCOMPARE(valueOr(f.store->currentPts(alice.id)), 0);

        EXPECT_VALUE(underscore, f.signUp("a_b"));
        EXPECT_VALUE(axb, f.signUp("axb"));
        // "_" in the query matches only itself, not any character.
        QCOMPARE(valueOr(f.store->searchUsers("a_", 10)), QList<protocol::User>{underscore});
        QCOMPARE(valueOr(f.store->searchUsers("a", 10)).size(), 3);
        QCOMPARE(valueOr(f.store->searchUsers("a", 2)).size(), 2);
        EXPECT_VALUE(percent, f.store->searchUsers("%", 10));
        QCOMPARE(percent.size(), 0);
        QCOMPARE(valueOr(f.store->users({axb.id, 999, alice.id})),
                 (QList<protocol::User>{axb, alice}));
    }

    void devicesAreFoundByTokenUntilRevoked() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        auto create = [&](qint64 user, const QByteArray &token) {
            return await<NewDevice>(
                [&](auto done) { f.store->createDevice(user, "phone", token, 5000, done); });
        };
        EXPECT_VALUE(phone, create(alice, "hash-1"));
        EXPECT_VALUE(laptop, create(alice, "hash-2"));
        QVERIFY(failedWith(create(4242, "hash-3"), StoreError::NotFound));

        EXPECT_VALUE(session, f.store->sessionByTokenHash("hash-1"));
        QVERIFY(session);
        QCOMPARE(session->userId, alice);
        QCOMPARE(session->deviceId, phone.deviceId);
        QCOMPARE(session->lastSeenAt, 5000);
        EXPECT_VALUE(unknown, f.store->sessionByTokenHash("unknown"));
        QVERIFY(!unknown);
        QCOMPARE(valueOr(f.store->devices(alice)).size(), 2);
        EXPECT_VALUE(bobsDevices, f.store->devices(bob));
        QCOMPARE(bobsDevices.size(), 0);

        auto revoke = [&](qint64 user, qint64 device) {
            return await<bool>([&](auto done) { f.store->revokeDevice(user, device, done); });
        };
        QVERIFY(failedWith(revoke(bob, phone.deviceId), StoreError::NotFound));
        QVERIFY(valueOr(f.store->sessionByTokenHash("hash-1")));
        EXPECT_VALUE(revoked, revoke(alice, phone.deviceId));
        QVERIFY(revoked);
        EXPECT_VALUE(gone, f.store->sessionByTokenHash("hash-1"));
        QVERIFY(!gone);
        QVERIFY(failedWith(revoke(alice, phone.deviceId), StoreError::NotFound));
        const QList<protocol::Device> left = valueOr(f.store->devices(alice));
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().id, laptop.deviceId);
        QCOMPARE(left.first().lastSeenAt, 5000);

        // Touches are coalesced and written with the next batch: the newest one wins.
        f.store->touchDevice(laptop.deviceId, 7000);
        f.store->touchDevice(laptop.deviceId, 9000);
        f.store->touchDevice(laptop.deviceId, 8000);
        f.userId("carol"); // any later write commits after the touches
        QCOMPARE(valueOr(f.store->devices(alice)).first().lastSeenAt, 9000);
        QCOMPARE(valueOr(f.store->sessionByTokenHash("hash-2"))->lastSeenAt, 9000);
    }

    void writesPastTheQueueCapAreRefusedAtOnceAsBusy() {
        SqliteStoreOptions options;
        options.maxQueuedWrites = 4;
        Fixture f(options);
        const qint64 alice = f.userId("alice");
        EXPECT_VALUE(device, await<NewDevice>([&](auto done) {
                         f.store->createDevice(alice, "phone", "hash-1", 5000, done);
                     }));

        // Hold the writer inside the `done` of one write: the queue then only fills.
        std::promise<void> entered;
        std::promise<void> gate;
        f.store->createAccount("gatekeeper", "", "h", [&](StoreResult<protocol::User>) {
            entered.set_value();
            gate.get_future().wait();
        });
        entered.get_future().wait();

        std::vector<std::promise<StoreResult<protocol::User>>> queued(4);
        for (size_t i = 0; i < queued.size(); ++i)
            f.store->createAccount(QStringLiteral("user%1").arg(i), "", "h",
                                   [&, i](auto r) { queued[i].set_value(std::move(r)); });
        // The fifth is refused on the spot, on this thread, with nothing written.
        std::optional<StoreResult<protocol::User>> refused;
        f.store->createAccount("overflow", "", "h", [&](auto r) { refused = std::move(r); });
        QVERIFY(refused);
        QVERIFY(failedWith(*refused, kStoreBusy));
        QCOMPARE(f.store->writeStats().refused, 1);
        QCOMPARE(f.store->writeStats().queued, 4);
        // Activity is coalesced into one job that passes the cap: expiry must not lag a flood.
        f.store->touchDevice(device.deviceId, 9000);
        gate.set_value();

        for (auto &promise : queued)
            QVERIFY(promise.get_future().get().index() == 0);
        f.userId("later"); // commits after the touch
        QCOMPARE(valueOr(f.store->devices(alice)).first().lastSeenAt, 9000);
        EXPECT_VALUE(overflow, f.store->findAccount("overflow"));
        QVERIFY(!overflow);
        QCOMPARE(f.store->writeStats().queued, 0);
    }

    void damagedPageFailsTheCheckAtOpenAndTheFileIsKept_data() {
        QTest::addColumn<int>("check");
        QTest::newRow("quick_check") << int(StoreCheck::Quick);
        QTest::newRow("integrity_check") << int(StoreCheck::Full);
    }
    void damagedPageFailsTheCheckAtOpenAndTheFileIsKept() {
        QFETCH(int, check);
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        for (int i = 0; i < 200; ++i)
            QVERIFY(f.send(alice, chat, i + 1, QString(1000, u'x')).index() == 0);
        f.store.reset();
        const QString path = f.dir.filePath("server.db");
        QVERIFY2(!QFile::exists(path + "-wal") || QFileInfo(path + "-wal").size() == 0,
                 "the log was not checkpointed into the file at close");
        const test::DatabaseLayout layout = test::layoutOf(path);
        QVERIFY(layout.pages > 20);
        QVERIFY(
            test::damagePage(path, layout.pages / 2, layout.pageSize)); // the middle of the file
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray damaged = file.readAll();
        file.close();

        SqliteStoreOptions options;
        options.check = static_cast<StoreCheck>(check);
        f.reopen(options);
        QVERIFY(!f.store);
        QVERIFY2(f.error.contains(QTest::currentDataTag()), qPrintable(f.error));
        QVERIFY2(f.error.contains("damaged"), qPrintable(f.error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), damaged); // refused, not "repaired" or truncated
    }

    void readsOfADamagedTableAreInternalNeverNotFound() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        EXPECT_VALUE(device, await<NewDevice>([&](auto done) {
                         f.store->createDevice(alice, "phone", "hash-1", 5000, done);
                     }));
        QVERIFY(device.deviceId > 0);
        f.store.reset();
        const QString path = f.dir.filePath("server.db");
        const test::DatabaseLayout layout = test::layoutOf(path);
        QVERIFY(layout.roots.contains("devices"));
        QVERIFY(layout.roots.contains("sqlite_autoindex_devices_1")); // UNIQUE token_hash
        for (const char *tree : {"devices", "sqlite_autoindex_devices_1"})
            QVERIFY(test::damagePage(path, layout.roots.value(tree), layout.pageSize));

        // Started without the check (as --check-db off does): the damage shows at read time.
        SqliteStoreOptions options;
        options.check = StoreCheck::Off;
        f.reopen(options);
        QVERIFY2(f.store, qPrintable(f.error));
        // A valid token on a damaged page is a failure, not "unknown or revoked".
        QVERIFY(failedWith(f.store->sessionByTokenHash("hash-1"), StoreError::Internal));
        QVERIFY(failedWith(f.store->devices(alice), StoreError::Internal));
        QVERIFY(!f.store->healthy());
        // The tables that are intact still answer.
        EXPECT_VALUE(account, f.store->findAccount("alice"));
        QVERIFY(account);
        QCOMPARE(valueOr(f.store->currentPts(alice)), 0);
    }

    void privateChatOpenedTwiceIsTheSameChat() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        EXPECT_VALUE(first, f.openChat(alice, bob));
        QVERIFY(first.created);
        QCOMPARE(first.chat.kind, protocol::ChatKind::Private);
        QCOMPARE(first.chat.memberIds, (QList<qint64>{alice, bob}));
        QCOMPARE(first.updates.size(), 2);
        for (const UserUpdate &u : first.updates) {
            QVERIFY(holds<protocol::NewChatUpdate>(u.logged));
            QCOMPARE(u.logged.pts, 1);
        }
        QCOMPARE(first.callerPts, 1);

        EXPECT_VALUE(again, f.openChat(bob, alice));
        QVERIFY(!again.created);
        QCOMPARE(again.chat, first.chat);
        QVERIFY(again.updates.isEmpty());
        QCOMPARE(again.callerPts, 1);
        QCOMPARE(logPts(*f.store, alice), QList<qint64>{1});
        QCOMPARE(logPts(*f.store, bob), QList<qint64>{1});

        QVERIFY(failedWith(f.openChat(alice, 4242), StoreError::NotFound));

        // Saved Messages: a chat with oneself, one member, opened once.
        EXPECT_VALUE(saved, f.openChat(alice, alice));
        QVERIFY(saved.created);
        QCOMPARE(saved.chat.memberIds, QList<qint64>{alice});
        QCOMPARE(saved.updates.size(), 1);
        EXPECT_VALUE(savedAgain, f.openChat(alice, alice));
        QCOMPARE(savedAgain.chat.id, saved.chat.id);
        QCOMPARE(valueOr(f.store->chats(alice)).size(), 2);
        QCOMPARE(valueOr(f.store->chats(bob)).size(), 1);
    }

    void sendingTwiceWithTheSameRandomIdStoresOneMessage() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);

        EXPECT_VALUE(sent, f.send(alice, chat, 42, "hi bob"));
        QVERIFY(!sent.duplicate);
        QCOMPARE(sent.message.randomId, 42);
        QCOMPARE(sent.message.text, QStringLiteral("hi bob"));
        QCOMPARE(sent.senderPts, 2);
        QCOMPARE(sent.updates.size(), 2);
        for (const UserUpdate &u : sent.updates) {
            const auto &message = std::get<protocol::NewMessageUpdate>(u.logged.update).message;
            QCOMPARE(message.id, sent.message.id);
            // Only the sender's copy carries the random id it recognises its message by.
            QCOMPARE(message.randomId, u.userId == alice ? 42 : 0);
        }

        EXPECT_VALUE(retry, f.send(alice, chat, 42, "hi bob (retry)"));
        QVERIFY(retry.duplicate);
        QCOMPARE(retry.message, sent.message);
        QVERIFY(retry.updates.isEmpty());
        QCOMPARE(retry.senderPts, 2);
        QCOMPARE(valueOr(f.store->currentPts(bob)), 2);

        EXPECT_VALUE(history, f.store->history(bob, chat, 0, 50));
        QCOMPARE(history.messages.size(), 1);
        QVERIFY(!history.more);
        QCOMPARE(history.messages.first().text, QStringLiteral("hi bob"));
        QCOMPARE(history.messages.first().randomId, 0);

        // The same random id from another sender is another message.
        EXPECT_VALUE(fromBob, f.send(bob, chat, 42, "hi alice"));
        QVERIFY(!fromBob.duplicate);
        QVERIFY(fromBob.message.id > sent.message.id);
    }

    void ptsStaysContiguousUnderConcurrentSenders() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        constexpr int kThreads = 4;
        constexpr int kPerThread = 50;

        std::vector<std::vector<StoreResult<AppendedMessage>>> results(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                const qint64 sender = t % 2 ? bob : alice;
                std::vector<std::future<StoreResult<AppendedMessage>>> futures;
                for (int i = 0; i < kPerThread; ++i) {
                    auto promise = std::make_shared<std::promise<StoreResult<AppendedMessage>>>();
                    futures.push_back(promise->get_future());
                    f.store->appendMessage(sender, chat, (t + 1) * 100000 + i, "x", 1,
                                           [promise](auto r) { promise->set_value(std::move(r)); });
                    f.store->currentPts(sender); // reads run beside the writer
                }
                for (auto &future : futures)
                    results[static_cast<size_t>(t)].push_back(future.get());
            });
        }
        for (auto &thread : threads)
            thread.join();

        std::set<qint64> ids;
        for (const auto &perThread : results) {
            for (const auto &result : perThread) {
                QVERIFY(result.index() == 0);
                ids.insert(std::get<0>(result).message.id);
            }
        }
        QCOMPARE(ids.size(), size_t(kThreads * kPerThread));

        // Both users see every message once, in id order, with pts 1, 2, 3, ... and no gap.
        for (const qint64 user : {alice, bob}) {
            const Difference all = valueOr(f.store->difference(user, 0, 100000));
            QCOMPARE(all.updates.size(), kThreads * kPerThread + 1);
            QCOMPARE(logPts(*f.store, user), oneToN(kThreads * kPerThread + 1));
            qint64 previousId = 0;
            for (const auto &logged : all.updates.mid(1)) {
                const qint64 id = std::get<protocol::NewMessageUpdate>(logged.update).message.id;
                QVERIFY(id > previousId);
                previousId = id;
            }
        }
        QVERIFY(f.store->writeStats().batches <= f.store->writeStats().writes);
    }

    void differenceComesInSlices() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        for (int i = 0; i < 9; ++i)
            f.messageId(bob, chat);
        QCOMPARE(valueOr(f.store->currentPts(alice)), 10);

        EXPECT_VALUE(first, f.store->difference(alice, 0, 4));
        QVERIFY(!first.tooLong);
        QVERIFY(!first.final);
        QCOMPARE(first.pts, 4);
        QCOMPARE(first.updates.size(), 4);
        QVERIFY(holds<protocol::NewChatUpdate>(first.updates.first()));

        EXPECT_VALUE(rest, f.store->difference(alice, first.pts, 100));
        QVERIFY(rest.final);
        QCOMPARE(rest.pts, 10);
        QCOMPARE(rest.updates.size(), 6);
        QCOMPARE(rest.updates.first().pts, 5);

        EXPECT_VALUE(upToDate, f.store->difference(alice, 10, 100));
        QVERIFY(!upToDate.tooLong);
        QVERIFY(upToDate.final);
        QVERIFY(upToDate.updates.isEmpty());
        QCOMPARE(upToDate.pts, 10);

        // A pts this database never handed out (the client's state is from another one).
        EXPECT_VALUE(ahead, f.store->difference(alice, 11, 100));
        QVERIFY(ahead.tooLong);
        QCOMPARE(ahead.pts, 10);
    }

    void trimmedLogAnswersTooLong() {
        SqliteStoreOptions options;
        options.logRetention = 5;
        Fixture f(options);
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        for (int i = 0; i < 10; ++i)
            f.messageId(alice, chat);
        QCOMPARE(valueOr(f.store->currentPts(alice)), 11);

        EXPECT_VALUE(fromStart, f.store->difference(alice, 0, 100));
        QVERIFY(fromStart.tooLong);
        QCOMPARE(fromStart.pts, 11);
        QVERIFY(valueOr(f.store->difference(alice, 5, 100)).tooLong);

        // The newest five (7..11) are kept, so a client at 6 misses nothing.
        EXPECT_VALUE(kept, f.store->difference(alice, 6, 100));
        QVERIFY(!kept.tooLong);
        QCOMPARE(kept.updates.size(), 5);
        QCOMPARE(kept.updates.first().pts, 7);
        QCOMPARE(kept.pts, 11);
    }

    void historyPagesBackwardsInAscendingOrder() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 chat = f.chatId(alice, bob);
        QList<qint64> ids;
        for (int i = 0; i < 25; ++i)
            ids.append(f.messageId(i % 2 ? alice : bob, chat));

        bool more = false;
        auto page = [&](qint64 beforeId, int limit) {
            QList<qint64> got;
            const HistoryPage result = valueOr(f.store->history(alice, chat, beforeId, limit));
            for (const auto &m : result.messages)
                got.append(m.id);
            more = result.more;
            return got;
        };
        QCOMPARE(page(0, 10), ids.mid(15));
        QVERIFY(more);
        QCOMPARE(page(ids.at(15), 10), ids.mid(5, 10));
        QVERIFY(more);
        QCOMPARE(page(ids.at(5), 5), ids.mid(0, 5)); // exactly the rest: nothing more
        QVERIFY(!more);
        QCOMPARE(page(ids.at(5), 10), ids.mid(0, 5));
        QVERIFY(!more);
        QCOMPARE(page(ids.first(), 10), QList<qint64>());
        QVERIFY(!more);
        QCOMPARE(page(ids.last(), 1), QList<qint64>{ids.at(23)});
        QVERIFY(more);

        // A chat the caller is not in answers exactly as one that does not exist.
        QVERIFY(failedWith(f.store->history(carol, chat, 0, 10), StoreError::NotFound));
        QVERIFY(failedWith(f.store->history(alice, 4242, 0, 10), StoreError::NotFound));
    }

    void nonMemberCannotSend() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 chat = f.chatId(alice, bob);
        QVERIFY(failedWith(f.send(carol, chat, 7), StoreError::NotFound));
        QVERIFY(failedWith(f.send(alice, 4242, 8), StoreError::NotFound));
        EXPECT_VALUE(history, f.store->history(alice, chat, 0, 10));
        QVERIFY(history.messages.isEmpty());
        QCOMPARE(valueOr(f.store->currentPts(carol)), 0);
        QCOMPARE(valueOr(f.store->currentPts(alice)), 1);
        // The refused random id stays free for a real send.
        EXPECT_VALUE(later, f.send(carol, f.chatId(carol, alice), 7));
        QVERIFY(!later.duplicate);
    }

    void readAndDeliveredPositionsOnlyMoveForward() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        const qint64 m1 = f.messageId(alice, chat);
        const qint64 m2 = f.messageId(alice, chat);
        const qint64 m3 = f.messageId(alice, chat);
        const qint64 alicePts = valueOr(f.store->currentPts(alice));
        const qint64 bobPts = valueOr(f.store->currentPts(bob));

        // Bob's device stored up to m2: only Alice hears of it.
        EXPECT_VALUE(delivered, f.markDelivered(bob, chat, m2));
        QCOMPARE(delivered.updates.size(), 1);
        QCOMPARE(delivered.updates.first().userId, alice);
        QCOMPARE(delivered.updates.first().logged.pts, alicePts + 1);
        QCOMPARE(std::get<protocol::DeliveredUpdate>(delivered.updates.first().logged.update),
                 (protocol::DeliveredUpdate{chat, m2}));
        QCOMPARE(delivered.callerPts, bobPts);
        EXPECT_VALUE(deliveredBack, f.markDelivered(bob, chat, m1));
        QVERIFY(deliveredBack.updates.isEmpty());
        EXPECT_VALUE(deliveredSame, f.markDelivered(bob, chat, m2));
        QVERIFY(deliveredSame.updates.isEmpty());

        // Bob read up to m2: readInbox to Bob, readOutbox to Alice.
        EXPECT_VALUE(read, f.markRead(bob, chat, m2));
        QCOMPARE(read.updates.size(), 2);
        for (const UserUpdate &u : read.updates) {
            if (u.userId == bob)
                QCOMPARE(std::get<protocol::ReadInboxUpdate>(u.logged.update),
                         (protocol::ReadInboxUpdate{chat, m2}));
            else
                QCOMPARE(std::get<protocol::ReadOutboxUpdate>(u.logged.update),
                         (protocol::ReadOutboxUpdate{chat, m2}));
        }
        QCOMPARE(read.callerPts, bobPts + 1);
        EXPECT_VALUE(readBack, f.markRead(bob, chat, m1));
        QVERIFY(readBack.updates.isEmpty());
        QCOMPARE(readBack.callerPts, bobPts + 1);

        const protocol::ChatSummary bobView = valueOr(f.store->chats(bob)).first();
        QCOMPARE(bobView.readInboxMaxId, m2);
        QCOMPARE(bobView.unreadCount, 1); // m3
        QCOMPARE(bobView.lastMessage->id, m3);
        QCOMPARE(bobView.lastMessage->randomId, 0);
        const protocol::ChatSummary aliceView = valueOr(f.store->chats(alice)).first();
        QCOMPARE(aliceView.readOutboxMaxId, m2);
        QCOMPARE(aliceView.deliveredMaxId, m2);
        QCOMPARE(aliceView.unreadCount, 0); // her own messages are never unread
        QVERIFY(aliceView.lastMessage->randomId != 0);

        // A position past the newest message stops at it.
        EXPECT_VALUE(readAll, f.markRead(bob, chat, m3 + 1000));
        QCOMPARE(std::get<protocol::ReadInboxUpdate>(readAll.updates.first().logged.update).maxId,
                 m3);
        QCOMPARE(valueOr(f.store->chats(bob)).first().unreadCount, 0);

        const qint64 carol = f.userId("carol");
        QVERIFY(failedWith(f.markRead(carol, chat, m1), StoreError::NotFound));
        QVERIFY(failedWith(f.markDelivered(carol, 4242, m1), StoreError::NotFound));
    }

    void chatListShowsNewestActivityFirst() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 withBob = f.chatId(alice, f.userId("bob"));
        const qint64 withCarol = f.chatId(alice, f.userId("carol"));
        auto order = [&] {
            QList<qint64> ids;
            for (const auto &summary : valueOr(f.store->chats(alice)))
                ids.append(summary.chat.id);
            return ids;
        };
        QCOMPARE(order(), (QList<qint64>{withCarol, withBob}));
        f.messageId(alice, withBob);
        QCOMPARE(order(), (QList<qint64>{withBob, withCarol}));
        f.messageId(alice, withCarol);
        QCOMPARE(order(), (QList<qint64>{withCarol, withBob}));
    }

    void failingWriteInABatchAffectsOnlyItself() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        const auto before = f.store->writeStats();

        // Hold the writer inside the `done` of one write, so everything queued meanwhile
        // lands in the next batch together.
        std::promise<void> entered;
        std::promise<void> gate;
        f.store->createAccount("gatekeeper", "", "h", [&](StoreResult<protocol::User>) {
            entered.set_value();
            gate.get_future().wait();
        });
        entered.get_future().wait();

        using UserPromise = std::promise<StoreResult<protocol::User>>;
        UserPromise first, taken, last;
        std::promise<StoreResult<AppendedMessage>> message;
        f.store->createAccount("dave", "", "h", [&](auto r) { first.set_value(std::move(r)); });
        f.store->createAccount("alice", "", "h", [&](auto r) { taken.set_value(std::move(r)); });
        f.store->appendMessage(alice, chat, 99, "in the batch", 1,
                               [&](auto r) { message.set_value(std::move(r)); });
        f.store->createAccount("erin", "", "h", [&](auto r) { last.set_value(std::move(r)); });
        gate.set_value();

        QVERIFY(first.get_future().get().index() == 0);
        QVERIFY(failedWith(taken.get_future().get(), StoreError::UsernameTaken));
        QVERIFY(message.get_future().get().index() == 0);
        QVERIFY(last.get_future().get().index() == 0);
        QCOMPARE(f.store->writeStats().batches - before.batches, 2);
        QCOMPARE(f.store->writeStats().failedBatches, 0);

        QVERIFY(valueOr(f.store->findAccount("dave")));
        QVERIFY(valueOr(f.store->findAccount("erin")));
        QCOMPARE(valueOr(f.store->findAccount("alice"))->user.id, alice);
        QCOMPARE(valueOr(f.store->currentPts(bob)), 2);
    }

    void everythingSurvivesCloseAndReopen() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        const qint64 m1 = f.messageId(alice, chat);
        QVERIFY(f.markRead(bob, chat, m1).index() == 0);

        // Writes still queued when the store closes are finished, not dropped.
        std::atomic<int> stored{0};
        for (int i = 0; i < 100; ++i) {
            f.store->appendMessage(bob, chat, 5000 + i, "queued", 2, [&stored](auto r) {
                if (r.index() == 0)
                    ++stored;
            });
        }
        f.store.reset();
        QCOMPARE(stored.load(), 100);

        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QCOMPARE(valueOr(f.store->findAccount("bob"))->user.id, bob);
        QCOMPARE(valueOr(f.store->currentPts(alice)), 103);
        QCOMPARE(valueOr(f.store->currentPts(bob)), 103);
        QCOMPARE(logPts(*f.store, bob), oneToN(103));
        const protocol::ChatSummary summary = valueOr(f.store->chats(bob)).first();
        QCOMPARE(summary.chat.id, chat);
        QCOMPARE(summary.readInboxMaxId, m1);
        EXPECT_VALUE(page, f.store->history(alice, chat, 0, 100));
        const QList<protocol::Message> &history = page.messages;
        QCOMPARE(history.size(), 100);
        QCOMPARE(history.last().text, QStringLiteral("queued"));

        // Ids and pts continue where they were, and old random ids still deduplicate.
        EXPECT_VALUE(retry, f.send(bob, chat, 5000));
        QVERIFY(retry.duplicate);
        EXPECT_VALUE(next, f.send(bob, chat, 7777));
        QVERIFY(next.message.id > history.last().id);
        QCOMPARE(next.senderPts, 104);
    }

    void newDatabaseIsMigratedToTheLatestSchemaInWalMode() {
        Fixture f;
        QVERIFY(f.store);
        f.store.reset();
        QString error;
        auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                           sqlite::Connection::Mode::ReadOnly, &error);
        QVERIFY2(db, qPrintable(error));
        sqlite::Statement version = db->prepare("PRAGMA user_version");
        QVERIFY(version.step());
        QCOMPARE(version.int64(0), sqlite::latestSchemaVersion());
        sqlite::Statement mode = db->prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
    }

    void databaseFromANewerBuildIsRefusedAndKept() {
        Fixture f;
        f.userId("alice");
        f.store.reset();
        {
            QString error;
            auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                               sqlite::Connection::Mode::ReadWrite, &error);
            QVERIFY2(db, qPrintable(error));
            db->exec("PRAGMA user_version = 999");
        }
        f.reopen();
        QVERIFY(!f.store);
        QVERIFY(f.error.contains("999"));
        {
            QString error;
            auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                               sqlite::Connection::Mode::ReadWrite, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY(db->prepare("SELECT 1 FROM users WHERE username = 'alice'").step());
            db->exec("PRAGMA user_version = 1");
        }
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QVERIFY(valueOr(f.store->findAccount("alice")));
    }

    void garbageDatabaseFileIsRefusedAndKept() {
        QTemporaryDir dir;
        const QString path = dir.filePath("server.db");
        QByteArray garbage;
        for (int i = 0; i < 512; ++i)
            garbage.append("not a database, just some bytes ");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(garbage);
        }
        QString error;
        const auto store = SqliteStore::open(dir.path(), {}, &error);
        QVERIFY(!store);
        QVERIFY(!error.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), garbage);
    }
};

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlite_store.moc"
