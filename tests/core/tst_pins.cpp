// core/pins against a fake RequestChannel and a real encrypted profile store, seen through the
// real ChatListModel (under QAbstractItemModelTester): pinned chats come first in pin order
// among 200 chats, a pinnedChats update from the log moves rows, the sixth pin and an offline
// pin are refused and change nothing, a new sign-in fetches the order, and a restart keeps it.
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/pins/pin_service.h"
#include "core_test_helpers.h"
#include "protocol/api/pins.h"
#include "storage/tables/pins_table.h"
#include "tests/support/fake_request_channel.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using core::ChatListModel;
using test::FakeRequestChannel;

namespace {
constexpr qint64 kSelf = 1;
constexpr int kChats = 200; // far more than one screen: the pinned ones must still come first
constexpr qint64 kBase = 1'700'000'000'000;

//! A refusal as PinService reports it.
struct Refusal {
    qint64 chatId = 0;
    bool pinned = false;
    QString code;
    QString message;
};
} // namespace

class TstPins : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<storage::ProfileStore> m_store;
    std::unique_ptr<core::CoreContext> m_context;
    std::unique_ptr<ChatListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<FakeRequestChannel> m_channel;
    std::unique_ptr<core::PinService> m_pins;
    qint64 m_pts = 0;

    void openProfile() {
        m_store = std::make_unique<storage::ProfileStore>();
        QVERIFY(test::openStore(*m_store, m_dir.path()));
        m_context = std::make_unique<core::CoreContext>(m_store.get());
        m_context->setSelfUserId(kSelf);
        m_model = std::make_unique<ChatListModel>(m_context.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_model->load();
        m_channel = std::make_unique<FakeRequestChannel>();
        m_pins = std::make_unique<core::PinService>(m_channel.get(), m_store.get());
    }
    void closeProfile() {
        m_pins.reset();
        m_channel.reset();
        m_tester.reset();
        m_model.reset();
        test::flush(*m_store);
        m_context.reset();
        m_store.reset();
    }

    //! Applies logged updates as the sync engine does, and waits for the commit.
    void apply(const QList<protocol::Update> &updates) {
        QList<protocol::LoggedUpdate> logged;
        for (const protocol::Update &u : updates)
            logged.append({++m_pts, u});
        test::awaitDone([&](QObject *context, auto done) {
            m_store->write(
                [logged, pts = m_pts](storage::WriteTransaction &tx) {
                    core::SyncWrites::applyUpdates(tx, logged, pts);
                },
                context, done);
        });
    }

    //! The chat ids of the list's first `count` rows.
    QList<qint64> topRows(int count) const {
        QList<qint64> ids;
        for (int row = 0; row < count && row < m_model->rowCount(); ++row)
            ids.append(m_model->data(m_model->index(row), ChatListModel::ChatIdRole).toLongLong());
        return ids;
    }
    bool pinnedAt(int row) const {
        return m_model->data(m_model->index(row), ChatListModel::PinnedRole).toBool();
    }
    //! Waits until the list's top rows are `ids` and the list holds every chat.
    void awaitTop(const QList<qint64> &ids) {
        test::awaitCondition(
            [&] { return m_model->rowCount() == kChats && topRows(int(ids.size())) == ids; },
            "the chat list's top rows");
    }
    //! What the account's chat list shows without pins: newest first, chat 200 on top.
    static QList<qint64> newestFirst(int count, const QList<qint64> &except = {}) {
        QList<qint64> ids;
        for (qint64 id = kChats; id >= 1 && ids.size() < count; --id)
            if (!except.contains(id))
                ids.append(id);
        return ids;
    }

    //! Answers the oldest request with the order the server would hold.
    void answerOrder(const QList<qint64> &order) {
        test::await<QList<qint64>>([&](QObject *context, auto done) {
            connect(m_pins.get(), &core::PinService::pinsStored, context, done);
            m_channel->answer(api::PinnedChatsResult{order, ++m_pts}.toCbor());
        });
    }
    Refusal awaitRefusal(const std::function<void()> &act) {
        return test::await<Refusal>([&](QObject *context, auto done) {
            connect(m_pins.get(), &core::PinService::pinRefused, context,
                    [done](qint64 chatId, bool pinned, const QString &code, const QString &why) {
                        done(Refusal{chatId, pinned, code, why});
                    });
            act();
        });
    }
    QList<qint64> storedOrder() {
        return test::read(
            *m_store, [](storage::ReadTransaction &tx) { return storage::PinsTable::load(tx); });
    }

private slots:
    void initTestCase() {
        qRegisterMetaType<storage::ChangeSet>();
        openProfile();
        // 200 chats, chat N's last message at kBase + N: newest first is 200, 199, ...
        QList<protocol::Update> updates;
        for (qint64 id = 1; id <= kChats; ++id) {
            updates.append(protocol::NewChatUpdate{
                protocol::Chat{id, protocol::ChatKind::Private, {}, {kSelf, 1000 + id}, kBase}});
            updates.append(protocol::NewMessageUpdate{
                protocol::Message{id, id, 1000 + id, kBase + id, QStringLiteral("hi"), 0}});
        }
        apply(updates);
        awaitTop(newestFirst(5));
        QVERIFY(!pinnedAt(0));
    }

    void aPinSendsTheRequestAndItsAnswerMovesTheChatToTheTop() {
        m_channel->setAuthorized(true);
        QCOMPARE(m_channel->pending().size(), 1); // authorized: the order is fetched
        QCOMPARE(m_channel->pending().first().method, QStringLiteral("chats.listPinned"));
        answerOrder({});

        m_pins->setPinned(17, true);
        QCOMPARE(m_channel->pendingCount(), 1);
        const FakeRequestChannel::Sent sent = m_channel->pending().first();
        QCOMPARE(sent.method, QString(api::SetChatPinned::method));
        QCOMPARE(api::SetChatPinned::decode(sent.args).value, (api::SetChatPinned{17, true}));
        answerOrder({17});
        awaitTop({17, 200, 199});
        QVERIFY(pinnedAt(0));
        QVERIFY(!pinnedAt(1));

        // Most recently pinned first, like Telegram; an old chat far down the list comes up.
        m_pins->setPinned(3, true);
        answerOrder({3, 17});
        awaitTop({3, 17, 200, 199});
        QVERIFY(pinnedAt(1));
    }

    void aPinnedChatsUpdateFromTheLogMovesTheRows() {
        // Another device pinned chat 120 and unpinned chat 3: the whole order comes in the log.
        apply({protocol::PinnedChatsUpdate{{120, 17}}});
        awaitTop({120, 17, 200, 199});
        QCOMPARE(storedOrder(), (QList<qint64>{120, 17}));
        // The same update again (a difference after a live push) changes nothing.
        apply({protocol::PinnedChatsUpdate{{120, 17}}});
        QCOMPARE(topRows(4), (QList<qint64>{120, 17, 200, 199}));
        // Chat 3 is back in its place by date, near the end of the list.
        QCOMPARE(m_model->rowOfChat(3), kChats - 3);
    }

    void theSixthPinIsRefusedAndNothingChanges() {
        apply({protocol::PinnedChatsUpdate{{5, 4, 3, 120, 17}}});
        awaitTop({5, 4, 3, 120, 17, 200});
        m_pins->setPinned(9, true);
        const Refusal refusal = awaitRefusal([&] {
            m_channel->fail(protocol::ErrorCode::LimitExceeded,
                            QStringLiteral("at most 5 chats can be pinned; unpin one first"));
        });
        QCOMPARE(refusal.chatId, 9);
        QVERIFY(refusal.pinned);
        QCOMPARE(refusal.code, QStringLiteral("LIMIT_EXCEEDED"));
        QVERIFY(refusal.message.contains(QStringLiteral("at most 5")));
        QCOMPARE(storedOrder(), (QList<qint64>{5, 4, 3, 120, 17}));
        QCOMPARE(topRows(6), (QList<qint64>{5, 4, 3, 120, 17, 200}));
    }

    void offlineAPinIsRefusedAtOnceAndALostLinkRefusesIt() {
        const qsizetype sentBefore = m_channel->history().size();
        m_channel->setAuthorized(false);
        const Refusal offline = awaitRefusal([&] { m_pins->setPinned(50, true); });
        QCOMPARE(offline.code, QStringLiteral("OFFLINE"));
        QCOMPARE(m_channel->history().size(), sentBefore); // nothing was sent, nothing queued

        m_channel->setAuthorized(true);
        answerOrder({5, 4, 3, 120, 17});
        m_pins->setPinned(5, false);
        const Refusal lost = awaitRefusal([&] { m_channel->loseConnection(); });
        QCOMPARE(lost.chatId, 5);
        QVERIFY(!lost.pinned);
        QCOMPARE(lost.code, QStringLiteral("OFFLINE"));
        QCOMPARE(storedOrder(), (QList<qint64>{5, 4, 3, 120, 17}));
    }

    void aNewSignInFetchesTheOrder() {
        m_channel->setAuthorized(false);
        m_channel->setAuthorized(true, kSelf, true);
        QCOMPARE(m_channel->pending().last().method, QStringLiteral("chats.listPinned"));
        answerOrder({199, 42});
        awaitTop({199, 42, 200, 198});
    }

    void aRestartKeepsThePinnedOrder() {
        closeProfile();
        openProfile(); // the same profile directory: a restart of the app
        awaitTop({199, 42, 200, 198});
        QVERIFY(pinnedAt(0));
        QVERIFY(pinnedAt(1));
        QVERIFY(!pinnedAt(2));
    }

    void cleanupTestCase() { closeProfile(); }
};

QTEST_GUILESS_MAIN(TstPins)
#include "tst_pins.moc"
