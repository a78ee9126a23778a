// Contacts, blocking and profiles (docs/protocol.md §14) through the REAL msgr-server and the
// real sync engine: invitations made here and by others reach the Contacts page live (pending,
// then accepted or denied, on both sides), the page opens from the store after a restart with
// no server; a block stops messages both ways with the server's typed error; profile edits
// made here reach another user, and a username taken is refused with its own sentence.
#include "client_app.h"
#include "core/contacts/contacts_model.h"
#include "core/contacts/profile_model.h"
#include "core_test_helpers.h"
#include "protocol/api/contacts.h"
#include "protocol/api/messages.h"
#include "protocol/api/profiles.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using core::ContactsModel;
using core::ProfileModel;

namespace {
const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_contacts_sync")) {}
};

//! The section the model shows the user in ("" when absent; the first one when several).
QString sectionOf(const ContactsModel &model, qint64 userId) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        if (qint64(model.data(i, ContactsModel::UserIdRole).toDouble()) == userId)
            return model.data(i, ContactsModel::SectionRole).toString();
    }
    return {};
}
bool inSection(const ContactsModel &model, qint64 userId, const QString &section) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        if (qint64(model.data(i, ContactsModel::UserIdRole).toDouble()) == userId &&
            model.data(i, ContactsModel::SectionRole).toString() == section)
            return true;
    }
    return false;
}
api::ContactStatus statusSeenBy(TestClient &client, api::ContactFilter filter, qint64 userId) {
    api::ListContacts request;
    request.filter = filter;
    const auto listed = client.call(request);
    if (!listed.ok())
        return api::ContactStatus::None;
    for (const api::ContactEntry &e : listed.value->entries)
        if (e.profile.user.id == userId)
            return e.status;
    return api::ContactStatus::None;
}
} // namespace

class TstContactsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void invitationsAcceptedAndDeniedLiveAndAfterARestart() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob, carol;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QVERIFY(carol.connectTo(server.wsUrl()));
        QVERIFY(!carol.signUp(QStringLiteral("carol"), kPassword).isEmpty());

        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        QVERIFY(laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId()) > 0);
        const qint64 alice = laptop->userId;

        auto model = std::make_unique<ContactsModel>(laptop->context.get());
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        // Alice invites bob from the page: pending on her side, an invitation on his.
        model->invite(QStringLiteral("@Bob"));
        test::awaitCondition([&] { return sectionOf(*model, bob.userId()) == "outgoing"; },
                             "bob in alice's outgoing section");
        QCOMPARE(statusSeenBy(bob, api::ContactFilter::Incoming, alice),
                 api::ContactStatus::Incoming);
        // Carol invites alice: it reaches the page live (contactChanged).
        MSGR_VERIFY_OK(carol.call(api::InviteContact{QStringLiteral("alice")}));
        test::awaitCondition([&] { return sectionOf(*model, carol.userId()) == "incoming"; },
                             "carol's invitation on alice's page");
        QCOMPARE(model->incomingCount(), 1);

        // Bob accepts: a contact on alice's page, live.
        MSGR_VERIFY_OK(bob.call(api::AcceptContact{alice}));
        test::awaitCondition([&] { return sectionOf(*model, bob.userId()) == "contacts"; },
                             "bob among alice's contacts");
        // Alice denies carol: gone from her page; carol sees "denied".
        QSignalSpy done(model.get(), &ContactsModel::actDone);
        model->deny(double(carol.userId()));
        QVERIFY(done.wait());
        test::awaitCondition([&] { return sectionOf(*model, carol.userId()).isEmpty(); },
                             "carol's invitation gone");
        QCOMPARE(statusSeenBy(carol, api::ContactFilter::Outgoing, alice),
                 api::ContactStatus::Denied);
        QVERIFY(model->errorText().isEmpty());

        // Restarted with the server gone: the page opens from the store as it was.
        model.reset();
        laptop.reset();
        server.stop();
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        ContactsModel cached(laptop->context.get());
        test::awaitCondition([&] { return cached.loaded(); }, "the stored rows read");
        QCOMPARE(sectionOf(cached, bob.userId()), QStringLiteral("contacts"));
        QCOMPARE(sectionOf(cached, carol.userId()), QString());
        QCOMPARE(cached.data(cached.index(0), ContactsModel::DisplayNameRole).toString(),
                 QStringLiteral("bob"));
        // Offline, an act is refused at once with a sentence.
        cached.invite(QStringLiteral("carol"));
        test::awaitCondition([&] { return !cached.errorText().isEmpty(); }, "offline refusal");
    }

    void aBlockStopsMessagesBothWaysWithTheTypedError() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        ClientApp laptop(dir.path(), server.wsUrl());
        QVERIFY(laptop.opened);
        const qint64 chat =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chat > 0);
        ContactsModel model(laptop.context.get());
        ProfileModel bobProfile;
        bobProfile.setContext(laptop.context.get());
        bobProfile.setUserId(double(bob.userId()));

        model.block(double(bob.userId()));
        test::awaitCondition([&] { return inSection(model, bob.userId(), "blocked"); },
                             "bob in the blocked section");
        test::awaitCondition([&] { return bobProfile.blocked(); },
                             "the chat's bar knows bob is blocked");
        // Bob cannot write to alice...
        api::SendMessage toAlice;
        toAlice.chatId = chat;
        toAlice.randomId = 7;
        toAlice.text = QStringLiteral("hi");
        QVERIFY(!bob.call(toAlice).ok());
        QCOMPARE(bob.lastErrorName(), QStringLiteral("USER_BLOCKED"));
        // ...nor alice to bob: the message fails with the server's words.
        QSignalSpy failed(laptop.engine, &core::SyncEngine::sendFailed);
        laptop.context->sendText(chat, QStringLiteral("are you there?"));
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(1).toString(),
                 QStringLiteral("you blocked this user: unblock them first"));

        // Unblocked from the chat's bar: messages flow again.
        bobProfile.setBlocked(false);
        test::awaitCondition([&] { return !inSection(model, bob.userId(), "blocked"); },
                             "bob unblocked");
        QVERIFY(!bobProfile.blocked());
        toAlice.randomId = 8;
        MSGR_VERIFY_OK(bob.call(toAlice));
    }

    void profileEditsReachTheOtherUser() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        ClientApp laptop(dir.path(), server.wsUrl());
        QVERIFY(laptop.opened);
        QVERIFY(laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId()) > 0);
        const qint64 alice = laptop.userId;

        ProfileModel mine;
        mine.setContext(laptop.context.get());
        test::awaitCondition([&] { return mine.fresh(); }, "own profile loaded");
        QCOMPARE(mine.username(), QStringLiteral("alice"));

        // A username taken: refused with its own sentence, nothing else lost.
        QSignalSpy errors(&mine, &ProfileModel::errorTextChanged);
        mine.save(QStringLiteral("Alice"), QString(), QStringLiteral("bob"));
        QVERIFY(errors.wait());
        QVERIFY2(mine.errorText().contains(QStringLiteral("taken")), qPrintable(mine.errorText()));

        // Name, about and username together: bob sees them all.
        QSignalSpy saved(&mine, &ProfileModel::saved);
        mine.save(QStringLiteral("Alice Liddell"), QStringLiteral("down the rabbit hole"),
                  QStringLiteral("@Alice_L"));
        QVERIFY(saved.wait());
        QVERIFY(mine.errorText().isEmpty());
        QCOMPARE(mine.username(), QStringLiteral("alice_l"));
        const auto seen = bob.call(api::GetProfiles{{alice}});
        MSGR_VERIFY_OK(seen);
        QCOMPARE(seen.value->profiles.size(), 1);
        QCOMPARE(seen.value->profiles.first().user.displayName, QStringLiteral("Alice Liddell"));
        QCOMPARE(seen.value->profiles.first().user.username, QStringLiteral("alice_l"));
        QCOMPARE(seen.value->profiles.first().about, QStringLiteral("down the rabbit hole"));

        // Bob's profile as alice sees it: his about, and a last seen she may see.
        api::UpdateProfile bobsEdit;
        bobsEdit.setsAbout = true;
        bobsEdit.about = QStringLiteral("builder");
        MSGR_VERIFY_OK(bob.call(bobsEdit));
        ProfileModel his;
        his.setContext(laptop.context.get());
        his.setUserId(double(bob.userId()));
        test::awaitCondition([&] { return his.fresh(); }, "bob's profile loaded");
        QCOMPARE(his.about(), QStringLiteral("builder"));
        QVERIFY(his.lastSeenAt() > 0 || !his.lastSeen().isEmpty());
        QCOMPARE(his.contactStatus(), QStringLiteral("none"));
    }
};

QTEST_MAIN(TstContactsSync)
#include "tst_contacts_sync.moc"
