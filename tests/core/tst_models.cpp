// Every model of the core QML modules under QAbstractItemModelTester (fatal) while rows are
// inserted, updated, moved and paged from a real encrypted profile store.
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/devices/device_list_model.h"
#include "core/messages/message_list_model.h"
#include "core/search/history_search_model.h"
#include "core/search/user_search_model.h"
#include "core_test_helpers.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using core::MessageState;
constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

namespace {
constexpr qint64 kSelf = 1;
constexpr qint64 kDay = 24 * 3600 * 1000;
const qint64 kBase = QDateTime(QDate(2024, 3, 1), QTime(12, 0)).toMSecsSinceEpoch();

protocol::Chat privateChat(qint64 id, qint64 peer) {
    return {id, protocol::ChatKind::Private, {}, {kSelf, peer}, kBase};
}
protocol::Message message(qint64 id, qint64 chatId, qint64 sender, const QString &text,
                          qint64 date) {
    return {id, chatId, sender, date, text, 0};
}
int stateOf(const QAbstractItemModel &m, int row, int role) {
    return m.data(m.index(row, 0), role).toInt();
}
} // namespace

class TstModels : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::ProfileStore> m_store;
    std::unique_ptr<core::CoreContext> m_context;
    qint64 m_pts = 0;

    // Applies updates as the sync engine would, and waits until they are committed.
    bool apply(const QList<protocol::Update> &updates) {
        QList<protocol::LoggedUpdate> logged;
        for (const protocol::Update &u : updates)
            logged.append({++m_pts, u});
        bool done = false;
        m_store->write(
            [logged, pts = m_pts](storage::WriteTransaction &tx) {
                core::SyncWrites::applyUpdates(tx, logged, pts);
            },
            this, [&done] { done = true; });
        return QTest::qWaitFor([&] { return done; }, 60'000);
    }

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<storage::ProfileStore>();
        QVERIFY(test::openStore(*m_store, m_dir->path()));
        // The store knows who "we" are from the account, as after a real sign-in.
        storage::AccountState account;
        account.userId = kSelf;
        account.deviceId = 1;
        account.username = QStringLiteral("me");
        account.token = QStringLiteral("not-a-real-token");
        test::saveAccount(*m_store, account);
        m_context = std::make_unique<core::CoreContext>(m_store.get());
        m_context->setSelfUserId(kSelf);
        m_pts = 0;
    }

    void cleanup() {
        m_context.reset();
        m_store.reset();
        m_dir.reset();
    }

    void chatListMovesNewestActivityToTopWithoutReset() {
        core::ChatListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.load();
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(10, 2)},
                       protocol::NewChatUpdate{privateChat(11, 3)},
                       protocol::NewMessageUpdate{message(100, 10, 2, "older", kBase + 1000)},
                       protocol::NewMessageUpdate{message(101, 11, 3, "newer", kBase + 2000)}}));
        QTRY_COMPARE(model.rowCount(), 2);
        QTRY_COMPARE(model.data(model.index(0), core::ChatListModel::ChatIdRole).toLongLong(), 11);

        QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);
        QVERIFY(apply({protocol::NewMessageUpdate{message(102, 10, 2, "newest", kBase + 3000)}}));
        QTRY_COMPARE(model.data(model.index(0), core::ChatListModel::ChatIdRole).toLongLong(), 10);
        QCOMPARE(model.data(model.index(0), core::ChatListModel::LastTextRole).toString(),
                 QStringLiteral("newest"));
        QTRY_COMPARE(model.data(model.index(0), core::ChatListModel::UnreadCountRole).toInt(), 2);
        QVERIFY(moves.count() >= 1);

        // Private chats are titled with the peer's name once it is known.
        m_store->write([](storage::WriteTransaction &tx) {
            storage::UsersTable::store(tx,
                                       {{2, QStringLiteral("bob"), QStringLiteral("Bob Builder")}});
        });
        emit m_context->usersUpdated();
        QTRY_COMPARE(model.data(model.index(0), core::ChatListModel::TitleRole).toString(),
                     QStringLiteral("Bob Builder"));
        QCOMPARE(resets.count(), 0);
    }

    void secretChatsAreMarkedInTheChatList() {
        core::ChatListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        model.load();
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(10, 2)}}));
        // A secret chat's row (as core/secret writes it): a negative id, the same peer.
        m_store->write([](storage::WriteTransaction &tx) {
            storage::ChatsTable::store(tx, {-1, storage::ChatKind::Private, {}, {kSelf, 2}});
        });
        QTRY_COMPARE(model.rowCount(), 2);
        for (int row = 0; row < 2; ++row) {
            const qint64 id =
                model.data(model.index(row), core::ChatListModel::ChatIdRole).toLongLong();
            QCOMPARE(model.data(model.index(row), core::ChatListModel::IsSecretRole).toBool(),
                     id < 0);
        }
        QVERIFY(model.roleNames().values().contains("isSecret"));
        // Without a session there is nothing to encrypt with: refused, nothing stored.
        const qint64 localId = test::await<qint64>([&](QObject *ctx, auto done) {
            m_context->sendText(-1, QStringLiteral("no session yet"), ctx, done);
        });
        QCOMPARE(localId, 0);
        QVERIFY(test::messages(*m_store, -1).isEmpty());
    }

    void aNameArrivingLaterShowsAlikeInTheChatListAndTheChat() {
        // 120 chats (more than a screen), each with messages from its peer; no names stored.
        constexpr int kChats = 120;
        QList<protocol::Update> updates;
        for (int i = 0; i < kChats; ++i) {
            const qint64 chatId = 1000 + i;
            const qint64 peer = 500 + i;
            updates.append(protocol::NewChatUpdate{privateChat(chatId, peer)});
            for (int m = 0; m < 3; ++m)
                updates.append(protocol::NewMessageUpdate{message(i * 10 + m + 1, chatId, peer,
                                                                  QStringLiteral("hi %1").arg(m),
                                                                  kBase + (i * 10 + m) * 1000)});
        }
        QVERIFY(apply(updates));
        core::ChatListModel chats(m_context.get());
        QAbstractItemModelTester chatsTester(&chats, Fatal);
        chats.load();
        QTRY_COMPARE(chats.rowCount(), kChats);
        core::MessageListModel chat(m_context.get());
        QAbstractItemModelTester chatTester(&chat, Fatal);
        chat.setChatId(1000); // the oldest chat: the last row of the chat list
        QTRY_COMPARE(chat.rowCount(), 3);
        const int lastRow = kChats - 1;
        QCOMPARE(chats.data(chats.index(lastRow), core::ChatListModel::ChatIdRole).toLongLong(),
                 1000);
        QVERIFY(
            chats.data(chats.index(lastRow), core::ChatListModel::TitleRole).toString().isEmpty());

        // The sync engine stores the peer's name: the chat list's title and every sender name in
        // the chat change together; a user without a display name shows the username.
        m_store->write([](storage::WriteTransaction &tx) {
            storage::UsersTable::store(tx,
                                       {{500, QStringLiteral("ann"), QStringLiteral("Ann Example")},
                                        {501, QStringLiteral("bert"), QString()}});
        });
        emit m_context->usersUpdated();
        QTRY_COMPARE(chats.data(chats.index(lastRow), core::ChatListModel::TitleRole).toString(),
                     QStringLiteral("Ann Example"));
        QCOMPARE(chats.data(chats.index(lastRow - 1), core::ChatListModel::TitleRole).toString(),
                 QStringLiteral("bert"));
        for (int row = 0; row < chat.rowCount(); ++row)
            QCOMPARE(chat.data(chat.index(row), core::MessageListModel::SenderNameRole).toString(),
                     QStringLiteral("Ann Example"));
    }

    void messageListPagesOnlyTheVisibleWindow() {
        constexpr int kMessages = 100'000;
        constexpr int kBatch = 10'000;
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(20, 2)}}));
        for (int first = 1; first <= kMessages; first += kBatch) {
            QList<protocol::Update> batch;
            for (int id = first; id < first + kBatch; ++id)
                batch.append(protocol::NewMessageUpdate{message(
                    id, 20, id % 2 ? 2 : kSelf, QStringLiteral("m%1").arg(id), kBase + id * 1000)});
            QVERIFY(apply(batch));
        }

        core::MessageListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setChatId(20);
        QTRY_COMPARE(model.rowCount(), core::MessageListModel::kPageSize);
        QCOMPARE(model.data(model.index(model.rowCount() - 1), core::MessageListModel::TextRole)
                     .toString(),
                 QStringLiteral("m%1").arg(kMessages));
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 2 * core::MessageListModel::kPageSize);
        QCOMPARE(model.data(model.index(0), core::MessageListModel::TextRole).toString(),
                 QStringLiteral("m%1").arg(kMessages - 2 * core::MessageListModel::kPageSize + 1));

        // A new message is appended as one row insert at the end. QAbstractItemModelTester
        // itself calls fetchMore() when it re-checks the model after that insert, so an older
        // page may also arrive, but only ever as an insert at the top.
        const int before = model.rowCount();
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(apply({protocol::NewMessageUpdate{
            message(kMessages + 1, 20, 2, "fresh", kBase + (kMessages + 1) * 1000)}}));
        QTRY_COMPARE(model.data(model.index(model.rowCount() - 1), core::MessageListModel::TextRole)
                         .toString(),
                     QStringLiteral("fresh"));
        int appended = 0;
        for (const QList<QVariant> &insert : std::as_const(inserts)) {
            const int first = insert.at(1).toInt();
            const int last = insert.at(2).toInt();
            if (first >= before) {
                QCOMPARE(last, first); // the one new message, one row
                ++appended;
            } else {
                QCOMPARE(first, 0); // an older page, prepended
            }
        }
        QCOMPARE(appended, 1);
        QVERIFY(model.rowCount() <= 3 * core::MessageListModel::kPageSize + 1);
        QCOMPARE(resets.count(), 0);
    }

    void dayStartMarksTheFirstMessageOfEachDay() {
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(30, 2)},
                       protocol::NewMessageUpdate{message(1, 30, 2, "a", kBase)},
                       protocol::NewMessageUpdate{message(2, 30, 2, "b", kBase + 1000)},
                       protocol::NewMessageUpdate{message(3, 30, 2, "c", kBase + kDay)}}));
        core::MessageListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        model.setChatId(30);
        QTRY_COMPARE(model.rowCount(), 3);
        QVERIFY(model.data(model.index(0), core::MessageListModel::DayStartRole).toBool());
        QVERIFY(!model.data(model.index(1), core::MessageListModel::DayStartRole).toBool());
        QVERIFY(model.data(model.index(2), core::MessageListModel::DayStartRole).toBool());
        QVERIFY(!model.canFetchMore({}));
    }

    void outgoingMessageGoesPendingSentDeliveredRead() {
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(40, 2)}}));
        core::MessageListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        core::ChatListModel chats(m_context.get());
        QAbstractItemModelTester chatsTester(&chats, Fatal);
        chats.load();
        model.setChatId(40);
        QTRY_COMPARE(chats.rowCount(), 1);

        QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);
        model.send(QStringLiteral("hello"));
        QTRY_COMPARE(model.rowCount(), 1);
        const int stateRole = core::MessageListModel::StateRole;
        QCOMPARE(stateOf(model, 0, stateRole), int(core::MessageStateNs::Pending));
        QVERIFY(model.data(model.index(0), core::MessageListModel::OutgoingRole).toBool());
        QCOMPARE(model.data(model.index(0), core::MessageListModel::MessageIdRole).toLongLong(), 0);

        const auto outbox = test::outbox(*m_store);
        QCOMPARE(outbox.size(), 1);
        protocol::Message sent = message(500, 40, kSelf, "hello", kBase);
        sent.randomId = outbox.first().randomId;
        test::markSent(*m_store, sent);
        QTRY_COMPARE(stateOf(model, 0, stateRole), int(core::MessageStateNs::Sent));
        QCOMPARE(model.data(model.index(0), core::MessageListModel::MessageIdRole).toLongLong(),
                 500);

        QVERIFY(apply({protocol::DeliveredUpdate{40, 500}}));
        QTRY_COMPARE(stateOf(model, 0, stateRole), int(core::MessageStateNs::Delivered));
        QVERIFY(apply({protocol::ReadOutboxUpdate{40, 500}}));
        QTRY_COMPARE(stateOf(model, 0, stateRole), int(core::MessageStateNs::Read));
        QTRY_COMPARE(stateOf(chats, 0, core::ChatListModel::LastOutgoingStateRole),
                     int(core::MessageStateNs::Read));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(removals.count(), 0);
    }

    // A search hit opens the chat and jumps at once (ChatPage does both in one go): the jump's
    // window must show the chat's delivery marks, read when the chat was set. (The jump used to
    // drop that answer as stale, so every outgoing message showed a single tick, Sent.)
    void jumpRightAfterOpeningKeepsTheDeliveryMarks() {
        constexpr int kMessages = 200; // the hit lies outside the newest page
        QList<protocol::Update> updates{protocol::NewChatUpdate{privateChat(45, 2)}};
        for (int id = 1; id <= kMessages; ++id)
            updates.append(protocol::NewMessageUpdate{
                message(id, 45, kSelf, QStringLiteral("m%1").arg(id), kBase + id * 1000)});
        updates.append(protocol::DeliveredUpdate{45, 150});
        updates.append(protocol::ReadOutboxUpdate{45, 100});
        QVERIFY(apply(updates));
        const QList<storage::MessageRecord> stored = test::messages(*m_store, 45, kMessages);
        QCOMPARE(stored.size(), kMessages);
        auto localIdOf = [&](qint64 serverId) {
            for (const storage::MessageRecord &m : stored) {
                if (m.serverId == serverId)
                    return m.localId;
            }
            return qint64(0);
        };

        const int stateRole = core::MessageListModel::StateRole;
        for (const auto &[hit, expected] : {std::pair{20, core::MessageStateNs::Read},
                                            std::pair{120, core::MessageStateNs::Delivered}}) {
            core::MessageListModel model(m_context.get());
            QAbstractItemModelTester tester(&model, Fatal);
            QSignalSpy ready(&model, &core::MessageListModel::jumpReady);
            model.setChatId(45);
            QCOMPARE(model.jumpTo(localIdOf(hit)), -1); // not loaded yet: jumpReady follows
            QVERIFY(ready.wait());
            const int row = ready.first().first().toInt();
            QVERIFY(row >= 0);
            QCOMPARE(
                model.data(model.index(row), core::MessageListModel::MessageIdRole).toLongLong(),
                hit);
            QTRY_COMPARE(stateOf(model, row, stateRole), int(expected));
            // Past the delivered mark: sent only.
            const int last = model.rowCount() - 1;
            const qint64 lastId =
                model.data(model.index(last), core::MessageListModel::MessageIdRole).toLongLong();
            if (lastId > 150)
                QCOMPARE(stateOf(model, last, stateRole), int(core::MessageStateNs::Sent));
        }
    }

    // One rule for the delivery state: a message the server refused for good shows "failed"
    // in the chat AND as the chat list's last message (the list used to show a pending clock),
    // also when both are loaded afresh from the store.
    void refusedLastMessageShowsFailedInChatListToo() {
        QVERIFY(apply({protocol::NewChatUpdate{privateChat(41, 2)}}));
        core::MessageListModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        core::ChatListModel chats(m_context.get());
        QAbstractItemModelTester chatsTester(&chats, Fatal);
        chats.load();
        model.setChatId(41);
        QTRY_COMPARE(chats.rowCount(), 1);
        model.send(QStringLiteral("refused"));
        QTRY_COMPARE(model.rowCount(), 1);
        const int stateRole = core::MessageListModel::StateRole;
        const int lastStateRole = core::ChatListModel::LastOutgoingStateRole;
        QTRY_COMPARE(stateOf(chats, 0, lastStateRole), int(core::MessageStateNs::Pending));

        const auto outbox = test::outbox(*m_store);
        QCOMPARE(outbox.size(), 1);
        const qint64 localId = outbox.first().localId;
        // What the outbox does when the server refuses a message for good.
        m_store->write([localId](storage::WriteTransaction &tx) {
            storage::MessagesTable::markFailed(tx, localId);
        });
        emit m_context->sendFailed(localId);
        QTRY_COMPARE(stateOf(model, 0, stateRole), int(core::MessageStateNs::Failed));
        QTRY_COMPARE(stateOf(chats, 0, lastStateRole), int(core::MessageStateNs::Failed));

        core::ChatListModel reloadedChats(m_context.get());
        reloadedChats.load();
        QTRY_COMPARE(reloadedChats.rowCount(), 1);
        QCOMPARE(stateOf(reloadedChats, 0, lastStateRole), int(core::MessageStateNs::Failed));
        core::MessageListModel reloaded(m_context.get());
        reloaded.setChatId(41);
        QTRY_COMPARE(reloaded.rowCount(), 1);
        QTRY_COMPARE(stateOf(reloaded, 0, stateRole), int(core::MessageStateNs::Failed));
    }

    void historySearchFindsLocalMessages() {
        QVERIFY(
            apply({protocol::NewChatUpdate{privateChat(50, 2)},
                   protocol::NewMessageUpdate{message(1, 50, 2, "banana split", kBase)},
                   protocol::NewMessageUpdate{message(2, 50, 2, "apple pie", kBase + 1)},
                   protocol::NewMessageUpdate{message(3, 50, kSelf, "more banana", kBase + 2)}}));
        core::HistorySearchModel model(m_context.get());
        QAbstractItemModelTester tester(&model, Fatal);
        QSignalSpy finished(&model, &core::HistorySearchModel::searchFinished);
        model.setQuery(QStringLiteral("banana"));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0), core::HistorySearchModel::ChatIdRole).toLongLong(), 50);
        model.setQuery(QStringLiteral("apple"));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(model.rowCount(), 1);
    }

    void userAndDeviceListsApplyDiffs() {
        core::UserSearchModel users(m_context.get());
        QAbstractItemModelTester usersTester(&users, Fatal);
        users.setResults({{2, "bob", "Bob"}, {3, "bobby", "Bobby"}});
        QCOMPARE(users.rowCount(), 2);
        QCOMPARE(users.data(users.index(1), core::UserSearchModel::UsernameRole).toString(),
                 QStringLiteral("bobby"));
        users.setResults({{2, "bob", "Bob"}});
        QCOMPARE(users.rowCount(), 1);

        core::DeviceListModel devices(m_context.get());
        QAbstractItemModelTester devicesTester(&devices, Fatal);
        devices.setDevices({{1, "laptop", 0, 10, true}, {2, "phone", 0, 20, false}});
        QCOMPARE(devices.rowCount(), 2);
        QSignalSpy changes(&devices, &QAbstractItemModel::dataChanged);
        devices.setDevices({{1, "laptop", 0, 30, true}, {3, "tablet", 0, 5, false}});
        QCOMPARE(devices.rowCount(), 2);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(devices.data(devices.index(1), core::DeviceListModel::NameRole).toString(),
                 QStringLiteral("tablet"));
        QVERIFY(devices.data(devices.index(0), core::DeviceListModel::CurrentRole).toBool());
    }
};

QTEST_GUILESS_MAIN(TstModels)
#include "tst_models.moc"
