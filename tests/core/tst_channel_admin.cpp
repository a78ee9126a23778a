// A channel's info page model (core/channels/channel_info.h, docs/protocol.md §15.2) through the
// whole engine against the REAL msgr-server: the owner edits the title and description, makes a
// subscriber an admin and removes them again, and adds subscribers by @username; a second
// client (the subscriber's) sees each change live, from the channel's channelChanged entries.
// Refusals come back as the page's sentences (a too-long title, an unknown @username, a user
// who blocked the owner), and nothing changes then. The admins are stored: the owner's page
// shows them after a restart with the server gone. The subscriber count follows live on an
// open page as others join and leave. A post written with the server gone is stored pending
// and sent once (channels.post, through the outbox) when it is back.
#include "channel_apps.h"
#include "client_app.h"
#include "core/channels/channel_info.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "storage/tables/chats_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using test::TestClient;

namespace {
const QString kPassword = QStringLiteral("password123");

std::unique_ptr<test::ClientApp> signedUp(const QString &dir, const QUrl &url,
                                          const QString &name) {
    return test::signedUpChannelApp(dir, url, QStringLiteral("tst_channel_admin"), name,
                                    name.at(0).toUpper() + name.mid(1), kPassword);
}

QList<double> adminIdsOf(const core::ChannelInfo &info) {
    QList<double> ids;
    for (const QVariant &a : info.admins())
        ids.append(a.toMap().value(QStringLiteral("userId")).toDouble());
    return ids;
}
} // namespace

class TstChannelAdmin : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void theOwnerEditsPromotesAndAddsWhileASubscriberWatchesLive() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir olgaDir, samDir;
        auto olga = signedUp(olgaDir.path(), server.wsUrl(), QStringLiteral("olga"));
        auto sam = signedUp(samDir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(olga && sam);
        TestClient carol, dave;
        QVERIFY(carol.connectTo(server.wsUrl()));
        QVERIFY(!carol.signUp(QStringLiteral("carol"), kPassword).isEmpty());
        QVERIFY(dave.connectTo(server.wsUrl()));
        QVERIFY(!dave.signUp(QStringLiteral("dave"), kPassword).isEmpty());

        const auto created = test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
            olga->engine->createChannel(QStringLiteral("Desk"), QStringLiteral("Desks"),
                                        QStringLiteral("desk"), ctx, done);
        });
        QVERIFY2(created.ok(), qPrintable(created.code));
        const qint64 channel = created.channels.value(0).id;
        const auto subscribed =
            test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
                sam->engine->subscribeChannel(channel, ctx, done);
            });
        QVERIFY2(subscribed.ok(), qPrintable(subscribed.code));

        core::ChannelInfo owner;
        owner.setContext(olga->context.get());
        owner.setChannelId(double(channel));
        core::ChannelInfo watcher;
        watcher.setContext(sam->context.get());
        watcher.setChannelId(double(channel));
        QTRY_COMPARE(owner.subscriberCount(), 2.0);
        QTRY_COMPARE(watcher.subscriberCount(), 2.0);
        QCOMPARE(owner.role(), QStringLiteral("owner"));
        QVERIFY(owner.canEdit() && owner.canSetRoles() && !owner.canLeave());
        QCOMPARE(watcher.role(), QStringLiteral("subscriber"));
        QVERIFY(!watcher.canEdit() && !watcher.canSetRoles() && watcher.canLeave());
        QCOMPARE(watcher.name(), QStringLiteral("desk"));
        QTRY_COMPARE(watcher.ownerName(), QStringLiteral("Olga")); // fetched by the page

        // A title past 128 characters is refused before asking, with the limit in words.
        QSignalSpy done(&owner, &core::ChannelInfo::actionDone);
        owner.edit(QString(129, QLatin1Char('x')), QString());
        QVERIFY(owner.error().contains(QLatin1String("128")));
        QVERIFY(!owner.busy());

        // The edit: the subscriber's page and stored chat follow live.
        owner.edit(QStringLiteral("Desk news"), QStringLiteral("All about desks"));
        QVERIFY(done.wait());
        QCOMPARE(owner.error(), QString());
        QCOMPARE(owner.title(), QStringLiteral("Desk news"));
        QTRY_COMPARE(watcher.title(), QStringLiteral("Desk news"));
        QTRY_COMPARE(watcher.about(), QStringLiteral("All about desks"));
        QTRY_COMPARE(test::read(sam->store,
                                [channel](storage::ReadTransaction &tx) {
                                    return storage::ChatsTable::load(tx, channel)->title;
                                }),
                     QStringLiteral("Desk news"));

        // Sam made an admin by @username: the subscriber's page shows it, and its edit controls.
        owner.setAdminByUsername(QStringLiteral("@Sam"), true);
        QVERIFY(done.wait());
        QCOMPARE(adminIdsOf(owner), QList<double>{double(sam->userId)});
        QTRY_COMPARE(adminIdsOf(watcher), QList<double>{double(sam->userId)});
        QCOMPARE(watcher.role(), QStringLiteral("admin"));
        QVERIFY(watcher.canEdit() && !watcher.canSetRoles());

        // An admin edits too, and the owner's page follows.
        QSignalSpy watcherDone(&watcher, &core::ChannelInfo::actionDone);
        watcher.edit(QStringLiteral("Desk news"), QStringLiteral("Desks, chairs"));
        QVERIFY(watcherDone.wait());
        QTRY_COMPARE(owner.about(), QStringLiteral("Desks, chairs"));

        // Subscribers added by @username; an unknown one and a blocked one add nobody.
        owner.addSubscribers(QStringLiteral("@carol"));
        QVERIFY(done.wait());
        QCOMPARE(owner.subscriberCount(), 3.0);
        // The subscriber's open page follows the count live (a channelSubscribers push).
        QTRY_COMPARE(watcher.subscriberCount(), 3.0);
        const auto asCarol = carol.call(api::GetChannel{channel});
        MSGR_VERIFY_OK(asCarol);
        QVERIFY(asCarol.value->channel.role.has_value());

        owner.addSubscribers(QStringLiteral("@dave @nosuchuser"));
        QTRY_VERIFY(owner.error().contains(QLatin1String("@nosuchuser")));
        QVERIFY(!owner.busy());
        MSGR_VERIFY_OK(dave.call(api::SetBlocked{olga->userId, true}));
        owner.addSubscribers(QStringLiteral("dave"));
        QTRY_VERIFY(!owner.error().isEmpty());
        QCOMPARE(owner.error(), core::ChannelInfo::errorText(QStringLiteral("USER_BLOCKED"), {}));
        QCOMPARE(owner.subscriberCount(), 3.0);
        QCOMPARE(dave.call(api::GetChannel{channel}).value->channel.role.has_value(), false);

        // The admin cannot change roles (the server refuses too); the owner removes the admin.
        watcher.setAdmin(double(sam->userId), false);
        QTRY_VERIFY(!watcher.error().isEmpty());
        QCOMPARE(watcher.role(), QStringLiteral("admin"));
        owner.setAdmin(double(sam->userId), false);
        QVERIFY(done.wait());
        QTRY_COMPARE(watcher.role(), QStringLiteral("subscriber"));
        QVERIFY(adminIdsOf(watcher).isEmpty());
        QVERIFY(!watcher.canEdit());

        // Leaving, from the page: the row goes, the page says not subscribed.
        QSignalSpy left(&watcher, &core::ChannelInfo::left);
        watcher.leave();
        QVERIFY(left.wait());
        QTRY_COMPARE(watcher.role(), QString());
        QVERIFY(!watcher.canLeave() && !watcher.canEdit());
        QTRY_COMPARE(owner.subscriberCount(), 2.0); // the owner's open page, live
    }

    void aPostWrittenOfflineIsPendingThenSentOnce() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir olgaDir;
        auto olga = signedUp(olgaDir.path(), server.wsUrl(), QStringLiteral("olga"));
        QVERIFY(olga);
        const auto created = test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
            olga->engine->createChannel(QStringLiteral("Notes"), {}, QStringLiteral("offnotes"),
                                        ctx, done);
        });
        QVERIFY2(created.ok(), qPrintable(created.code));
        const qint64 channel = created.channels.value(0).id;

        // Written with the server gone: stored at once, pending, as a private message is.
        server.stop();
        std::optional<qint64> localId;
        olga->context->sendText(channel, QStringLiteral("written offline"), nullptr,
                                [&localId](qint64 id) { localId = id; });
        QTRY_VERIFY(localId.has_value());
        auto row = [&]() -> std::optional<storage::MessageRecord> {
            for (const storage::MessageRecord &m : test::messages(olga->store, channel))
                if (m.localId == *localId)
                    return m;
            return std::nullopt;
        };
        QVERIFY(row() && row()->pending && row()->serverId == 0);

        // Back online: the outbox sends it as channels.post, once; the row becomes the post.
        QVERIFY(server.start());
        // A send that reached the stopping server waits out the request timeout (30 s) first.
        QTRY_VERIFY_WITH_TIMEOUT(row() && !row()->pending && row()->serverId > 0, 90'000);
        QVERIFY(row()->failure == storage::SendFailure::None);
        TestClient reader;
        QVERIFY(reader.connectTo(server.wsUrl()));
        QVERIFY(!reader.signUp(QStringLiteral("reader"), kPassword).isEmpty());
        const auto history = reader.call(api::GetChannelHistory{channel, 0, 50});
        MSGR_VERIFY_OK(history);
        int copies = 0;
        for (const protocol::Message &m : history.value->messages)
            if (m.text == QLatin1String("written offline")) {
                ++copies;
                QCOMPARE(m.id, row()->serverId);
            }
        QCOMPARE(copies, 1);
    }

    void theAdminsShowOfflineAfterARestart() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir olgaDir, samDir;
        auto olga = signedUp(olgaDir.path(), server.wsUrl(), QStringLiteral("olga"));
        auto sam = signedUp(samDir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(olga && sam);
        const auto created = test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
            olga->engine->createChannel(QStringLiteral("Desk"), {}, QStringLiteral("deskstaff"),
                                        ctx, done);
        });
        QVERIFY2(created.ok(), qPrintable(created.code));
        const qint64 channel = created.channels.value(0).id;
        QVERIFY(test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
                    sam->engine->subscribeChannel(channel, ctx, done);
                }).ok());
        QVERIFY(test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
                    olga->engine->setChannelRole(channel, sam->userId, true, ctx, done);
                }).ok());
        const qint64 samId = sam->userId;

        // Restarted with the server gone: the page shows the admin from the store.
        olga.reset();
        server.stop();
        olga = std::make_unique<test::ClientApp>(olgaDir.path(), server.wsUrl(),
                                                 QStringLiteral("tst_channel_admin"));
        QVERIFY(olga->opened);
        olga->start();
        core::ChannelInfo offline;
        offline.setContext(olga->context.get());
        offline.setChannelId(double(channel));
        QTRY_COMPARE(adminIdsOf(offline), QList<double>{double(samId)});
        QCOMPARE(offline.role(), QStringLiteral("owner"));
        QCOMPARE(offline.subscriberCount(), 2.0);
    }
};

QTEST_GUILESS_MAIN(TstChannelAdmin)
#include "tst_channel_admin.moc"
