// The domain services over the real SQLite store: accounts, devices, users, chats, messages,
// read state and the update log (their rules, each tested alone).
#include "tests/server/domain/domain_fixture.h"

#include <future>
#include <set>
#include <thread>

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;

class TestDomainServices : public QObject {
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

        EXPECT_VALUE(account, f.domain->accounts.findAccount("alice"));
        QVERIFY(account);
        QCOMPARE(account->user, alice);
        QCOMPARE(account->passwordHash, QByteArray("argon2id$alice"));
        EXPECT_VALUE(nobody, f.domain->accounts.findAccount("nobody"));
        QVERIFY(!nobody);
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice.id)), 0);

        EXPECT_VALUE(underscore, f.signUp("a_b"));
        EXPECT_VALUE(axb, f.signUp("axb"));
        // "_" in the query matches only itself, not any character.
        QCOMPARE(valueOr(f.domain->users.searchUsers("a_", 10)), QList<protocol::User>{underscore});
        QCOMPARE(valueOr(f.domain->users.searchUsers("a", 10)).size(), 3);
        QCOMPARE(valueOr(f.domain->users.searchUsers("a", 2)).size(), 2);
        EXPECT_VALUE(percent, f.domain->users.searchUsers("%", 10));
        QCOMPARE(percent.size(), 0);
        QCOMPARE(valueOr(f.domain->users.users({axb.id, 999, alice.id})),
                 (QList<protocol::User>{axb, alice}));
    }

    void devicesAreFoundByTokenUntilRevoked() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        auto create = [&](qint64 user, const QByteArray &token) {
            return await<NewDevice>([&](auto done) {
                f.domain->accounts.createDevice(user, "phone", token, 5000, done);
            });
        };
        EXPECT_VALUE(phone, create(alice, "hash-1"));
        EXPECT_VALUE(laptop, create(alice, "hash-2"));
        QVERIFY(failedWith(create(4242, "hash-3"), StoreError::NotFound));

        EXPECT_VALUE(session, f.domain->accounts.sessionByTokenHash("hash-1"));
        QVERIFY(session);
        QCOMPARE(session->userId, alice);
        QCOMPARE(session->deviceId, phone.deviceId);
        QCOMPARE(session->lastSeenAt, 5000);
        EXPECT_VALUE(unknown, f.domain->accounts.sessionByTokenHash("unknown"));
        QVERIFY(!unknown);
        QCOMPARE(valueOr(f.domain->accounts.devices(alice)).size(), 2);
        EXPECT_VALUE(bobsDevices, f.domain->accounts.devices(bob));
        QCOMPARE(bobsDevices.size(), 0);

        auto revoke = [&](qint64 user, qint64 device) {
            return await<bool>(
                [&](auto done) { f.domain->accounts.revokeDevice(user, device, 1, done); });
        };
        QVERIFY(failedWith(revoke(bob, phone.deviceId), StoreError::NotFound));
        QVERIFY(valueOr(f.domain->accounts.sessionByTokenHash("hash-1")));
        EXPECT_VALUE(revoked, revoke(alice, phone.deviceId));
        QVERIFY(revoked);
        EXPECT_VALUE(gone, f.domain->accounts.sessionByTokenHash("hash-1"));
        QVERIFY(!gone);
        QVERIFY(failedWith(revoke(alice, phone.deviceId), StoreError::NotFound));
        const QList<protocol::Device> left = valueOr(f.domain->accounts.devices(alice));
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().id, laptop.deviceId);
        QCOMPARE(left.first().lastSeenAt, 5000);

        // Touches are coalesced and written with the next batch: the newest one wins.
        f.domain->accounts.touchDevice(laptop.deviceId, 7000);
        f.domain->accounts.touchDevice(laptop.deviceId, 9000);
        f.domain->accounts.touchDevice(laptop.deviceId, 8000);
        f.userId("carol"); // any later write commits after the touches
        QCOMPARE(valueOr(f.domain->accounts.devices(alice)).first().lastSeenAt, 9000);
        QCOMPARE(valueOr(f.domain->accounts.sessionByTokenHash("hash-2"))->lastSeenAt, 9000);
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
        QCOMPARE(logPts(*f.domain, alice), QList<qint64>{1});
        QCOMPARE(logPts(*f.domain, bob), QList<qint64>{1});

        QVERIFY(failedWith(f.openChat(alice, 4242), StoreError::NotFound));

        // Saved Messages: a chat with oneself, one member, opened once.
        EXPECT_VALUE(saved, f.openChat(alice, alice));
        QVERIFY(saved.created);
        QCOMPARE(saved.chat.memberIds, QList<qint64>{alice});
        QCOMPARE(saved.updates.size(), 1);
        EXPECT_VALUE(savedAgain, f.openChat(alice, alice));
        QCOMPARE(savedAgain.chat.id, saved.chat.id);
        QCOMPARE(valueOr(f.domain->chats.chats(alice)).size(), 2);
        QCOMPARE(valueOr(f.domain->chats.chats(bob)).size(), 1);
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
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), 2);

        EXPECT_VALUE(history, f.domain->messages.history(bob, chat, 0, 50));
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
        threads.reserve(kThreads);
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                const qint64 sender = t % 2 ? bob : alice;
                std::vector<std::future<StoreResult<AppendedMessage>>> futures;
                for (int i = 0; i < kPerThread; ++i) {
                    auto promise = std::make_shared<std::promise<StoreResult<AppendedMessage>>>();
                    futures.push_back(promise->get_future());
                    f.domain->messages.appendMessage(
                        sender, chat, (t + 1) * 100000 + i, "x", 1,
                        [promise](auto r) { promise->set_value(std::move(r)); });
                    f.domain->updates.currentPts(sender); // reads run beside the writer
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
            const Difference all = valueOr(f.domain->updates.difference(user, 0, 100000));
            QCOMPARE(all.updates.size(), kThreads * kPerThread + 1);
            QCOMPARE(logPts(*f.domain, user), oneToN(kThreads * kPerThread + 1));
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
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 10);

        EXPECT_VALUE(first, f.domain->updates.difference(alice, 0, 4));
        QVERIFY(!first.tooLong);
        QVERIFY(!first.final);
        QCOMPARE(first.pts, 4);
        QCOMPARE(first.updates.size(), 4);
        QVERIFY(holds<protocol::NewChatUpdate>(first.updates.first()));

        EXPECT_VALUE(rest, f.domain->updates.difference(alice, first.pts, 100));
        QVERIFY(rest.final);
        QCOMPARE(rest.pts, 10);
        QCOMPARE(rest.updates.size(), 6);
        QCOMPARE(rest.updates.first().pts, 5);

        EXPECT_VALUE(upToDate, f.domain->updates.difference(alice, 10, 100));
        QVERIFY(!upToDate.tooLong);
        QVERIFY(upToDate.final);
        QVERIFY(upToDate.updates.isEmpty());
        QCOMPARE(upToDate.pts, 10);

        // A pts this database never handed out (the client's state is from another one).
        EXPECT_VALUE(ahead, f.domain->updates.difference(alice, 11, 100));
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
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 11);

        EXPECT_VALUE(fromStart, f.domain->updates.difference(alice, 0, 100));
        QVERIFY(fromStart.tooLong);
        QCOMPARE(fromStart.pts, 11);
        QVERIFY(valueOr(f.domain->updates.difference(alice, 5, 100)).tooLong);

        // The newest five (7..11) are kept, so a client at 6 misses nothing.
        EXPECT_VALUE(kept, f.domain->updates.difference(alice, 6, 100));
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
            const HistoryPage result =
                valueOr(f.domain->messages.history(alice, chat, beforeId, limit));
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
        QVERIFY(failedWith(f.domain->messages.history(carol, chat, 0, 10), StoreError::NotFound));
        QVERIFY(failedWith(f.domain->messages.history(alice, 4242, 0, 10), StoreError::NotFound));
    }

    void nonMemberCannotSend() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 chat = f.chatId(alice, bob);
        QVERIFY(failedWith(f.send(carol, chat, 7), StoreError::NotFound));
        QVERIFY(failedWith(f.send(alice, 4242, 8), StoreError::NotFound));
        EXPECT_VALUE(history, f.domain->messages.history(alice, chat, 0, 10));
        QVERIFY(history.messages.isEmpty());
        QCOMPARE(valueOr(f.domain->updates.currentPts(carol)), 0);
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), 1);
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
        const qint64 alicePts = valueOr(f.domain->updates.currentPts(alice));
        const qint64 bobPts = valueOr(f.domain->updates.currentPts(bob));

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

        const protocol::ChatSummary bobView = valueOr(f.domain->chats.chats(bob)).first();
        QCOMPARE(bobView.readInboxMaxId, m2);
        QCOMPARE(bobView.unreadCount, 1); // m3
        QCOMPARE(bobView.lastMessage->id, m3);
        QCOMPARE(bobView.lastMessage->randomId, 0);
        const protocol::ChatSummary aliceView = valueOr(f.domain->chats.chats(alice)).first();
        QCOMPARE(aliceView.readOutboxMaxId, m2);
        QCOMPARE(aliceView.deliveredMaxId, m2);
        QCOMPARE(aliceView.unreadCount, 0); // her own messages are never unread
        QVERIFY(aliceView.lastMessage->randomId != 0);

        // A position past the newest message stops at it.
        EXPECT_VALUE(readAll, f.markRead(bob, chat, m3 + 1000));
        QCOMPARE(std::get<protocol::ReadInboxUpdate>(readAll.updates.first().logged.update).maxId,
                 m3);
        QCOMPARE(valueOr(f.domain->chats.chats(bob)).first().unreadCount, 0);

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
            for (const auto &summary : valueOr(f.domain->chats.chats(alice)))
                ids.append(summary.chat.id);
            return ids;
        };
        QCOMPARE(order(), (QList<qint64>{withCarol, withBob}));
        f.messageId(alice, withBob);
        QCOMPARE(order(), (QList<qint64>{withBob, withCarol}));
        f.messageId(alice, withCarol);
        QCOMPARE(order(), (QList<qint64>{withCarol, withBob}));
    }
};

QTEST_GUILESS_MAIN(TestDomainServices)
#include "tst_domain_services.moc"
