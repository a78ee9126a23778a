// The pin rules of server/domain/pins.* over the real SQLite store: most recently pinned first,
// at most five, members only, every change logged once to the user and kept across a reopen.
#include "protocol/api/pins.h"
#include "tests/server/domain/domain_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using server::domain::PinChange;

class TestDomainPins : public QObject {
    Q_OBJECT

    StoreResult<PinChange> setPinned(Fixture &f, qint64 user, qint64 chat, bool pinned) {
        return await<PinChange>(
            [&](auto done) { f.domain->pins.setPinned(user, chat, pinned, done); });
    }
    //! Opens `count` chats of alice with new users; their ids in creation order.
    QList<qint64> chatsOf(Fixture &f, qint64 alice, int count) {
        QList<qint64> chats;
        for (int i = 0; i < count; ++i)
            chats.append(f.chatId(alice, f.userId(QStringLiteral("peer%1").arg(i))));
        return chats;
    }

private slots:
    void pinnedChatsComeMostRecentFirstAndAreLoggedToTheUser() {
        Fixture f;
        QVERIFY2(f.store, qPrintable(f.error));
        const qint64 alice = f.userId("alice");
        const QList<qint64> chats = chatsOf(f, alice, 3);
        const qint64 ptsBefore = valueOr(f.domain->updates.currentPts(alice));

        EXPECT_VALUE(first, setPinned(f, alice, chats[0], true));
        EXPECT_VALUE(second, setPinned(f, alice, chats[2], true));
        QCOMPARE(second.chatIds, (QList<qint64>{chats[2], chats[0]}));
        QCOMPARE(second.updates.size(), 1);
        QCOMPARE(second.updates.first().userId, alice);
        QCOMPARE(std::get<protocol::PinnedChatsUpdate>(second.updates.first().logged.update),
                 (protocol::PinnedChatsUpdate{{chats[2], chats[0]}}));
        QCOMPARE(second.callerPts, ptsBefore + 2);

        // The other member's log and order are untouched: pins are per user.
        const qint64 peer = valueOr(f.domain->accounts.findAccount("peer2"))->user.id;
        QCOMPARE(valueOr(f.domain->pins.pinnedChats(peer)).chatIds, QList<qint64>{});

        EXPECT_VALUE(listed, f.domain->pins.pinnedChats(alice));
        QCOMPARE(listed.chatIds, (QList<qint64>{chats[2], chats[0]}));
        QCOMPARE(listed.pts, second.callerPts);

        // The difference a second device asks for carries the same order.
        EXPECT_VALUE(diff, f.domain->updates.difference(alice, ptsBefore, 100));
        QCOMPARE(diff.updates.size(), 2);
        QCOMPARE(std::get<protocol::PinnedChatsUpdate>(diff.updates.last().update).chatIds,
                 (QList<qint64>{chats[2], chats[0]}));
    }

    void repeatingAPinOrUnpinWritesNothing() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const QList<qint64> chats = chatsOf(f, alice, 1);
        EXPECT_VALUE(pinned, setPinned(f, alice, chats[0], true));
        EXPECT_VALUE(again, setPinned(f, alice, chats[0], true));
        QVERIFY(again.updates.isEmpty());
        QCOMPARE(again.callerPts, pinned.callerPts);

        EXPECT_VALUE(unpinned, setPinned(f, alice, chats[0], false));
        QCOMPARE(unpinned.chatIds, QList<qint64>{});
        QCOMPARE(unpinned.updates.size(), 1);
        EXPECT_VALUE(unpinnedAgain, setPinned(f, alice, chats[0], false));
        QVERIFY(unpinnedAgain.updates.isEmpty());
        QCOMPARE(unpinnedAgain.callerPts, unpinned.callerPts);
    }

    void theSixthPinIsRefusedAndNothingIsWritten() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const QList<qint64> chats = chatsOf(f, alice, protocol::api::kMaxPinnedChats + 1);
        for (int i = 0; i < protocol::api::kMaxPinnedChats; ++i)
            QVERIFY(!valueOr(setPinned(f, alice, chats[i], true)).limitReached);
        const qint64 ptsFull = valueOr(f.domain->updates.currentPts(alice));

        EXPECT_VALUE(sixth, setPinned(f, alice, chats.last(), true));
        QVERIFY(sixth.limitReached);
        QVERIFY(sixth.updates.isEmpty());
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), ptsFull);
        QVERIFY(!valueOr(f.domain->pins.pinnedChats(alice)).chatIds.contains(chats.last()));

        // Unpinning one makes room again.
        QVERIFY(!valueOr(setPinned(f, alice, chats[0], false)).limitReached);
        EXPECT_VALUE(retried, setPinned(f, alice, chats.last(), true));
        QVERIFY(!retried.limitReached);
        QCOMPARE(retried.chatIds.first(), chats.last());
        QCOMPARE(retried.chatIds.size(), protocol::api::kMaxPinnedChats);
    }

    void onlyAMemberMayPin() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 carol = f.userId("carol");
        const qint64 bobAndCarol = f.chatId(bob, carol);
        QVERIFY(failedWith(setPinned(f, alice, bobAndCarol, true), StoreError::NotFound));
        QVERIFY(failedWith(setPinned(f, alice, 999'999, true), StoreError::NotFound));
        QCOMPARE(valueOr(f.domain->pins.pinnedChats(alice)).chatIds, QList<qint64>{});
    }

    void pinsSurviveAReopenOfTheStore() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const QList<qint64> chats = chatsOf(f, alice, 2);
        QVERIFY(!valueOr(setPinned(f, alice, chats[1], true)).limitReached);
        QVERIFY(!valueOr(setPinned(f, alice, chats[0], true)).limitReached);
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        QCOMPARE(valueOr(f.domain->pins.pinnedChats(alice)).chatIds,
                 (QList<qint64>{chats[0], chats[1]}));
    }
};

QTEST_GUILESS_MAIN(TestDomainPins)
#include "tst_domain_pins.moc"
