// A broken or hostile server sends a message that carries the random id of one of this
// account's already-sent messages: the store keeps the original, never shows the forged one
// (not in the list, not in search, not in the unread count), and loses nothing else that was
// applied around it in the same batch of writes, nor the sync position.
#include "core/sync/sync_writes.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "tests/support/await.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::storage;
using msgr::test::await; // runs a store read and waits for its answer (fails on timeout)

namespace {

//! The sync engine's write for a run of updates: the rules of core, one job of the store.
void applyUpdates(ProfileStore &store, const QList<protocol::LoggedUpdate> &updates, qint64 pts,
                  QObject *context = nullptr, std::function<void()> done = {}) {
    store.write(
        [updates, pts](WriteTransaction &tx) {
            msgr::core::SyncWrites::applyUpdates(tx, updates, pts);
        },
        context, std::move(done));
}

constexpr qint64 kSelf = 1;
constexpr qint64 kPeer = 2;
constexpr qint64 kChat = 10;
const QByteArray kKey(32, '\x3c');

protocol::LoggedUpdate newMessage(qint64 pts, qint64 id, const QString &text, qint64 randomId) {
    protocol::Message m;
    m.id = id;
    m.chatId = kChat;
    m.senderId = randomId != 0 ? kSelf : kPeer;
    m.date = 1'700'000'000'000 + id * 1000;
    m.text = text;
    m.randomId = randomId;
    return {pts, protocol::NewMessageUpdate{m}};
}

} // namespace

class TstForgedRandomId : public QObject {
    Q_OBJECT
private slots:
    void forgedRandomIdIsIgnoredAndTheBatchKept();
};

void TstForgedRandomId::forgedRandomIdIsIgnoredAndTheBatchKept() {
    QTemporaryDir dir;
    ProfileStore store;
    const auto opened =
        await<OpenResult>([&](QObject *c, auto done) { store.open(dir.path(), kKey, c, done); });
    QVERIFY2(opened.ok(), qPrintable(opened.message));
    store.write([](WriteTransaction &tx) {
        AccountTable::save(tx,
                           AccountState{kSelf, 7, QStringLiteral("me"), QStringLiteral("t"), 0});
    });

    protocol::Chat chat;
    chat.id = kChat;
    chat.memberIds = {kSelf, kPeer};
    constexpr qint64 kRandomId = 424242;
    applyUpdates(store,
                 {{1, protocol::NewChatUpdate{chat}},
                  newMessage(2, 100, QStringLiteral("mine original"), kRandomId)},
                 2);

    // Three jobs queued at once, so they land in one batch. The middle one stores a good
    // incoming message, then a DIFFERENT message carrying the random id of our sent one.
    int doneCalls = 0;
    QObject context;
    applyUpdates(store, {newMessage(3, 101, QStringLiteral("alpha before"), 0)}, 3, &context,
                 [&] { ++doneCalls; });
    applyUpdates(store,
                 {newMessage(4, 102, QStringLiteral("bravo kept"), 0),
                  newMessage(5, 103, QStringLiteral("forged duplicate"), kRandomId)},
                 5, &context, [&] { ++doneCalls; });
    applyUpdates(store, {newMessage(6, 104, QStringLiteral("charlie after"), 0)}, 6, &context,
                 [&] { ++doneCalls; });
    QTRY_COMPARE(doneCalls, 3); // every job answers

    const auto rows = await<QList<MessageRecord>>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &tx) { return MessagesTable::page(tx, kChat, 0, 100); }, c,
                   done);
    });
    QStringList texts;
    for (const MessageRecord &m : rows)
        texts << m.text;
    QCOMPARE(texts, (QStringList{QStringLiteral("mine original"), QStringLiteral("alpha before"),
                                 QStringLiteral("bravo kept"), QStringLiteral("charlie after")}));

    // The search index holds exactly what the table holds.
    const auto search = [&](const QString &q) {
        const auto hits = await<QList<SearchHit>>([&](QObject *c, auto done) {
            store.read([q](ReadTransaction &tx) { return MessagesTable::search(tx, q, 10); }, c,
                       done);
        });
        return int(hits.size());
    };
    QCOMPARE(search(QStringLiteral("alpha")), 1);
    QCOMPARE(search(QStringLiteral("charlie")), 1);
    QCOMPARE(search(QStringLiteral("bravo")), 1);
    QCOMPARE(search(QStringLiteral("original")), 1);
    QCOMPARE(search(QStringLiteral("forged")), 0);

    // The chat list counts only stored incoming messages.
    const auto chatRow = await<std::optional<ChatRecord>>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &tx) { return ChatsTable::load(tx, kChat); }, c, done);
    });
    QVERIFY(chatRow);
    QCOMPARE(chatRow->unreadCount, 3);
    QCOMPARE(chatRow->lastText, QStringLiteral("charlie after"));

    // The sync position moved past the forged update: it is not asked for again.
    const auto account = await<std::optional<AccountState>>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &tx) { return AccountTable::load(tx); }, c, done);
    });
    QVERIFY(account);
    QCOMPARE(account->pts, 6);
}

QTEST_GUILESS_MAIN(TstForgedRandomId)
#include "tst_forged_random_id.moc"
