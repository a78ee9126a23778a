// The encrypted profile database as the client uses it: nothing readable on disk, a wrong key
// or a damaged file never overwritten, migrations keep data, the sync engine's updates are
// idempotent, the outbox never doubles, and the chat list, paging and search are right.
#include "core/sync/sync_writes.h"
#include "storage/cipher_open.h"
#include "storage/migrations.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/sync_state_table.h"
#include "tests/support/await.h"

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::storage;
using msgr::core::SyncWrites;
using msgr::test::await;
using msgr::test::awaitDone;

namespace {

constexpr qint64 kSelf = 1;
constexpr qint64 kPeer = 2;
const QByteArray kKey =
    QByteArray::fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
const QByteArray kOtherKey = QByteArray(32, '\x07');

protocol::Message message(qint64 id, qint64 chatId, qint64 senderId, const QString &text,
                          qint64 randomId = 0) {
    protocol::Message m;
    m.id = id;
    m.chatId = chatId;
    m.senderId = senderId;
    m.date = 1'700'000'000'000 + id * 1000;
    m.text = text;
    m.randomId = randomId;
    return m;
}

protocol::LoggedUpdate newMessage(qint64 pts, const protocol::Message &m) {
    return {pts, protocol::NewMessageUpdate{m}};
}

protocol::Chat privateChat(qint64 id, qint64 peer) {
    protocol::Chat c;
    c.id = id;
    c.kind = protocol::ChatKind::Private;
    c.memberIds = {kSelf, peer};
    return c;
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

//! Every byte of every file in `dir` (the database, its WAL and shared memory).
QByteArray allBytesUnder(const QString &dir) {
    QByteArray out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out += readFile(it.next());
    return out;
}

//! The store as the client drives it: typed jobs over its tables, the sync rules of core.
struct Store {
    std::unique_ptr<ProfileStore> store = std::make_unique<ProfileStore>();

    OpenResult open(const QString &dir, const QByteArray &key = kKey) {
        return await<OpenResult>(
            [&](QObject *c, auto done) { store->open(dir, key, c, std::move(done)); });
    }
    void apply(const QList<protocol::LoggedUpdate> &updates, qint64 pts) {
        awaitDone([&](QObject *c, auto done) {
            store->write([=](WriteTransaction &tx) { SyncWrites::applyUpdates(tx, updates, pts); },
                         c, done);
        });
    }
    template <typename Job> auto read(Job job) {
        using T = std::decay_t<std::invoke_result_t<Job &, ReadTransaction &>>;
        return await<T>([&](QObject *c, auto done) { store->read(job, c, std::move(done)); });
    }
    QList<ChatRecord> chats() {
        return read([](ReadTransaction &tx) { return ChatsTable::loadAll(tx); });
    }
    ChatRecord chat(qint64 id) {
        return read([id](ReadTransaction &tx) { return ChatsTable::load(tx, id); })
            .value_or(ChatRecord{});
    }
    QList<MessageRecord> messages(qint64 chatId, qint64 before, int limit) {
        return read(
            [=](ReadTransaction &tx) { return MessagesTable::page(tx, chatId, before, limit); });
    }
    QList<MessageRecord> around(qint64 chatId, qint64 localId, int limit) {
        return read(
            [=](ReadTransaction &tx) { return MessagesTable::around(tx, chatId, localId, limit); });
    }
    QList<MessageRecord> outbox() {
        return read([](ReadTransaction &tx) { return MessagesTable::outbox(tx); });
    }
    QList<SearchHit> search(const QString &q) {
        return read([q](ReadTransaction &tx) { return MessagesTable::search(tx, q, 50); });
    }
    std::optional<AccountState> account() {
        return read([](ReadTransaction &tx) { return AccountTable::load(tx); });
    }
    MessageRecord enqueue(qint64 chatId, const QString &text, qint64 randomId) {
        return await<MessageRecord>([&](QObject *c, auto done) {
            store->writeReturning(
                [=](WriteTransaction &tx) {
                    return SyncWrites::enqueueOutgoing(tx, chatId, kSelf, text, randomId,
                                                       1'800'000'000'000);
                },
                c, std::move(done));
        });
    }
    void login() {
        AccountState a;
        a.userId = kSelf;
        a.deviceId = 5;
        a.username = QStringLiteral("alice_marker_name");
        a.token = QStringLiteral("token-marker-0123456789abcdef0123456789abcde");
        a.pts = 0;
        store->write([a](WriteTransaction &tx) { AccountTable::save(tx, a); });
    }
    void clearAccount() {
        store->write([](WriteTransaction &tx) { AccountTable::clear(tx); });
    }
    //! The outbox's step after messages.send answered.
    void markSent(const protocol::Message &m) {
        store->write([m](WriteTransaction &tx) { SyncWrites::storeMessage(tx, m, false); });
    }
    void storeHistory(qint64 chatId, const QList<protocol::Message> &page) {
        store->write(
            [=](WriteTransaction &tx) { SyncWrites::storeHistoryPage(tx, chatId, page, false); });
    }
    void markReadLocally(qint64 chatId, qint64 maxId) {
        store->write([=](WriteTransaction &tx) { ChatsTable::raiseReadInbox(tx, chatId, maxId); });
    }
    void replaceChats(const QList<protocol::ChatSummary> &chats, qint64 pts) {
        awaitDone([&](QObject *c, auto done) {
            store->write([=](WriteTransaction &tx) { SyncWrites::replaceChats(tx, chats, pts); }, c,
                         done);
        });
    }
    void close() { store.reset(); }
};

QString runCli(const QString &program, const QStringList &args, const QByteArray &stdinText,
               int *exitCode) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.write(stdinText);
    p.closeWriteChannel();
    p.waitForFinished(20000);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAll());
}

} // namespace

class TestProfileStore : public QObject {
    Q_OBJECT
private slots:
    void diskHoldsNoPlaintext();
    void otherToolsCannotReadIt();
    void wrongKeyLeavesFileUntouched();
    void corruptedFileIsRefusedNotOverwritten();
    void migrationStepsKeepData();
    void newerSchemaIsRefused();
    void repliesMigrationKeepsMessages();
    void pinnedMessagesMigrationAndUpdates();
    void groupRolesMigrationAndUpdates();
    void startLoadsUseTheirIndexes();
    void recordsMigrationKeepsData();
    void serverIdsAreUniquePerChatOnly();
    void applyUpdatesIsIdempotentAndStoresPts();
    void logOutForgetsTokenKeepsHistory();
    void pendingMessageBecomesTheSentOne();
    void markSentKeepsOneRow();
    void pagingHasExactBoundaries();
    void windowAroundAMessage();
    void chatListCountsUnreadAndTicks();
    void catchUpSliceCountsUnreadOncePerMessage();
    void searchFindsWordsOffline();
    void searchFindsPartsOfWordsNewestFirst();
    void searchReachesOlderHistoryThroughTheIndex();
    void changedCarriesRowDiffs();
    void callbackDroppedWhenContextIsGone();
};

void TestProfileStore::diskHoldsNoPlaintext() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("plaintext-marker-Zebra")))}, 1);
    // While open (WAL present) and after closing, neither text, name, token nor key appear.
    for (int pass = 0; pass < 2; ++pass) {
        const QByteArray bytes = allBytesUnder(dir.path());
        QVERIFY(bytes.size() > 4096);
        QVERIFY(!bytes.contains("plaintext-marker-Zebra"));
        QVERIFY(!bytes.contains("alice_marker_name"));
        QVERIFY(!bytes.contains("token-marker"));
        QVERIFY(!bytes.contains(kKey));
        QVERIFY(!bytes.contains(kKey.toHex()));
        QVERIFY(!bytes.contains("SQLite format 3"));
        s.close();
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("history.db"))));
}

void TestProfileStore::otherToolsCannotReadIt() {
    const QString sqlite3 = qEnvironmentVariable("MSGR_SQLITE3_CLI");
    const QString sqlcipher = qEnvironmentVariable("MSGR_SQLCIPHER_CLI");
    if (sqlite3.isEmpty() || sqlcipher.isEmpty())
        QSKIP("sqlite3/sqlcipher command-line tools not found");
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("hello")))}, 1);
    s.close();
    const QString db = dir.filePath(QStringLiteral("history.db"));
    const QByteArray before = readFile(db);
    int code = 0;

    QString out =
        runCli(sqlite3, {db, QStringLiteral("SELECT count(*) FROM sqlite_master;")}, {}, &code);
    QVERIFY2(code != 0 && out.contains(QStringLiteral("file is not a database")), qPrintable(out));

    const QByteArray settings = "PRAGMA cipher_page_size = 4096;\n"
                                "SELECT count(*) FROM messages;\n";
    out = runCli(sqlcipher, {db}, "PRAGMA key = \"x'" + kOtherKey.toHex() + "'\";\n" + settings,
                 &code);
    QVERIFY2(out.contains(QStringLiteral("is not a database")), qPrintable(out));

    // Positive control: the same tool with the right key reads the one message.
    out = runCli(sqlcipher, {db}, "PRAGMA key = \"x'" + kKey.toHex() + "'\";\n" + settings, &code);
    QVERIFY2(code == 0 && out.trimmed() == QStringLiteral("1"), qPrintable(out));
    Q_UNUSED(before);
}

void TestProfileStore::wrongKeyLeavesFileUntouched() {
    QTemporaryDir dir;
    {
        Store s;
        QVERIFY(s.open(dir.path()).ok());
        s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("kept")))}, 1);
    }
    const QString db = dir.filePath(QStringLiteral("history.db"));
    const QByteArray before = readFile(db);
    {
        Store s;
        const OpenResult r = s.open(dir.path(), kOtherKey);
        QCOMPARE(r.error, OpenError::WrongKeyOrCorrupt);
        // The store stays closed: reads are empty, writes are dropped.
        QVERIFY(s.chats().isEmpty());
        s.apply({newMessage(2, message(101, 10, kPeer, QStringLiteral("lost")))}, 2);
    }
    QCOMPARE(readFile(db), before);
    QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    QCOMPARE(s.messages(10, 0, 10).size(), 1);
}

void TestProfileStore::corruptedFileIsRefusedNotOverwritten() {
    QTemporaryDir dir;
    {
        Store s;
        QVERIFY(s.open(dir.path()).ok());
        s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("x")))}, 1);
    }
    const QString db = dir.filePath(QStringLiteral("history.db"));
    QByteArray bytes = readFile(db);
    for (int i = 100; i < 200; ++i) // inside page 1: its HMAC no longer matches
        bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    {
        QFile f(db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    Store s;
    QCOMPARE(s.open(dir.path()).error, OpenError::WrongKeyOrCorrupt);
    s.close();
    QCOMPARE(readFile(db), bytes);

    // A file that is not a database at all.
    QTemporaryDir other;
    const QByteArray junk(10000, 'j');
    {
        QFile f(other.filePath(QStringLiteral("history.db")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(junk);
    }
    Store t;
    QCOMPARE(t.open(other.path()).error, OpenError::WrongKeyOrCorrupt);
    t.close();
    QCOMPARE(readFile(other.filePath(QStringLiteral("history.db"))), junk);
}

void TestProfileStore::migrationStepsKeepData() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        QCOMPARE(db.queryInt("PRAGMA user_version;"), 0);
        QVERIFY(migrate(db, 1).ok()); // step 1 alone: the tables
        QCOMPARE(db.queryInt("PRAGMA user_version;"), 1);
        QVERIFY(db.exec("INSERT INTO chats(id, kind) VALUES (10, 'private');"
                        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, sort_key)"
                        " VALUES (100, 10, 2, 5, 'Written before search existed', 100);"));
        QVERIFY(
            db.queryText("SELECT name FROM sqlite_master WHERE name = 'messages_fts';").isEmpty());
    }
    Store s; // opening migrates 1 -> 2
    QVERIFY(s.open(dir.path()).ok());
    const auto page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].text, QStringLiteral("Written before search existed"));
    const auto hits = s.search(QStringLiteral("search existed"));
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits[0].serverId, 100);
    s.close();
    sql::Database db;
    QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
    QCOMPARE(db.queryInt("PRAGMA user_version;"), latestSchemaVersion());
}

void TestProfileStore::startLoadsUseTheirIndexes() {
    // Schema 9: the outbox and failed-message loads at start read partial indexes in local-id
    // order; on a schema-8 profile SQLite walked the whole table (175 ms on 1M messages).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        QVERIFY(migrate(db, 8).ok());
        QVERIFY(db.exec("INSERT INTO chats(id) VALUES (10);"
                        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, sort_key)"
                        " VALUES (100, 10, 2, 5, 'sent', 100);"
                        "INSERT INTO messages(chat_id, sender_id, date, text, random_id, pending,"
                        " sort_key, failed) VALUES (10, 1, 6, 'refused', 7, 1, 4611686018427387905,"
                        " 1);"
                        "INSERT INTO messages(chat_id, sender_id, date, text, random_id, pending,"
                        " sort_key) VALUES (10, 1, 7, 'waiting', 8, 1, 4611686018427387906);"));
    }
    Store s; // opening migrates 8 -> 9
    QVERIFY(s.open(dir.path()).ok());
    const auto outbox = s.outbox();
    QCOMPARE(outbox.size(), 2);
    QCOMPARE(outbox[0].text, QStringLiteral("refused"));
    QCOMPARE(outbox[1].text, QStringLiteral("waiting"));
    QCOMPARE(s.read([](ReadTransaction &tx) { return MessagesTable::failed(tx, 0); }),
             (QList<qint64>{outbox[0].localId}));
    QCOMPARE(s.read([](ReadTransaction &tx) { return MessagesTable::failed(tx, 10); }),
             (QList<qint64>{outbox[0].localId}));
    s.close();
    sql::Database db;
    QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
    // The statements of MessagesTable::outbox and ::failed(tx, 0), as SQLite plans them.
    const auto plan = [&db](const QByteArray &sql) {
        sql::Statement stmt = db.prepare("EXPLAIN QUERY PLAN " + sql);
        QStringList steps;
        while (stmt.next())
            steps.append(stmt.text(3));
        return steps.join(QLatin1Char(';'));
    };
    QCOMPARE(plan("SELECT * FROM messages WHERE pending != 0 ORDER BY local_id;"),
             QStringLiteral("SCAN TABLE messages USING INDEX messages_outbox"));
    QCOMPARE(plan("SELECT local_id FROM messages WHERE failed != 0 AND (?1 = 0 OR chat_id = ?1) "
                  "ORDER BY local_id;"),
             QStringLiteral("SCAN TABLE messages USING INDEX messages_failed_rows"));
}

void TestProfileStore::pinnedMessagesMigrationAndUpdates() {
    // Schema 19 (docs/protocol.md §17.4): a chat stored before it has no pinned message; the
    // chatPinnedMessage update sets it, a deletion of that message (and only that one) clears it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        QVERIFY(migrate(db, 18).ok());
        QVERIFY(db.exec("INSERT INTO chats(id, title) VALUES (10, 'before pins');"));
    }
    Store s; // opening migrates 18 -> 19
    QVERIFY(s.open(dir.path()).ok());
    QCOMPARE(s.chat(10).title, QStringLiteral("before pins"));
    QCOMPARE(s.chat(10).pinnedMessageId, 0);
    s.apply({{1, protocol::ChatPinnedMessageUpdate{10, 100}}}, 1);
    QCOMPARE(s.chat(10).pinnedMessageId, 100);
    s.apply({{2, protocol::MessagesDeletedUpdate{10, {99}}}}, 2);
    QCOMPARE(s.chat(10).pinnedMessageId, 100); // another message
    s.apply({{3, protocol::MessagesDeletedUpdate{10, {98, 100}}}}, 3);
    QCOMPARE(s.chat(10).pinnedMessageId, 0);
    s.apply({{4, protocol::ChatPinnedMessageUpdate{10, 101}}}, 4);
    s.apply({{5, protocol::ChatPinnedMessageUpdate{10, 0}}}, 5);
    QCOMPARE(s.chat(10).pinnedMessageId, 0);
}

void TestProfileStore::groupRolesMigrationAndUpdates() {
    // Schema 22: a chat stored before it has no known role (pinning stays offered, the server
    // decides); a group's Chat gives the signed-in user's role, a private chat is a member's.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        // Schema 20: the last before step 21 added the roles (later steps follow it).
        QVERIFY(migrate(db, 20).ok());
        QVERIFY(db.exec("INSERT INTO chats(id, kind, title) VALUES (20, 1, 'before roles');"));
    }
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    QCOMPARE(s.chat(20).selfRole, ChatRole::Unknown);
    protocol::Chat group;
    group.id = 20;
    group.kind = protocol::ChatKind::Group;
    group.title = QStringLiteral("roles");
    group.memberIds = {kSelf, 7, 8};
    group.ownerId = 7;
    s.apply({{1, protocol::ChatChangedUpdate{group}}}, 1);
    QCOMPARE(s.chat(20).selfRole, ChatRole::Member);
    group.adminIds = {kSelf};
    s.apply({{2, protocol::ChatChangedUpdate{group}}}, 2);
    QCOMPARE(s.chat(20).selfRole, ChatRole::Admin);
    group.ownerId = kSelf;
    group.adminIds = {};
    s.apply({{3, protocol::ChatChangedUpdate{group}}}, 3);
    QCOMPARE(s.chat(20).selfRole, ChatRole::Owner);
    s.apply({{4, protocol::NewChatUpdate{privateChat(10, 9)}}}, 4);
    QCOMPARE(s.chat(10).selfRole, ChatRole::Member);
}

void TestProfileStore::repliesMigrationKeepsMessages() {
    // Schema 18 (docs/protocol.md §19): a message stored before it is neither a reply nor
    // forwarded; a reply stored after it keeps its quote and its first author.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        QVERIFY(migrate(db, 17).ok());
        QVERIFY(db.exec("INSERT INTO chats(id) VALUES (10);"
                        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, sort_key)"
                        " VALUES (100, 10, 2, 5, 'before replies', 100);"));
    }
    Store s; // opening migrates 17 -> 18
    QVERIFY(s.open(dir.path()).ok());
    auto page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].text, QStringLiteral("before replies"));
    QCOMPARE(page[0].replyToId, 0);
    QCOMPARE(page[0].forwardSenderId, 0);
    MessageRecord reply;
    reply.serverId = 101;
    reply.chatId = 10;
    reply.senderId = 3;
    reply.date = 6;
    reply.text = QStringLiteral("answer");
    reply.replyToId = 100;
    reply.replySenderId = 2;
    reply.replyExcerpt = QStringLiteral("before replies");
    reply.forwardSenderId = 4;
    reply.forwardSenderName = QStringLiteral("Dora");
    reply.forwardDate = 3;
    s.store->write([reply](WriteTransaction &tx) { MessagesTable::insertSent(tx, reply); });
    page = s.messages(10, 0, 10); // a read flushes the write before it
    QCOMPARE(page.size(), 2);
    QCOMPARE(page[1].replyToId, 100);
    QCOMPARE(page[1].replySenderId, 2);
    QCOMPARE(page[1].replyExcerpt, QStringLiteral("before replies"));
    QCOMPARE(page[1].forwardSenderId, 4);
    QCOMPARE(page[1].forwardSenderName, QStringLiteral("Dora"));
    QCOMPARE(page[1].forwardDate, 3);
}

void TestProfileStore::newerSchemaIsRefused() {
    QTemporaryDir dir;
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, dir.filePath(QStringLiteral("history.db")), kKey).ok());
        QVERIFY(migrate(db).ok());
        QVERIFY(db.exec("PRAGMA user_version = 99;"));
    }
    Store s;
    QCOMPARE(s.open(dir.path()).error, OpenError::Migration);
}

void TestProfileStore::recordsMigrationKeepsData() {
    // A database as the client wrote it at schema 5: kind as text, members comma-joined,
    // server ids globally unique. Opening migrates it to 6; nothing is lost.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    {
        sql::Database db;
        QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
        QVERIFY(migrate(db, 5).ok());
        QVERIFY(db.exec(
            "INSERT INTO account(id, user_id, token, pts) VALUES (1, 1, 'tok', 77);"
            "INSERT INTO chats(id, kind, title, member_ids, unread_count, read_outbox_max_id, "
            " last_local_id, last_sort_key, last_date, history_complete, pending_read_max_id) "
            " VALUES (10, 'private', '', '1,2', 1, 100, 3, 4611686018427387907, 30, 1, 101),"
            "        (20, 'group', 'Team', '1,2,3', 0, 0, 4, 200, 40, 0, 0);"
            "INSERT INTO messages(local_id, server_id, chat_id, sender_id, date, text, random_id, "
            " pending, sort_key, failed) VALUES"
            " (1, 100, 10, 1, 10, 'mine read earlier', 55, 0, 100, 0),"
            " (2, 101, 10, 2, 20, 'theirs unread', NULL, 0, 101, 0),"
            " (3, NULL, 10, 1, 30, 'refused for good', 56, 1, 4611686018427387907, 1),"
            " (4, 200, 20, 3, 40, 'group hello', NULL, 0, 200, 0);"
            "INSERT INTO messages_fts(docid, text) SELECT local_id, text FROM messages;"));
    }
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    QCOMPARE(s.account()->pts, 77);
    const ChatRecord privateRow = s.chat(10);
    QCOMPARE(privateRow.kind, ChatKind::Private);
    QCOMPARE(privateRow.memberIds, (QList<qint64>{1, 2}));
    QCOMPARE(privateRow.peerUserId, 2);
    QCOMPARE(privateRow.unreadCount, 1);
    QCOMPARE(privateRow.lastText, QStringLiteral("refused for good"));
    QCOMPARE(privateRow.lastState, OutgoingState::Failed);
    const ChatRecord group = s.chat(20);
    QCOMPARE(group.kind, ChatKind::Group);
    QCOMPARE(group.title, QStringLiteral("Team"));
    QCOMPARE(group.memberIds, (QList<qint64>{1, 2, 3}));
    const auto page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 3);
    QCOMPARE(page[0].text, QStringLiteral("mine read earlier"));
    QCOMPARE(page[2].localId, 3);
    QVERIFY(page[2].pending);
    QCOMPARE(page[2].failure, SendFailure::Refused); // stored as 1 before reasons existed
    QCOMPARE(s.outbox().size(), 1);
    QCOMPARE(s.search(QStringLiteral("group hello")).value(0).localId, 4);
    QCOMPARE(s.search(QStringLiteral("unread")).value(0).serverId, 101);
    QVERIFY(s.read([](ReadTransaction &tx) { return SyncStateTable::historyComplete(tx, 10); }));
    QCOMPARE(s.read([](ReadTransaction &tx) { return SyncStateTable::pendingReads(tx); }),
             (QHash<qint64, qint64>{{10, 101}}));
    // The index still follows edits: the adopted pending row's text is searchable once.
    s.markSent(message(150, 10, 1, QStringLiteral("refused edited"), 56));
    QCOMPARE(s.search(QStringLiteral("edited")).size(), 1);
    s.close();
    sql::Database db;
    QVERIFY(openEncryptedDatabase(db, path, kKey).ok());
    QCOMPARE(db.queryInt("PRAGMA user_version;"), latestSchemaVersion());
    QCOMPARE(db.queryInt("SELECT count(*) FROM chat_members;"), 5);
    QCOMPARE(db.queryInt("SELECT typeof(kind) = 'integer' FROM chats WHERE id = 20;"), 1);
}

void TestProfileStore::serverIdsAreUniquePerChatOnly() {
    // Channels will number their messages per chat: the same server id in two chats is two
    // messages, each in its own order; within one chat it is still stored once.
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    s.apply({newMessage(1, message(5, 10, kPeer, QStringLiteral("ten"))),
             newMessage(2, message(5, 20, kPeer, QStringLiteral("twenty"))),
             newMessage(3, message(5, 20, kPeer, QStringLiteral("twenty"))),
             newMessage(4, message(4, 20, kPeer, QStringLiteral("older in twenty")))},
            4);
    QCOMPARE(s.messages(10, 0, 10).size(), 1);
    const auto twenty = s.messages(20, 0, 10);
    QCOMPARE(twenty.size(), 2);
    QCOMPARE(twenty[0].text, QStringLiteral("older in twenty"));
    QCOMPARE(twenty[1].sortKey, 5);
    QCOMPARE(s.chat(20).lastText, QStringLiteral("twenty"));
}

void TestProfileStore::applyUpdatesIsIdempotentAndStoresPts() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    const QList<protocol::LoggedUpdate> batch = {
        {1, protocol::NewChatUpdate{privateChat(10, kPeer)}},
        newMessage(2, message(100, 10, kPeer, QStringLiteral("one"))),
        newMessage(3, message(101, 10, kPeer, QStringLiteral("two"))),
        {4, protocol::UnknownUpdate{QStringLiteral("future")}},
    };
    s.apply(batch, 4);
    s.apply(batch, 4); // a replay after a reconnect
    QCOMPARE(s.messages(10, 0, 50).size(), 2);
    QCOMPARE(s.chat(10).unreadCount, 2);
    QCOMPARE(s.account()->pts, 4);
    s.apply({newMessage(2, message(100, 10, kPeer, QStringLiteral("one")))}, 2); // stale
    QCOMPARE(s.account()->pts, 4);
    s.close();
    Store reopened;
    QVERIFY(reopened.open(dir.path()).ok());
    QCOMPARE(reopened.account()->pts, 4);
    QCOMPARE(reopened.messages(10, 0, 50).size(), 2);
}

void TestProfileStore::logOutForgetsTokenKeepsHistory() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    QCOMPARE(s.account()->username, QStringLiteral("alice_marker_name"));
    s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("stay")))}, 1);
    s.clearAccount();
    QVERIFY(!s.account().has_value());
    QCOMPARE(s.messages(10, 0, 10).size(), 1);
}

void TestProfileStore::pendingMessageBecomesTheSentOne() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    s.apply({{1, protocol::NewChatUpdate{privateChat(10, kPeer)}}}, 1);
    const MessageRecord pending = s.enqueue(10, QStringLiteral("on its way"), 777);
    QVERIFY(pending.pending);
    QVERIFY(pending.localId > 0);
    QCOMPARE(s.enqueue(10, QStringLiteral("on its way"), 777).localId, pending.localId);
    QCOMPARE(s.outbox().size(), 1);

    // A message from the peer arrives while ours is pending: ours still sorts last.
    s.apply({newMessage(2, message(200, 10, kPeer, QStringLiteral("meanwhile")))}, 2);
    auto page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.last().localId, pending.localId);
    QCOMPARE(s.chat(10).lastState, OutgoingState::Pending);

    QSignalSpy spy(s.store.get(), &ProfileStore::changed);
    s.apply({newMessage(3, message(201, 10, kSelf, QStringLiteral("on its way"), 777))}, 3);
    page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.last().localId, pending.localId);
    QCOMPARE(page.last().serverId, 201);
    QVERIFY(!page.last().pending);
    QVERIFY(s.outbox().isEmpty());
    QCOMPARE(s.chat(10).lastState, OutgoingState::Sent);
    QTRY_VERIFY(!spy.isEmpty());
    const auto changes = spy.last().first().value<ChangeSet>();
    QVERIFY(changes.insertedMessages.isEmpty());
    QCOMPARE(changes.updatedMessages.size(), 1);
    QCOMPARE(changes.updatedMessages[0].localId, pending.localId);
}

void TestProfileStore::markSentKeepsOneRow() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    const MessageRecord pending = s.enqueue(10, QStringLiteral("hi"), 42);
    s.markSent(message(300, 10, kSelf, QStringLiteral("hi"), 42));
    // Then the same message arrives again as an update (another connection's push).
    s.apply({newMessage(9, message(300, 10, kSelf, QStringLiteral("hi"), 42))}, 9);
    const auto page = s.messages(10, 0, 10);
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].localId, pending.localId);
    QCOMPARE(page[0].serverId, 300);
    QVERIFY(s.outbox().isEmpty());
}

void TestProfileStore::pagingHasExactBoundaries() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    QList<protocol::Message> history;
    for (int i = 1; i <= 250; ++i)
        history.append(message(1000 + i, 10, kPeer, QStringLiteral("m%1").arg(i)));
    // Stored newest first, as history pages arrive: order comes from server ids, not arrival.
    std::reverse(history.begin(), history.end());
    s.storeHistory(10, history);

    auto page = s.messages(10, 0, 100);
    QCOMPARE(page.size(), 100);
    QCOMPARE(page.first().text, QStringLiteral("m151"));
    QCOMPARE(page.last().text, QStringLiteral("m250"));
    page = s.messages(10, page.first().localId, 100);
    QCOMPARE(page.first().text, QStringLiteral("m51"));
    QCOMPARE(page.last().text, QStringLiteral("m150"));
    page = s.messages(10, page.first().localId, 100);
    QCOMPARE(page.size(), 50);
    QCOMPARE(page.first().text, QStringLiteral("m1"));
    QVERIFY(s.messages(10, page.first().localId, 100).isEmpty());
    QVERIFY(s.messages(10, 999999, 100).isEmpty()); // unknown anchor
    QVERIFY(s.messages(11, 0, 100).isEmpty());      // other chat
    QVERIFY(s.messages(10, 0, 0).isEmpty());
    QCOMPARE(s.messages(10, 0, 100000).size(), 250); // capped at the page limit (500)
}

void TestProfileStore::windowAroundAMessage() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    QList<protocol::Message> history;
    for (int i = 1; i <= 100; ++i)
        history.append(message(i, 10, kPeer, QStringLiteral("m%1").arg(i)));
    s.storeHistory(10, history);
    const auto all = s.messages(10, 0, 100);
    const qint64 target = all[49].localId; // m50

    auto window = s.around(10, target, 20);
    QCOMPARE(window.size(), 20);
    QCOMPARE(window.first().text, QStringLiteral("m41")); // the target and 9 older
    QCOMPARE(window.last().text, QStringLiteral("m60"));  // 10 newer
    // Near the newest end the window is still full and ends at the newest message.
    window = s.around(10, all[97].localId, 20);
    QCOMPARE(window.size(), 20);
    QCOMPARE(window.last().text, QStringLiteral("m100"));
    QVERIFY(s.around(10, 999999, 20).isEmpty());
}

void TestProfileStore::chatListCountsUnreadAndTicks() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    s.apply({{1, protocol::NewChatUpdate{privateChat(10, kPeer)}},
             {2, protocol::NewChatUpdate{privateChat(20, 3)}},
             newMessage(3, message(100, 10, kPeer, QStringLiteral("a"))),
             newMessage(4, message(101, 10, kPeer, QStringLiteral("b"))),
             newMessage(5, message(102, 10, kPeer, QStringLiteral("c"))),
             newMessage(6, message(103, 20, 3, QStringLiteral("newest elsewhere")))},
            6);
    auto chats = s.chats();
    QCOMPARE(chats.size(), 2);
    QCOMPARE(chats[0].id, 20); // newest last message first
    QCOMPARE(chats[1].unreadCount, 3);
    QCOMPARE(chats[1].peerUserId, kPeer);
    QCOMPARE(chats[1].lastText, QStringLiteral("c"));
    QCOMPARE(chats[1].lastState, OutgoingState::None);

    s.apply({{7, protocol::ReadInboxUpdate{10, 101}}}, 7);
    QCOMPARE(s.chat(10).unreadCount, 1);
    s.markReadLocally(10, 102);
    QCOMPARE(s.chat(10).unreadCount, 0);
    s.apply({{8, protocol::ReadInboxUpdate{10, 100}}}, 8); // an older mark moves nothing
    QCOMPARE(s.chat(10).unreadCount, 0);

    s.apply({newMessage(9, message(104, 10, kSelf, QStringLiteral("mine")))}, 9);
    QCOMPARE(s.chat(10).lastState, OutgoingState::Sent);
    QCOMPARE(s.chat(10).unreadCount, 0); // own messages are never unread
    QCOMPARE(s.chats()[0].id, 10);       // moved to the top
    s.apply({{10, protocol::DeliveredUpdate{10, 104}}}, 10);
    QCOMPARE(s.chat(10).lastState, OutgoingState::Delivered);
    s.apply({{11, protocol::ReadOutboxUpdate{10, 104}}}, 11);
    QCOMPARE(s.chat(10).lastState, OutgoingState::Read);
    s.enqueue(10, QStringLiteral("typing more"), 5);
    QCOMPARE(s.chat(10).lastState, OutgoingState::Pending);
    QCOMPARE(s.chat(10).lastText, QStringLiteral("typing more"));
}

void TestProfileStore::catchUpSliceCountsUnreadOncePerMessage() {
    // One catch-up transaction of thousands of messages in two chats, with the user's own
    // messages and a read on another device in the middle: each chat row is written once per
    // run of messages (SyncWrites::applyUpdates), and must still show what each message would.
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    constexpr int kMessages = 5000;
    constexpr qint64 kFirstId = 1000;
    QList<protocol::LoggedUpdate> slice = {{1, protocol::NewChatUpdate{privateChat(10, kPeer)}},
                                           {2, protocol::NewChatUpdate{privateChat(20, 3)}}};
    qint64 readMark = 0;
    for (int i = 0; i < kMessages; ++i) {
        const qint64 id = kFirstId + i;
        const bool inTen = i % 3 != 0;
        const qint64 sender = inTen ? (i % 10 == 1 ? kSelf : kPeer) : 3;
        slice.append(newMessage(
            slice.size() + 1, message(id, inTen ? 10 : 20, sender, QStringLiteral("m%1").arg(id))));
        if (i == kMessages / 2) {
            readMark = id - 100; // read up to a message earlier in this same slice
            slice.append({slice.size() + 1, protocol::ReadInboxUpdate{10, readMark}});
        }
    }
    const qint64 pts = slice.size();
    int unreadTen = 0;
    int unreadTwenty = 0;
    for (int i = 0; i < kMessages; ++i) {
        const qint64 id = kFirstId + i;
        if (i % 3 == 0)
            ++unreadTwenty;
        else if (i % 10 != 1 && id > readMark)
            ++unreadTen;
    }
    s.apply(slice, pts);
    QCOMPARE(s.chat(10).unreadCount, unreadTen);
    QCOMPARE(s.chat(20).unreadCount, unreadTwenty);
    QCOMPARE(s.chat(10).lastText, QStringLiteral("m%1").arg(kFirstId + kMessages - 1));
    QCOMPARE(s.chat(20).lastText, QStringLiteral("m%1").arg(kFirstId + kMessages - 2));
    QCOMPARE(s.chats().value(0).id, 10); // the newest message is chat 10's
    QCOMPARE(s.account()->pts, pts);

    s.apply(slice, pts); // a replay (the difference asked again after a reconnect)
    QCOMPARE(s.chat(10).unreadCount, unreadTen);
    QCOMPARE(s.chat(20).unreadCount, unreadTwenty);
}

void TestProfileStore::searchFindsWordsOffline() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.apply({newMessage(1, message(100, 10, kPeer, QStringLiteral("Привет, МИР! Как дела?"))),
             newMessage(2, message(101, 11, kPeer, QStringLiteral("Hello World from Ölaf"))),
             newMessage(3, message(102, 11, kPeer, QStringLiteral("nothing to see or near")))},
            3);
    QCOMPARE(s.search(QStringLiteral("мир")).size(), 1);
    QCOMPARE(s.search(QStringLiteral("ПРИВЕТ")).value(0).serverId, 100);
    QCOMPARE(s.search(QStringLiteral("дел")).size(), 1); // word prefix
    QCOMPARE(s.search(QStringLiteral("hello world")).value(0).chatId, 11);
    QCOMPARE(s.search(QStringLiteral("ölaf")).size(), 1);
    QVERIFY(s.search(QStringLiteral("hello мир")).isEmpty()); // every word must match
    // Query operators typed by the user are plain words, never a syntax error.
    QCOMPARE(s.search(QStringLiteral("\"nothing\" OR -to NEAR( see*")).value(0).serverId, 102);
    QVERIFY(s.search(QString()).isEmpty());
    const auto hit = s.search(QStringLiteral("world")).value(0);
    QVERIFY(hit.snippet.contains(QStringLiteral("World")));
    QVERIFY(hit.localId > 0);
}

void TestProfileStore::searchFindsPartsOfWordsNewestFirst() {
    // What a user types is often the middle of a word: "flow" must find "overflow", in any
    // case and script, and the newest message (by date, not by storage order) comes first.
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    protocol::Message older = message(100, 10, kPeer, QStringLiteral("Stack OVERFLOW again"));
    older.date = 1'000;
    protocol::Message newer = message(101, 11, kPeer, QStringLiteral("the workflow is fine"));
    newer.date = 2'000;
    protocol::Message russian = message(102, 11, kPeer, QStringLiteral("Приветствую всех"));
    russian.date = 1'500;
    // The newer message is stored first (as history fetched later would be).
    s.apply({newMessage(1, newer), newMessage(2, older), newMessage(3, russian)}, 3);
    const auto flow = s.search(QStringLiteral("flow"));
    QCOMPARE(flow.size(), 2);
    QCOMPARE(flow[0].serverId, 101);
    QCOMPARE(flow[1].serverId, 100);
    QVERIFY(flow[1].snippet.contains(QStringLiteral("OVERFLOW")));
    QCOMPARE(s.search(QStringLiteral("ВЕТСТ")).value(0).serverId, 102);
    QCOMPARE(s.search(QStringLiteral("over again")).value(0).serverId, 100); // every word
    QVERIFY(s.search(QStringLiteral("flow Привет")).isEmpty());
    QVERIFY(s.search(QStringLiteral("flows")).isEmpty());
}

void TestProfileStore::searchReachesOlderHistoryThroughTheIndex() {
    // Past the newest 5,000 messages search uses the full-text index: words and word prefixes,
    // still newest first; a part inside a word is found in the newest ones only.
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    constexpr qint64 kMessages = 10'100;
    QList<protocol::LoggedUpdate> updates;
    for (qint64 id = 1; id <= kMessages; ++id) {
        const bool needle = id == 5 || id == 50 || id == kMessages - 10;
        updates.append(newMessage(id, message(id, 10, kPeer,
                                              needle ? QStringLiteral("a Needles here %1").arg(id)
                                                     : QStringLiteral("filler %1").arg(id))));
    }
    s.apply(updates, kMessages);
    const auto hits = s.search(QStringLiteral("needle"));
    QCOMPARE(hits.size(), 3);
    QCOMPARE(hits[0].serverId, kMessages - 10);
    QCOMPARE(hits[1].serverId, 50);
    QCOMPARE(hits[2].serverId, 5);
    QVERIFY(hits[2].snippet.contains(QStringLiteral("Needles here 5")));
    const auto inside = s.search(QStringLiteral("eedle"));
    QCOMPARE(inside.size(), 1);
    QCOMPARE(inside[0].serverId, kMessages - 10);
}

void TestProfileStore::changedCarriesRowDiffs() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    s.login();
    QSignalSpy spy(s.store.get(), &ProfileStore::changed);
    s.apply({newMessage(1, message(100, 10, kSelf, QStringLiteral("a"))),
             newMessage(2, message(101, 10, kPeer, QStringLiteral("b")))},
            2);
    QTRY_COMPARE(spy.size(), 1);
    auto changes = spy.takeFirst().first().value<ChangeSet>();
    QCOMPARE(changes.insertedMessages.size(), 2);
    QCOMPARE(changes.insertedMessages[1].text, QStringLiteral("b"));
    QCOMPARE(changes.changedChatIds, QList<qint64>{10});
    QVERIFY(!changes.reset);

    s.apply({{3, protocol::ReadOutboxUpdate{10, 100}}}, 3);
    QTRY_COMPARE(spy.size(), 1);
    changes = spy.takeFirst().first().value<ChangeSet>();
    QCOMPARE(changes.chatsWithNewPositions, QList<qint64>{10});
    QVERIFY(changes.insertedMessages.isEmpty());

    s.apply({newMessage(2, message(101, 10, kPeer, QStringLiteral("b")))}, 3); // replay
    s.chats(); // a read flushes; nothing changed, so no signal
    QCoreApplication::processEvents();
    QCOMPARE(spy.size(), 0);

    protocol::ChatSummary summary;
    summary.chat = privateChat(10, kPeer);
    summary.unreadCount = 7;
    s.replaceChats({summary}, 50);
    QTRY_COMPARE(spy.size(), 1);
    QVERIFY(spy.takeFirst().first().value<ChangeSet>().reset);
    QCOMPARE(s.chat(10).unreadCount, 7);
    QCOMPARE(s.messages(10, 0, 10).size(), 2); // cached messages kept
}

void TestProfileStore::callbackDroppedWhenContextIsGone() {
    QTemporaryDir dir;
    Store s;
    QVERIFY(s.open(dir.path()).ok());
    bool staleCalled = false;
    auto context = std::make_unique<QObject>();
    s.store->read([](ReadTransaction &tx) { return ChatsTable::loadAll(tx); }, context.get(),
                  [&](QList<ChatRecord>) { staleCalled = true; });
    context.reset();
    s.chats(); // completes after the first read
    QCoreApplication::processEvents();
    QVERIFY(!staleCalled);
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profile_store.moc"
