// Contacts, blocking and profiles through the real server (docs/protocol.md §14): an invitation
// goes pending → accepted, pending → denied (and may not be re-sent in the cool-off), and can
// be cancelled, each change reaching both users live; blocking stops private messages, group
// adds and invitations with USER_BLOCKED, and unblocking restores them; a username change
// frees the old name and a case-insensitive clash is refused; what a stranger and a contact
// see of last seen follows the owner's privacy setting.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;
using api::ContactStatus;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The entries of the contactChanged updates among `frames`.
QList<api::ContactEntry> contactChanges(const QList<protocol::UpdateFrame> &frames) {
    QList<api::ContactEntry> out;
    for (const auto &f : updatesOfType(frames, L("contactChanged"))) {
        if (auto u = protocol::ContactChangedUpdate::fromFields(f.update, nullptr))
            out.append(u->entry);
    }
    return out;
}
} // namespace

class TstContacts : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void anInvitationIsAcceptedAndBothSidesHearIt();
    void aDeniedInvitationCannotBeSentAgainAtOnce();
    void aCancelledInvitationLeavesTheInviteeIncomingList();
    void blockingStopsMessagesGroupAddsAndInvitations();
    void aUsernameChangeFreesTheOldNameAndClashesIgnoreCase();
    void lastSeenFollowsThePrivacySetting();
    void malformedRequestsGetTypedErrors();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    api::ContactsResult list(TestClient &client, api::ContactFilter filter);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol, m_dave;
};

std::unique_ptr<TestClient> TstContacts::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

api::ContactsResult TstContacts::list(TestClient &client, api::ContactFilter filter) {
    const auto reply = client.call(api::ListContacts{filter, 0, api::kMaxContactsPage});
    return reply.value.value_or(api::ContactsResult{});
}

void TstContacts::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    m_dave = user(QStringLiteral("dave"));
    QVERIFY(m_alice && m_bob && m_carol && m_dave);
}

void TstContacts::anInvitationIsAcceptedAndBothSidesHearIt() {
    // Usernames are case-insensitive: "BOB" names bob.
    const auto invited = m_alice->call(api::InviteContact{QStringLiteral("BOB")});
    MSGR_VERIFY_OK(invited);
    QCOMPARE(invited.value->entry.status, ContactStatus::Outgoing);
    QCOMPARE(invited.value->entry.profile.user.id, m_bob->userId());

    // Bob is told live (through his log, so his other devices see it too) and lists it.
    QVERIFY(m_bob->waitForUpdates(1));
    const QList<api::ContactEntry> told = contactChanges(m_bob->takeUpdates());
    QCOMPARE(told.size(), 1);
    QCOMPARE(told.first().status, ContactStatus::Incoming);
    QCOMPARE(told.first().profile.user.id, m_alice->userId());
    const api::ContactsResult incoming = list(*m_bob, api::ContactFilter::Incoming);
    QCOMPARE(incoming.entries.size(), 1);
    QCOMPARE(incoming.entries.first().profile.user.username, QStringLiteral("alice"));
    QCOMPARE(list(*m_alice, api::ContactFilter::Outgoing).entries.size(), 1);

    // Inviting again while pending changes nothing.
    const auto again = m_alice->call(api::InviteContact{QStringLiteral("bob")});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->pts, invited.value->pts);

    const auto accepted = m_bob->call(api::AcceptContact{m_alice->userId()});
    MSGR_VERIFY_OK(accepted);
    QCOMPARE(accepted.value->entry.status, ContactStatus::Contact);
    QVERIFY(m_alice->waitForUpdates(2)); // her own invitation, then bob's acceptance
    const QList<api::ContactEntry> aliceTold = contactChanges(m_alice->takeUpdates());
    QCOMPARE(aliceTold.last().status, ContactStatus::Contact);
    m_bob->takeUpdates();

    // Both lists hold the other, with the profile fields.
    const api::ContactsResult aliceContacts = list(*m_alice, api::ContactFilter::Contacts);
    QCOMPARE(aliceContacts.entries.size(), 1);
    QCOMPARE(aliceContacts.entries.first().profile.user.id, m_bob->userId());
    QVERIFY(aliceContacts.final);
    QCOMPARE(list(*m_bob, api::ContactFilter::Contacts).entries.first().profile.user.id,
             m_alice->userId());
    QVERIFY(list(*m_bob, api::ContactFilter::Incoming).entries.isEmpty());

    // Removing is for both sides at once.
    const auto removed = m_bob->call(api::RemoveContact{m_alice->userId()});
    MSGR_VERIFY_OK(removed);
    QCOMPARE(removed.value->entry.status, ContactStatus::None);
    QVERIFY(list(*m_alice, api::ContactFilter::Contacts).entries.isEmpty());
    QVERIFY(m_alice->waitForUpdates(1));
    QCOMPARE(contactChanges(m_alice->takeUpdates()).last().status, ContactStatus::None);
    m_bob->takeUpdates();
}

void TstContacts::aDeniedInvitationCannotBeSentAgainAtOnce() {
    MSGR_VERIFY_OK(m_carol->call(api::InviteContact{QStringLiteral("dave")}));
    const auto denied = m_dave->call(api::DenyContact{m_carol->userId()});
    MSGR_VERIFY_OK(denied);
    QCOMPARE(denied.value->entry.status, ContactStatus::None);

    // Carol sees "denied" and when she may try again; dave's incoming list is empty.
    QVERIFY(m_carol->waitForUpdates(2));
    const api::ContactEntry carolSees = contactChanges(m_carol->takeUpdates()).last();
    QCOMPARE(carolSees.status, ContactStatus::Denied);
    QCOMPARE(carolSees.retryAt, carolSees.since + api::kDeniedInviteCooloffMs);
    QVERIFY(list(*m_dave, api::ContactFilter::Incoming).entries.isEmpty());

    const auto resent = m_carol->call(api::InviteContact{QStringLiteral("dave")});
    QVERIFY(!resent.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("LIMIT_EXCEEDED"));
    QVERIFY(list(*m_dave, api::ContactFilter::Incoming).entries.isEmpty());
    m_dave->takeUpdates();

    // Dave may still invite carol himself: the cool-off binds the one who was denied.
    const auto reverse = m_dave->call(api::InviteContact{QStringLiteral("carol")});
    MSGR_VERIFY_OK(reverse);
    QCOMPARE(reverse.value->entry.status, ContactStatus::Outgoing);
    MSGR_VERIFY_OK(m_dave->call(api::CancelContactInvite{m_carol->userId()}));
    m_carol->takeUpdates();
    m_dave->takeUpdates();
}

void TstContacts::aCancelledInvitationLeavesTheInviteeIncomingList() {
    MSGR_VERIFY_OK(m_bob->call(api::InviteContact{QStringLiteral("carol")}));
    QCOMPARE(list(*m_carol, api::ContactFilter::Incoming).entries.size(), 1);
    const auto cancelled = m_bob->call(api::CancelContactInvite{m_carol->userId()});
    MSGR_VERIFY_OK(cancelled);
    QCOMPARE(cancelled.value->entry.status, ContactStatus::None);
    QVERIFY(list(*m_carol, api::ContactFilter::Incoming).entries.isEmpty());
    QVERIFY(m_carol->waitForUpdates(2));
    QCOMPARE(contactChanges(m_carol->takeUpdates()).last().status, ContactStatus::None);
    // Carol cannot accept what is gone.
    QVERIFY(!m_carol->call(api::AcceptContact{m_bob->userId()}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    m_bob->takeUpdates();
}

void TstContacts::blockingStopsMessagesGroupAddsAndInvitations() {
    const auto opened = m_dave->call(api::OpenPrivateChat{m_alice->userId()});
    MSGR_VERIFY_OK(opened);
    const qint64 chat = opened.value->chat.id;
    MSGR_VERIFY_OK(m_dave->call(api::SendMessage{chat, 501, QStringLiteral("hi alice")}));
    MSGR_VERIFY_OK(m_dave->call(api::InviteContact{QStringLiteral("alice")}));
    QVERIFY(m_alice->waitForUpdates(3));
    m_alice->takeUpdates();

    const auto blocked = m_alice->call(api::SetBlocked{m_dave->userId(), true});
    MSGR_VERIFY_OK(blocked);
    QVERIFY(blocked.value->blocked);
    const qint64 alicePts = blocked.value->pts;
    // Dave's pending invitation ends as any denial does.
    QVERIFY(list(*m_alice, api::ContactFilter::Incoming).entries.isEmpty());
    const auto listed = m_alice->call(api::ListBlocked{});
    MSGR_VERIFY_OK(listed);
    QCOMPARE(listed.value->users.size(), 1);
    QCOMPARE(listed.value->users.first().id, m_dave->userId());
    m_dave->takeUpdates();

    // Dave can no longer write to alice, add her to a group, or invite her.
    QVERIFY(!m_dave->call(api::SendMessage{chat, 502, QStringLiteral("hello?")}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    QVERIFY(
        !m_dave->call(api::CreateGroup{503, QStringLiteral("Party"), {m_alice->userId()}}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    const auto group = m_dave->call(api::CreateGroup{504, QStringLiteral("Party"), {}});
    MSGR_VERIFY_OK(group);
    QVERIFY(!m_dave->call(api::AddGroupMembers{group.value->chat.id, {m_alice->userId()}}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    QVERIFY(!m_dave->call(api::InviteContact{QStringLiteral("alice")}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    // Alice herself cannot write to the user she blocked.
    QVERIFY(!m_alice->call(api::SendMessage{chat, 505, QStringLiteral("no")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    // Nothing of it reached alice's log.
    const auto state = m_alice->call(api::GetState{});
    MSGR_VERIFY_OK(state);
    QCOMPARE(state.value->pts, alicePts);
    m_alice->takeUpdates();

    // An invitation from someone she blocked, with no history between them, is refused too.
    MSGR_VERIFY_OK(m_alice->call(api::SetBlocked{m_carol->userId(), true}));
    QVERIFY(!m_carol->call(api::InviteContact{QStringLiteral("alice")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    MSGR_VERIFY_OK(m_alice->call(api::SetBlocked{m_carol->userId(), false}));
    MSGR_VERIFY_OK(m_carol->call(api::InviteContact{QStringLiteral("alice")}));
    MSGR_VERIFY_OK(m_carol->call(api::CancelContactInvite{m_alice->userId()}));

    // Unblocking restores messages and group adds.
    const auto unblocked = m_alice->call(api::SetBlocked{m_dave->userId(), false});
    MSGR_VERIFY_OK(unblocked);
    QVERIFY(!unblocked.value->blocked);
    m_alice->takeUpdates();
    MSGR_VERIFY_OK(m_dave->call(api::SendMessage{chat, 506, QStringLiteral("sorry")}));
    QVERIFY(m_alice->waitForUpdates(1));
    QCOMPARE(newMessages(m_alice->takeUpdates()).first().text, QStringLiteral("sorry"));
    MSGR_VERIFY_OK(m_dave->call(api::AddGroupMembers{group.value->chat.id, {m_alice->userId()}}));
    const auto none = m_alice->call(api::ListBlocked{});
    MSGR_VERIFY_OK(none);
    QVERIFY(none.value->users.isEmpty());
    m_alice->takeUpdates();
    m_dave->takeUpdates();
    m_carol->takeUpdates();
}

void TstContacts::aUsernameChangeFreesTheOldNameAndClashesIgnoreCase() {
    const auto clash = m_carol->call(api::SetUsername{QStringLiteral("Alice")});
    QVERIFY(!clash.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("USERNAME_TAKEN"));
    QVERIFY(!m_carol->call(api::SetUsername{QStringLiteral("9lives")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("USERNAME_INVALID"));

    const auto renamed = m_carol->call(api::SetUsername{QStringLiteral("Caroline")});
    MSGR_VERIFY_OK(renamed);
    QCOMPARE(renamed.value->profile.user.username, QStringLiteral("caroline"));
    QVERIFY(m_carol->waitForUpdates(1));
    QCOMPARE(updatesOfType(m_carol->takeUpdates(), L("profileChanged")).size(), 1);

    // The old name is free at once: someone else takes it, and it names them now.
    MSGR_VERIFY_OK(m_dave->call(api::SetUsername{QStringLiteral("carol")}));
    const auto found = m_alice->call(api::SearchUsers{QStringLiteral("carol"), 10});
    MSGR_VERIFY_OK(found);
    QCOMPARE(found.value->users.size(), 2); // carol (dave now) and caroline
    QCOMPARE(found.value->users.first().id, m_dave->userId());
    // The renamed user logs in with the new name only.
    TestClient fresh;
    QVERIFY(fresh.connectTo(m_server.wsUrl()));
    QVERIFY(!fresh.logIn(QStringLiteral("caroline"), kPassword).isEmpty());
    QCOMPARE(fresh.userId(), m_carol->userId());

    const auto about = m_carol->call(api::UpdateProfile{false, {}, true, QStringLiteral(" hi ")});
    MSGR_VERIFY_OK(about);
    QCOMPARE(about.value->profile.about, QStringLiteral("hi"));
    MSGR_VERIFY_OK(m_dave->call(api::SetUsername{QStringLiteral("dave")}));
    m_carol->takeUpdates();
    m_dave->takeUpdates();
}

void TstContacts::lastSeenFollowsThePrivacySetting() {
    // Bob and carol become contacts; dave stays a stranger to bob.
    MSGR_VERIFY_OK(m_carol->call(api::InviteContact{QStringLiteral("bob")}));
    MSGR_VERIFY_OK(m_bob->call(api::AcceptContact{m_carol->userId()}));
    auto seen = [this](TestClient &viewer) {
        const auto reply = viewer.call(api::GetProfiles{{m_bob->userId()}});
        return reply.ok() && reply.value->profiles.size() == 1
                   ? std::optional<api::Profile>(reply.value->profiles.first())
                   : std::nullopt;
    };

    // everybody (the default): the exact time to anyone.
    std::optional<api::Profile> stranger = seen(*m_dave);
    QVERIFY(stranger);
    QVERIFY(stranger->lastSeenAt);
    QVERIFY(!stranger->privacy); // only the owner sees the setting

    const auto contactsOnly = m_bob->call(api::SetLastSeenPrivacy{api::LastSeenPrivacy::Contacts});
    MSGR_VERIFY_OK(contactsOnly);
    QCOMPARE(contactsOnly.value->profile.privacy, api::LastSeenPrivacy::Contacts);
    stranger = seen(*m_dave);
    QVERIFY(stranger && !stranger->lastSeenAt);
    QCOMPARE(stranger->lastSeen, api::LastSeenBucket::Recently);
    std::optional<api::Profile> contact = seen(*m_carol);
    QVERIFY(contact && contact->lastSeenAt);

    MSGR_VERIFY_OK(m_bob->call(api::SetLastSeenPrivacy{api::LastSeenPrivacy::Nobody}));
    contact = seen(*m_carol);
    QVERIFY(contact && !contact->lastSeenAt);
    QCOMPARE(contact->lastSeen, api::LastSeenBucket::Recently);
    // The contact list carries the same view.
    const api::ContactsResult carolContacts = list(*m_carol, api::ContactFilter::Contacts);
    QCOMPARE(carolContacts.entries.size(), 1);
    QVERIFY(!carolContacts.entries.first().profile.lastSeenAt);
    // The owner always sees their own.
    std::optional<api::Profile> own = seen(*m_bob);
    QVERIFY(own && own->lastSeenAt);

    // A user bob blocked sees "a long time ago", whatever the setting.
    MSGR_VERIFY_OK(m_bob->call(api::SetLastSeenPrivacy{api::LastSeenPrivacy::Everybody}));
    MSGR_VERIFY_OK(m_bob->call(api::SetBlocked{m_dave->userId(), true}));
    stranger = seen(*m_dave);
    QVERIFY(stranger && !stranger->lastSeenAt);
    QCOMPARE(stranger->lastSeen, api::LastSeenBucket::LongAgo);
    MSGR_VERIFY_OK(m_bob->call(api::SetBlocked{m_dave->userId(), false}));
}

void TstContacts::malformedRequestsGetTypedErrors() {
    const QCborMap noUser = m_alice->call(L("contacts.accept"), {});
    QVERIFY(noUser.isEmpty());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    m_alice->call(L("contacts.setBlocked"), QCborMap{{L("userId"), m_bob->userId()}});
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST")); // `blocked` is required
    m_alice->call(L("profiles.update"), QCborMap{{L("about"), QString(141, QLatin1Char('a'))}});
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("TOO_LARGE"));
    m_alice->call(L("profiles.setLastSeenPrivacy"), QCborMap{{L("privacy"), L("friends")}});
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(!m_alice->call(api::InviteContact{QStringLiteral("nobody_here")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_alice->call(api::InviteContact{QStringLiteral("alice")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

QTEST_GUILESS_MAIN(TstContacts)
#include "tst_contacts.moc"
