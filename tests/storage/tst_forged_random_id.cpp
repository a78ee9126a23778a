// A broken or hostile server sends a message that carries the random id of one of this
// account's already-sent messages: the store keeps the original, never shows the forged one
// (not in the list, not in search, not in the unread count), and loses nothing else that was
// applied around it in the same batch of writes, nor the sync position.
#include "storage/profile_store.h"
#include "tests/support/await.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::storage;
using msgr::test::await; // runs a store read and waits for its answer (fails on timeout)

namespace {

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
    store.saveAccount(AccountState{kSelf, 7, QStringLiteral("me"), QStringLiteral("t"), 0});

    protocol::Chat chat;
    chat.id = kChat;
    chat.memberIds = {kSelf, kPeer};
    constexpr qint64 kRandomId = 424242;
    store.applyUpdates({{1, protocol::NewChatUpdate{chat}},
                        newMessage(2, 100, QStringLiteral("mine original"), kRandomId)},
                       2);

    // Three jobs queued at once, so they land in one batch. The middle one stores a good
    // incoming message, then a DIFFERENT message carrying the random id of our sent one.
    int doneCalls = 0;
    QObject context;
    store.applyUpdates({newMessage(3, 101, QStringLiteral("alpha before"), 0)}, 3, &context,
                       [&] { ++doneCalls; });
    store.applyUpdates({newMessage(4, 102, QStringLiteral("bravo kept"), 0),
                        newMessage(5, 103, QStringLiteral("forged duplicate"), kRandomId)},
                       5, &context, [&] { ++doneCalls; });
    store.applyUpdates({newMessage(6, 104, QStringLiteral("charlie after"), 0)}, 6, &context,
                       [&] { ++doneCalls; });
    QTRY_COMPARE(doneCalls, 3); // every job answers

    const auto rows = await<QList<MessageRecord>>(
        [&](QObject *c, auto done) { store.loadMessages(kChat, 0, 100, c, done); });
    QStringList texts;
    for (const MessageRecord &m : rows)
        texts << m.text;
    QCOMPARE(texts, (QStringList{QStringLiteral("mine original"), QStringLiteral("alpha before"),
                                 QStringLiteral("bravo kept"), QStringLiteral("charlie after")}));

    // The search index holds exactly what the table holds.
    const auto search = [&](const QString &q) {
        const auto hits =
            await<QList<SearchHit>>([&](QObject *c, auto done) { store.search(q, 10, c, done); });
        return int(hits.size());
    };
    QCOMPARE(search(QStringLiteral("alpha")), 1);
    QCOMPARE(search(QStringLiteral("charlie")), 1);
    QCOMPARE(search(QStringLiteral("bravo")), 1);
    QCOMPARE(search(QStringLiteral("original")), 1);
    QCOMPARE(search(QStringLiteral("forged")), 0);

    // The chat list counts only stored incoming messages.
    const auto chatRow = await<std::optional<ChatRecord>>(
        [&](QObject *c, auto done) { store.loadChat(kChat, c, done); });
    QVERIFY(chatRow);
    QCOMPARE(chatRow->unreadCount, 3);
    QCOMPARE(chatRow->lastText, QStringLiteral("charlie after"));

    // The sync position moved past the forged update: it is not asked for again.
    const auto account = await<std::optional<AccountState>>(
        [&](QObject *c, auto done) { store.loadAccount(c, done); });
    QVERIFY(account);
    QCOMPARE(account->pts, 6);
}

QTEST_GUILESS_MAIN(TstForgedRandomId)
#include "tst_forged_random_id.moc"
