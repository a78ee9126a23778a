// A channel post reaches its poster twice: from the channel's log, which carries no randomId
// (docs/protocol.md §15), and in the answer to channels.post, which does. Whichever comes
// first, the pending row the user wrote becomes the post: one row, the local id the chat view
// already shows, no longer pending (before this rule the log's copy came first now and then,
// and the pending copy stayed "sending" beside the post for good).
#include "core/sync/sync_writes.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/messages_table.h"
#include "tests/support/await.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::storage;
using msgr::test::await;

namespace {

constexpr qint64 kSelf = 1;
constexpr qint64 kChannel = 10;
constexpr qint64 kRandomId = 777;
const QByteArray kKey(32, '\x5a');

protocol::Message post(qint64 randomId) {
    protocol::Message m;
    m.id = 100;
    m.chatId = kChannel;
    m.senderId = kSelf;
    m.date = 1'700'000'000'000;
    m.text = QStringLiteral("written offline");
    m.randomId = randomId;
    return m;
}

} // namespace

class TstOwnPostTwice : public QObject {
    Q_OBJECT
private slots:
    void thePendingRowBecomesThePostWhicheverCopyComesFirst_data() {
        QTest::addColumn<bool>("logFirst");
        QTest::newRow("the log's copy first") << true;
        QTest::newRow("the answer first") << false;
    }

    void thePendingRowBecomesThePostWhicheverCopyComesFirst() {
        QFETCH(bool, logFirst);
        QTemporaryDir dir;
        ProfileStore store;
        const auto opened = await<OpenResult>(
            [&](QObject *c, auto done) { store.open(dir.path(), kKey, c, done); });
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        const auto pending = await<MessageRecord>([&](QObject *c, auto done) {
            store.writeReturning(
                [](WriteTransaction &tx) {
                    AccountTable::save(
                        tx, AccountState{kSelf, 7, QStringLiteral("me"), QStringLiteral("t"), 0});
                    return core::SyncWrites::enqueueOutgoing(tx, kChannel, kSelf,
                                                             QStringLiteral("written offline"),
                                                             kRandomId, 1'700'000'000'000);
                },
                c, done);
        });
        QVERIFY(pending.pending);

        const QList<protocol::Message> arrivals =
            logFirst ? QList{post(0), post(kRandomId)} : QList{post(kRandomId), post(0)};
        for (const protocol::Message &copy : arrivals)
            store.write(
                [copy](WriteTransaction &tx) { core::SyncWrites::storeMessage(tx, copy, true); });
        const auto rows = await<QList<MessageRecord>>([&](QObject *c, auto done) {
            store.read([](ReadTransaction &tx) { return MessagesTable::page(tx, kChannel, 0, 10); },
                       c, done);
        });
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().localId, pending.localId);
        QVERIFY(!rows.first().pending);
        QCOMPARE(rows.first().serverId, qint64(100));
    }
};

QTEST_GUILESS_MAIN(TstOwnPostTwice)
#include "tst_own_post_twice.moc"
