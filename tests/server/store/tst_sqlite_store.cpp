// SqliteStore: group commit, the write queue's bound, durability, damaged files and schema
// migrations, driven through the domain services.
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_schema.h"
#include "tests/server/domain/domain_fixture.h"
#include "tests/server/store/damaged_database.h"

#include <QCborValue>
#include <QFile>
#include <QFileInfo>

#include <array>
#include <atomic>
#include <future>

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;

namespace {
//! Holds the writer inside the `done` of one write, so that everything queued meanwhile lands
//! in the next batch together; open() lets it go.
class Gate {
public:
    explicit Gate(Fixture &f) {
        f.domain->accounts.createAccount("gatekeeper", "", "h", 1,
                                         [this](StoreResult<protocol::User>) {
                                             m_entered.set_value();
                                             m_open.get_future().wait();
                                         });
        m_entered.get_future().wait();
    }
    void open() { m_open.set_value(); }

private:
    std::promise<void> m_entered;
    std::promise<void> m_open;
};
} // namespace

class TestSqliteStore : public QObject {
    Q_OBJECT

private slots:
    void writesPastTheQueueCapAreRefusedAtOnceAsBusy() {
        SqliteStoreOptions options;
        options.maxQueuedWrites = 4;
        Fixture f(options);
        const qint64 alice = f.userId("alice");
        EXPECT_VALUE(device, await<NewDevice>([&](auto done) {
                         f.domain->accounts.createDevice(alice, "phone", "hash-1", 5000, done);
                     }));

        // Hold the writer inside the `done` of one write: the queue then only fills.
        std::promise<void> entered;
        std::promise<void> gate;
        f.domain->accounts.createAccount("gatekeeper", "", "h", 1,
                                         [&](StoreResult<protocol::User>) {
                                             entered.set_value();
                                             gate.get_future().wait();
                                         });
        entered.get_future().wait();

        std::vector<std::promise<StoreResult<protocol::User>>> queued(4);
        for (size_t i = 0; i < queued.size(); ++i)
            f.domain->accounts.createAccount(QStringLiteral("user%1").arg(i), "", "h", 1,
                                             [&, i](auto r) { queued[i].set_value(std::move(r)); });
        // The fifth is refused on the spot, on this thread, with nothing written.
        std::optional<StoreResult<protocol::User>> refused;
        f.domain->accounts.createAccount("overflow", "", "h", 1,
                                         [&](auto r) { refused = std::move(r); });
        QVERIFY(refused);
        QVERIFY(failedWith(*refused, kStoreBusy));
        QCOMPARE(f.store->writeStats().refused, 1);
        QCOMPARE(f.store->writeStats().queued, 4);
        // Activity is coalesced into one job that passes the cap: expiry must not lag a flood.
        f.domain->accounts.touchDevice(device.deviceId, 9000);
        gate.set_value();

        for (auto &promise : queued)
            QVERIFY(promise.get_future().get().index() == 0);
        f.userId("later"); // commits after the touch
        QCOMPARE(valueOr(f.domain->accounts.devices(alice)).first().lastSeenAt, 9000);
        EXPECT_VALUE(overflow, f.domain->accounts.findAccount("overflow"));
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
        f.close();
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
                         f.domain->accounts.createDevice(alice, "phone", "hash-1", 5000, done);
                     }));
        QVERIFY(device.deviceId > 0);
        f.close();
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
        QVERIFY(failedWith(f.domain->accounts.sessionByTokenHash("hash-1"), StoreError::Internal));
        QVERIFY(failedWith(f.domain->accounts.devices(alice), StoreError::Internal));
        QVERIFY(!f.store->healthy());
        // The tables that are intact still answer.
        EXPECT_VALUE(account, f.domain->accounts.findAccount("alice"));
        QVERIFY(account);
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 0);
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
        f.domain->accounts.createAccount("gatekeeper", "", "h", 1,
                                         [&](StoreResult<protocol::User>) {
                                             entered.set_value();
                                             gate.get_future().wait();
                                         });
        entered.get_future().wait();

        using UserPromise = std::promise<StoreResult<protocol::User>>;
        UserPromise first, taken, last;
        std::promise<StoreResult<AppendedMessage>> message;
        f.domain->accounts.createAccount("dave", "", "h", 1,
                                         [&](auto r) { first.set_value(std::move(r)); });
        f.domain->accounts.createAccount("alice", "", "h", 1,
                                         [&](auto r) { taken.set_value(std::move(r)); });
        f.domain->messages.appendMessage(alice, chat, 99, "in the batch", 1,
                                         [&](auto r) { message.set_value(std::move(r)); });
        f.domain->accounts.createAccount("erin", "", "h", 1,
                                         [&](auto r) { last.set_value(std::move(r)); });
        gate.set_value();

        QVERIFY(first.get_future().get().index() == 0);
        QVERIFY(failedWith(taken.get_future().get(), StoreError::UsernameTaken));
        QVERIFY(message.get_future().get().index() == 0);
        QVERIFY(last.get_future().get().index() == 0);
        QCOMPARE(f.store->writeStats().batches - before.batches, 2);
        QCOMPARE(f.store->writeStats().failedBatches, 0);

        QVERIFY(valueOr(f.domain->accounts.findAccount("dave")));
        QVERIFY(valueOr(f.domain->accounts.findAccount("erin")));
        QCOMPARE(valueOr(f.domain->accounts.findAccount("alice"))->user.id, alice);
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), 2);
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
            f.domain->messages.appendMessage(bob, chat, 5000 + i, "queued", 2, [&stored](auto r) {
                if (r.index() == 0)
                    ++stored;
            });
        }
        f.close();
        QCOMPARE(stored.load(), 100);

        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QCOMPARE(valueOr(f.domain->accounts.findAccount("bob"))->user.id, bob);
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 103);
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), 103);
        QCOMPARE(logPts(*f.domain, bob), oneToN(103));
        const protocol::ChatSummary summary = valueOr(f.domain->chats.chats(bob)).first();
        QCOMPARE(summary.chat.id, chat);
        QCOMPARE(summary.readInboxMaxId, m1);
        EXPECT_VALUE(page, f.domain->messages.history(alice, chat, 0, 100));
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

    // The writer hands out pts and message ids from memory (writer_memory.h) and stores them
    // once per batch: a unit rolled back must give its numbers back, and what was committed
    // must be there after a reopen, with no gap in either sequence.
    void rolledBackAppendsLeaveNoGapAndPtsSurviveReopen() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob); // newChat: pts 1 each
        EXPECT_VALUE(first, f.send(alice, chat, 1));
        QCOMPARE(first.senderPts, 2);

        // Hold the writer so that everything below lands in one batch.
        std::promise<void> entered;
        std::promise<void> gate;
        f.domain->accounts.createAccount("gatekeeper", "", "h", 1,
                                         [&](StoreResult<protocol::User>) {
                                             entered.set_value();
                                             gate.get_future().wait();
                                         });
        entered.get_future().wait();
        std::promise<bool> failedUnit, thrownUnit;
        std::promise<StoreResult<AppendedMessage>> kept;
        // A unit that appends to both logs and stores a message, then fails...
        f.store->write(
            [&](RecordWriter &records) {
                records.insertMessage(protocol::Message{0, chat, alice, 5, "gone", 77, {}});
                records.appendLogEntry(alice, "x");
                records.appendLogEntry(bob, "x");
                return false;
            },
            [&](bool committed) { failedUnit.set_value(committed); });
        // ...and one that throws after appending.
        f.store->write(
            [&](RecordWriter &records) -> bool {
                records.appendLogEntry(bob, "y");
                throw StoreFailure("the unit fails halfway");
            },
            [&](bool committed) { thrownUnit.set_value(committed); });
        f.domain->messages.appendMessage(alice, chat, 2, "kept", 6,
                                         [&](auto r) { kept.set_value(std::move(r)); });
        gate.set_value();
        QVERIFY(failedUnit.get_future().get());
        QVERIFY(thrownUnit.get_future().get());
        EXPECT_VALUE(second, kept.get_future().get());
        QCOMPARE(second.senderPts, 3);
        QCOMPARE(second.updates.last().logged.pts, 3); // bob's
        QCOMPARE(second.message.id, first.message.id + 1);
        QCOMPARE(logPts(*f.domain, alice), oneToN(3));
        QCOMPARE(logPts(*f.domain, bob), oneToN(3));

        f.close();
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 3);
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), 3);
        EXPECT_VALUE(third, f.send(bob, chat, 3));
        QCOMPARE(third.senderPts, 4);
        QCOMPARE(third.message.id, second.message.id + 1);
        QCOMPARE(logPts(*f.domain, alice), oneToN(4));
        QCOMPARE(logPts(*f.domain, bob), oneToN(4));
        EXPECT_VALUE(page, f.domain->messages.history(alice, chat, 0, 10));
        QCOMPARE(page.messages.size(), 3); // "gone" was never stored
    }

    // Messages (Store::Rerun::Allowed) share one SAVEPOINT per run instead of one each
    // (write_queue.h). A unit of such a run that fails after writing must still lose only
    // itself: the run is rolled back and its units run again one by one, so the messages
    // before and after it are stored and answered, its rows are not, and neither the message
    // ids nor any update log has a gap.
    void unitFailingAfterWritingInASharedRunLosesOnlyItself() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 chat = f.chatId(alice, bob); // newChat: pts 1 each
        EXPECT_VALUE(first, f.send(alice, chat, 1));
        const auto before = f.store->writeStats();

        Gate gate(f);
        std::array<std::promise<StoreResult<AppendedMessage>>, 4> sent;
        const auto send = [&](size_t i, qint64 sender) {
            f.domain->messages.appendMessage(sender, chat, 10 + static_cast<qint64>(i), "m", 5,
                                             [&, i](auto r) { sent[i].set_value(std::move(r)); });
        };
        send(0, alice);
        send(1, bob);
        // Appends to carol's log (no other unit touches it), then fails.
        std::atomic<int> failedRuns{0};
        std::promise<bool> failedUnit;
        f.store->write(
            [&](RecordWriter &records) {
                ++failedRuns;
                records.appendLogEntry(carol, "x");
                return false;
            },
            [&](bool committed) { failedUnit.set_value(committed); }, Store::Rerun::Allowed);
        send(2, alice);
        send(3, bob);
        gate.open();

        QVERIFY(failedUnit.get_future().get());
        for (size_t i = 0; i < sent.size(); ++i) {
            EXPECT_VALUE(message, sent[i].get_future().get());
            QCOMPARE(message.message.id, first.message.id + 1 + static_cast<qint64>(i));
            QCOMPARE(message.senderPts, 3 + static_cast<qint64>(i));
        }
        // Ran in the shared run, then alone; nothing of it is kept.
        QCOMPARE(failedRuns.load(), 2);
        QCOMPARE(f.store->writeStats().rerunRuns - before.rerunRuns, 1);
        QCOMPARE(f.store->writeStats().failedBatches, 0);
        QCOMPARE(logPts(*f.domain, carol), QList<qint64>{});
        QCOMPARE(valueOr(f.domain->updates.currentPts(carol)), 0);
        QCOMPARE(logPts(*f.domain, alice), oneToN(6));
        QCOMPARE(logPts(*f.domain, bob), oneToN(6));
    }

    // The same for a unit that stores a message and appends to the chat's logs, then throws:
    // the message is not stored, the next message takes its id, the logs have no gap, and
    // what the writer kept in memory matches the database after a reopen.
    void unitThrowingInASharedRunLosesOnlyItself() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        EXPECT_VALUE(first, f.send(alice, chat, 1));

        Gate gate(f);
        std::promise<StoreResult<AppendedMessage>> one, two;
        std::promise<bool> thrownUnit;
        f.domain->messages.appendMessage(alice, chat, 2, "one", 5,
                                         [&](auto r) { one.set_value(std::move(r)); });
        f.store->write(
            [&](RecordWriter &records) -> bool {
                records.insertMessage(protocol::Message{0, chat, alice, 5, "gone", 77, {}});
                records.appendLogEntry(alice, "x");
                records.appendLogEntry(bob, "x");
                throw StoreFailure("the unit fails halfway");
            },
            [&](bool committed) { thrownUnit.set_value(committed); }, Store::Rerun::Allowed);
        f.domain->messages.appendMessage(bob, chat, 3, "two", 5,
                                         [&](auto r) { two.set_value(std::move(r)); });
        gate.open();

        QVERIFY(thrownUnit.get_future().get());
        EXPECT_VALUE(sentOne, one.get_future().get());
        EXPECT_VALUE(sentTwo, two.get_future().get());
        QCOMPARE(sentOne.message.id, first.message.id + 1);
        QCOMPARE(sentTwo.message.id, first.message.id + 2);
        QCOMPARE(sentTwo.senderPts, 4);
        QCOMPARE(logPts(*f.domain, alice), oneToN(4));
        QCOMPARE(logPts(*f.domain, bob), oneToN(4));
        EXPECT_VALUE(page, f.domain->messages.history(bob, chat, 0, 10));
        QStringList texts;
        for (const protocol::Message &message : page.messages)
            texts.append(message.text);
        QCOMPARE(texts, (QStringList{"hello", "one", "two"}));

        f.close();
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        EXPECT_VALUE(next, f.send(alice, chat, 7));
        QCOMPARE(next.message.id, first.message.id + 3);
        QCOMPARE(next.senderPts, 5);
        QCOMPARE(logPts(*f.domain, bob), oneToN(5));
    }

    // A run's units are only re-run when one fails after writing: a refusal before writing
    // (the usual error: not a member, not found) costs no re-run and keeps the run going.
    void unitRefusedBeforeWritingCostsNoRerun() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 chat = f.chatId(alice, bob);
        const auto before = f.store->writeStats();
        Gate gate(f);
        std::atomic<int> applied{0};
        std::promise<bool> counted;
        f.store->write(
            [&](RecordWriter &) {
                ++applied;
                return true;
            },
            [&](bool committed) { counted.set_value(committed); }, Store::Rerun::Allowed);
        std::array<std::promise<StoreResult<AppendedMessage>>, 3> sent;
        for (size_t i = 0; i < sent.size(); ++i) {
            // The middle one is carol's, who is not in the chat.
            const qint64 sender = i == 1 ? carol : alice;
            f.domain->messages.appendMessage(sender, chat, 10 + static_cast<qint64>(i), "m", 5,
                                             [&, i](auto r) { sent[i].set_value(std::move(r)); });
        }
        gate.open();
        QVERIFY(counted.get_future().get());
        EXPECT_VALUE(one, sent[0].get_future().get());
        QVERIFY(failedWith(sent[1].get_future().get(), StoreError::NotFound));
        EXPECT_VALUE(three, sent[2].get_future().get());
        QCOMPARE(three.message.id, one.message.id + 1);
        QCOMPARE(three.senderPts, one.senderPts + 1);
        QCOMPARE(applied.load(), 1);
        QCOMPARE(f.store->writeStats().rerunRuns, before.rerunRuns);
        QCOMPARE(logPts(*f.domain, bob), oneToN(3));
    }

    void resendIsFoundByTheInsertAndTakesNoIdNorPts() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob); // newChat: pts 1 each
        EXPECT_VALUE(first, f.send(alice, chat, 41));
        // The same randomId again, in this batch and the next: the stored message, nothing new.
        EXPECT_VALUE(again, f.send(alice, chat, 41));
        QVERIFY(again.duplicate);
        QCOMPARE(again.message.id, first.message.id);
        QCOMPARE(again.senderPts, first.senderPts);
        QCOMPARE(again.updates.size(), 0);
        // The rejected insert gave its id back: the next message takes the following one.
        EXPECT_VALUE(next, f.send(bob, chat, 41)); // another sender may use the same randomId
        QVERIFY(!next.duplicate);
        QCOMPARE(next.message.id, first.message.id + 1);
        QCOMPARE(logPts(*f.domain, alice), oneToN(3));
        QCOMPARE(logPts(*f.domain, bob), oneToN(3));
    }

    void entriesForManyLogsAreStoredInOrderAcrossInsertChunks() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        // 37 entries (more than two multi-row statements), alternating logs, in one unit.
        QList<std::pair<qint64, QByteArray>> entries;
        for (int i = 0; i < 37; ++i)
            entries.append({i % 2 == 0 ? alice : bob, QByteArray::number(i)});
        std::promise<QList<qint64>> handed;
        std::promise<bool> committed;
        f.store->write(
            [&](RecordWriter &records) {
                handed.set_value(records.appendLogEntries(entries));
                return true;
            },
            [&](bool ok) { committed.set_value(ok); });
        QVERIFY(committed.get_future().get());
        const QList<qint64> pts = handed.get_future().get();
        QCOMPARE(pts.size(), 37);
        for (int i = 0; i < 37; ++i)
            QCOMPARE(pts[i], i / 2 + 1); // each log counts on from 0 by itself
        QCOMPARE(logPts(*f.domain, alice), oneToN(19));
        QCOMPARE(logPts(*f.domain, bob), oneToN(18));
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), 18);
    }

    void newDatabaseIsMigratedToTheLatestSchemaInWalMode() {
        Fixture f;
        QVERIFY(f.store);
        f.close();
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

    void schemaOneFileIsUpgradedAndKeepsItsData() {
        // A file as a schema-1 server left it: chat kinds as text, messages keyed by id alone.
        QTemporaryDir dir;
        const QString path = dir.filePath("server.db");
        const protocol::Chat chat{1, protocol::ChatKind::Private, QString(), {1, 2}, 2000};
        {
            QString error;
            auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::ReadWrite, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY2(sqlite::migrate(*db, &error, 1), qPrintable(error));
            db->exec("INSERT INTO users VALUES (1, 'alice', 'Alice', x'01', 1000),"
                     " (2, 'bob', 'Bob', x'02', 1000);"
                     "INSERT INTO devices VALUES (1, 1, 'phone', x'aa', 1000, 1000, NULL);"
                     "INSERT INTO chats VALUES (1, 'private', '', 2000, '1:2');"
                     "INSERT INTO chat_members VALUES (1, 1, 0, 0, 2000), (1, 2, 5, 7, 2000);"
                     "INSERT INTO messages VALUES (5, 1, 1, 3000, 'first', 11),"
                     " (7, 1, 2, 4000, 'second', 12);"
                     "INSERT INTO user_state VALUES (1, 1, 1), (2, 1, 1);");
            const QByteArray body =
                QCborValue(protocol::updateToCbor(protocol::NewChatUpdate{chat})).toCbor();
            for (const qint64 user : {1, 2})
                db->prepare("INSERT INTO user_updates VALUES (?, 1, ?)")
                    .bind(1, user)
                    .bind(2, body)
                    .run();
            sqlite::Statement version = db->prepare("PRAGMA user_version");
            QVERIFY(version.step());
            QCOMPARE(version.int64(0), 1);
        }

        Fixture f;
        f.close();
        QVERIFY(QFile::remove(f.dir.filePath("server.db")));
        QVERIFY(QFile::copy(path, f.dir.filePath("server.db")));
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QVERIFY(f.store->healthy());

        EXPECT_VALUE(account, f.domain->accounts.findAccount("alice"));
        QVERIFY(account);
        QCOMPARE(account->passwordHash, QByteArray("\x01"));
        QVERIFY(valueOr(f.domain->accounts.sessionByTokenHash(QByteArray("\xaa"))));
        EXPECT_VALUE(aliceChats, f.domain->chats.chats(1));
        QCOMPARE(aliceChats.size(), 1);
        QCOMPARE(aliceChats.first().chat, chat);
        QCOMPARE(aliceChats.first().lastMessage->id, 7);
        QCOMPARE(aliceChats.first().unreadCount, 1);     // bob's "second"
        QCOMPARE(aliceChats.first().readOutboxMaxId, 5); // bob read up to 5
        QCOMPARE(aliceChats.first().deliveredMaxId, 7);
        EXPECT_VALUE(page, f.domain->messages.history(2, 1, 0, 10));
        QCOMPARE(page.messages.size(), 2);
        QCOMPARE(page.messages.first().text, QStringLiteral("first"));
        QCOMPARE(page.messages.first().randomId, 0); // alice's, seen by bob
        QCOMPARE(page.messages.last().randomId, 12); // bob's own
        EXPECT_VALUE(log, f.domain->updates.difference(1, 0, 10));
        QCOMPARE(log.updates.size(), 1);
        QCOMPARE(std::get<protocol::NewChatUpdate>(log.updates.first().update).chat, chat);

        // The same chat is found again; old random ids still deduplicate; ids and pts go on.
        EXPECT_VALUE(again, f.openChat(2, 1));
        QVERIFY(!again.created);
        QCOMPARE(again.chat.id, 1);
        EXPECT_VALUE(retry, f.send(1, 1, 11));
        QVERIFY(retry.duplicate);
        QCOMPARE(retry.message.id, 5);
        EXPECT_VALUE(next, f.send(1, 1, 13));
        QCOMPARE(next.message.id, 8);
        QCOMPARE(next.senderPts, 2);
        EXPECT_VALUE(carol, f.signUp("carol"));
        EXPECT_VALUE(withCarol, f.openChat(carol.id, 1));
        QVERIFY(withCarol.chat.id > 1);

        // The new shape: the kind is an enum code, messages are keyed (chat_id, id).
        f.close();
        QString error;
        auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                           sqlite::Connection::Mode::ReadOnly, &error);
        QVERIFY2(db, qPrintable(error));
        sqlite::Statement version = db->prepare("PRAGMA user_version");
        QVERIFY(version.step());
        QCOMPARE(version.int64(0), sqlite::latestSchemaVersion());
        sqlite::Statement kind = db->prepare("SELECT typeof(kind), kind FROM chats WHERE id = 1");
        QVERIFY(kind.step());
        QCOMPARE(kind.text(0), QStringLiteral("integer"));
        QCOMPARE(kind.int64(1), sqlite::chatKindCode(protocol::ChatKind::Private));
        sqlite::Statement key =
            db->prepare("SELECT name FROM pragma_table_info('messages') WHERE pk > 0 ORDER BY pk");
        QStringList keyColumns;
        while (key.step())
            keyColumns.append(key.text(0));
        QCOMPARE(keyColumns, (QStringList{"chat_id", "id"}));
        QVERIFY(!db->prepare("PRAGMA foreign_key_check").step());
    }

    void schema21LogIsUpgradedToAppendOrderAndAnswersTheSame() {
        // Logs as a schema-21 server kept them (WITHOUT ROWID, keyed (user_id, pts)): three
        // users' entries interleaved, each log past its retention (trimmed). After the upgrade
        // to the append-ordered log every difference answers the same updates, pts and order,
        // the trim goes on from where it was, and the next entry takes the next pts.
        SqliteStoreOptions options;
        options.logRetention = 6;
        Fixture f(options);
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 withBob = f.chatId(alice, bob);
        const qint64 withCarol = f.chatId(alice, carol);
        for (int i = 0; i < 5; ++i) {
            QVERIFY(f.send(alice, withBob, 100 + i).index() == 0);
            QVERIFY(f.send(carol, withCarol, 200 + i).index() == 0);
            QVERIFY(f.send(bob, withBob, 300 + i).index() == 0);
        }
        struct Asked {
            qint64 user, sincePts;
            int limit;
        };
        QList<Asked> questions;
        for (const qint64 user : {alice, bob, carol}) {
            const qint64 pts = valueOr(f.domain->updates.currentPts(user));
            for (const Asked &q : {Asked{user, 0, 100}, Asked{user, pts - 6, 100},
                                   Asked{user, pts - 4, 2}, Asked{user, pts, 5}})
                questions.append(q);
        }
        QList<Difference> before;
        for (const Asked &q : questions) {
            EXPECT_VALUE(answer, f.domain->updates.difference(q.user, q.sincePts, q.limit));
            before.append(answer);
        }
        QVERIFY(before.first().tooLong);          // alice's oldest entries were trimmed
        QCOMPARE(before.at(1).updates.size(), 6); // and her retained six are all there
        QVERIFY(!before.at(2).final);
        f.close();
        {
            QString error;
            auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                               sqlite::Connection::Mode::ReadWrite, &error);
            QVERIFY2(db, qPrintable(error));
            QCOMPARE(sqlite::latestSchemaVersion(), 22);
            db->exec("BEGIN;"
                     "CREATE TABLE user_updates_v21 (user_id INTEGER NOT NULL,"
                     " pts INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY (user_id, pts))"
                     " WITHOUT ROWID;"
                     "INSERT INTO user_updates_v21 SELECT user_id, pts, body FROM user_updates;"
                     "DROP TABLE user_updates;"
                     "ALTER TABLE user_updates_v21 RENAME TO user_updates;"
                     "PRAGMA user_version = 21;"
                     "COMMIT;");
        }
        f.reopen(options);
        QVERIFY2(f.store, qPrintable(f.error));
        for (qsizetype i = 0; i < questions.size(); ++i) {
            const Asked &q = questions.at(i);
            EXPECT_VALUE(answer, f.domain->updates.difference(q.user, q.sincePts, q.limit));
            QCOMPARE(answer.tooLong, before.at(i).tooLong);
            QCOMPARE(answer.updates, before.at(i).updates);
            QCOMPARE(answer.pts, before.at(i).pts);
            QCOMPARE(answer.final, before.at(i).final);
        }
        const qint64 alicePts = valueOr(f.domain->updates.currentPts(alice));
        EXPECT_VALUE(next, f.send(alice, withBob, 400));
        QCOMPARE(next.senderPts, alicePts + 1);
        EXPECT_VALUE(after, f.domain->updates.difference(alice, alicePts - 5, 100));
        QCOMPARE(after.updates.size(), 6); // retention kept: the oldest of the six went
        QCOMPARE(after.updates.last().pts, alicePts + 1);
        QCOMPARE(std::get<protocol::NewMessageUpdate>(after.updates.last().update).message.id,
                 next.message.id);
        EXPECT_VALUE(trimmed, f.domain->updates.difference(alice, alicePts - 6, 100));
        QVERIFY(trimmed.tooLong);
        const qint64 bobPts = valueOr(f.domain->updates.currentPts(bob));
        f.close();

        QString error;
        auto db = sqlite::Connection::open(f.dir.filePath("server.db"),
                                           sqlite::Connection::Mode::ReadOnly, &error);
        QVERIFY2(db, qPrintable(error));
        sqlite::Statement key = db->prepare(
            "SELECT name FROM pragma_table_info('user_updates') WHERE pk > 0 ORDER BY pk");
        QVERIFY(key.step());
        QCOMPARE(key.text(0), QStringLiteral("seq"));
        QVERIFY(!key.step());
        sqlite::Statement index =
            db->prepare("SELECT \"unique\" FROM pragma_index_list('user_updates')"
                        " WHERE name = 'user_updates_by_user'");
        QVERIFY(index.step());
        QCOMPARE(index.int64(0), 1);
        // The newest entry is the last row: appended, not placed among its user's entries.
        sqlite::Statement last =
            db->prepare("SELECT user_id, pts FROM user_updates ORDER BY seq DESC LIMIT 1");
        QVERIFY(last.step());
        QCOMPARE(last.int64(0), bob); // the recipient's entry follows the sender's
        QCOMPARE(last.int64(1), bobPts);
    }

    void databaseFromANewerBuildIsRefusedAndKept() {
        Fixture f;
        f.userId("alice");
        f.close();
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
            // Back to this build's version: the same file opens again, data intact.
            db->exec(QByteArray("PRAGMA user_version = " +
                                QByteArray::number(sqlite::latestSchemaVersion()))
                         .constData());
        }
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QVERIFY(valueOr(f.domain->accounts.findAccount("alice")));
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
