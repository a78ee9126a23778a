// The draft rules of server/domain/drafts.* over the real SQLite store (docs/protocol.md §17.2):
// one draft per user and chat, logged to the user alone; a retry writes nothing; members only;
// a sent message clears the sender's draft before its newMessage; the list pages by chat id, and
// leaves out a chat the user left.
#include "protocol/api/drafts.h"
#include "tests/server/domain/domain_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using server::domain::DraftChange;

namespace {
template <typename T> bool isError(const StoreResult<T> &result, StoreError error) {
    const StoreError *got = storeError(result);
    return got && *got == error;
}
} // namespace

class TestDomainDrafts : public QObject {
    Q_OBJECT

    StoreResult<DraftChange> save(Fixture &f, qint64 user, qint64 chat, const QString &text) {
        return await<DraftChange>(
            [&](auto done) { f.domain->drafts.save(user, chat, text, ++f.clock, done); });
    }

private slots:
    void aDraftIsLoggedToTheUserAloneAndARetryWritesNothing() {
        Fixture f;
        QVERIFY2(f.store, qPrintable(f.error));
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        const qint64 bobPts = valueOr(f.domain->updates.currentPts(bob));

        EXPECT_VALUE(saved, save(f, alice, chat, QStringLiteral("see you")));
        QCOMPARE(saved.updates.size(), 1);
        QCOMPARE(saved.updates.first().userId, alice);
        QCOMPARE(std::get<protocol::DraftUpdate>(saved.updates.first().logged.update),
                 (protocol::DraftUpdate{chat, QStringLiteral("see you"), saved.date}));
        QCOMPARE(valueOr(f.domain->updates.currentPts(bob)), bobPts);

        EXPECT_VALUE(again, save(f, alice, chat, QStringLiteral("see you")));
        QVERIFY(again.updates.isEmpty());
        QCOMPARE(again.date, saved.date);
        QCOMPARE(again.callerPts, saved.callerPts);

        EXPECT_VALUE(page, f.domain->drafts.page(alice, 0, protocol::api::kDraftsPerPage));
        QCOMPARE(page.drafts,
                 (QList<protocol::Draft>{{chat, QStringLiteral("see you"), saved.date}}));
        QVERIFY(page.final);
        EXPECT_VALUE(bobs, f.domain->drafts.page(bob, 0, protocol::api::kDraftsPerPage));
        QVERIFY(bobs.drafts.isEmpty());

        // A stranger, or no chat: NotFound, nothing written.
        const qint64 carol = f.userId("carol");
        QVERIFY(isError(save(f, carol, chat, QStringLiteral("hi")), StoreError::NotFound));
        QVERIFY(isError(save(f, carol, chat, QString()), StoreError::NotFound));
        QVERIFY(isError(save(f, alice, chat + 1000, QStringLiteral("hi")), StoreError::NotFound));

        EXPECT_VALUE(cleared, save(f, alice, chat, QString()));
        QCOMPARE(cleared.date, 0);
        QCOMPARE(cleared.updates.size(), 1);
        QVERIFY(
            std::get<protocol::DraftUpdate>(cleared.updates.first().logged.update).text.isEmpty());
        EXPECT_VALUE(clearedAgain, save(f, alice, chat, QString()));
        QVERIFY(clearedAgain.updates.isEmpty());
    }

    void sendingClearsTheSendersDraftFirst() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        EXPECT_VALUE(saved, save(f, alice, chat, QStringLiteral("almost")));
        EXPECT_VALUE(bobsDraft, save(f, bob, chat, QStringLiteral("bob's own")));
        EXPECT_VALUE(sent, f.send(alice, chat, 77, QStringLiteral("sent")));
        // Alice: the cleared draft, then her message; bob: the message only, his draft kept.
        QCOMPARE(sent.updates.size(), 3);
        QCOMPARE(sent.updates[0].userId, alice);
        QVERIFY(std::get<protocol::DraftUpdate>(sent.updates[0].logged.update).text.isEmpty());
        QCOMPARE(sent.senderPts, sent.updates[0].logged.pts + 1);
        EXPECT_VALUE(alicePage, f.domain->drafts.page(alice, 0, 50));
        QVERIFY(alicePage.drafts.isEmpty());
        EXPECT_VALUE(bobPage, f.domain->drafts.page(bob, 0, 50));
        QCOMPARE(bobPage.drafts.size(), 1);
        // A retried send clears nothing more.
        EXPECT_VALUE(retried, f.send(alice, chat, 77, QStringLiteral("sent")));
        QVERIFY(retried.duplicate);
        QVERIFY(retried.updates.isEmpty());
        Q_UNUSED(saved);
        Q_UNUSED(bobsDraft);
    }

    void theListPagesByChatId() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        QList<qint64> chats;
        for (int i = 0; i < 5; ++i) {
            chats.append(f.chatId(alice, f.userId(QStringLiteral("peer%1").arg(i))));
            QVERIFY(!storeError(save(f, alice, chats.last(), QString::number(i))));
        }
        EXPECT_VALUE(first, f.domain->drafts.page(alice, 0, 2));
        QCOMPARE(first.drafts.size(), 2);
        QVERIFY(!first.final);
        QCOMPARE(first.drafts[0].chatId, chats[0]);
        EXPECT_VALUE(second, f.domain->drafts.page(alice, first.drafts.last().chatId, 2));
        QCOMPARE(second.drafts.size(), 2);
        QVERIFY(!second.final);
        EXPECT_VALUE(last, f.domain->drafts.page(alice, second.drafts.last().chatId, 2));
        QCOMPARE(last.drafts.size(), 1);
        QVERIFY(last.final);
        QCOMPARE(last.drafts[0].text, QStringLiteral("4"));
    }
};

QTEST_GUILESS_MAIN(TestDomainDrafts)
#include "tst_domain_drafts.moc"
