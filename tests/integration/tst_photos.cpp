// Profile, group and channel photos (docs/protocol.md §24) against the REAL server: a profile
// photo reaches another user through profiles.get and its file opens for them; a group photo is
// the owner's and admins' (a plain member is refused, typed), its change and removal reach the
// members as service messages and chatChanged, and a non-member cannot download it; a public
// channel's photo opens for anyone, a private one's only for subscribers; a file that is not a
// fitting image upload of the caller's is refused with its typed error; a photo's file cannot
// be deleted under its viewers. A profile photo change is logged (userPhotoChanged) to the
// owner's contacts and private-chat peers, not to strangers nor to a user the owner blocked.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";

struct User {
    std::unique_ptr<TestClient> client;
    QString token;
    qint64 id = 0;
};
} // namespace

class TstPhotos : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aProfilePhotoReachesOthersAndOpens();
    void unfitFilesAreRefusedTyped();
    void aPlainMemberCannotChangeTheGroupPhoto();
    void anAdminChangesItAndMembersGetTheServiceMessage();
    void aNonMemberCannotDownloadTheGroupPhoto();
    void removalPropagates();
    void channelPhotosFollowTheChannelsReaders();
    void aPhotoCannotBeDeletedUnderItsViewers();
    void aProfilePhotoChangeReachesThoseWhoKnowTheOwner();

private:
    quint16 port() const { return quint16(m_server->httpUrl().port()); }
    //! A finished upload of `data` by `user` with the tus `filetype`: its id, or empty.
    QString upload(const User &user, const QByteArray &data, const QByteArray &type = "image/jpeg");
    int download(const User &user, const QString &id, QByteArray *body = nullptr);
    protocol::Photo photoOf(const QString &fileId) const {
        return protocol::Photo{fileId, distinctBytes(1200, 77)};
    }

    User signUp(const QString &name);
    //! The userPhotoChanged entries of `user`'s log after `sincePts`.
    QList<protocol::UserPhotoChangedUpdate> photoUpdatesOf(const User &user, qint64 sincePts);

    std::unique_ptr<ServerProcess> m_server;
    User m_alice, m_bob, m_carol, m_dave;
    qint64 m_group = 0;
    QString m_groupPhoto;
};

QString TstPhotos::upload(const User &user, const QByteArray &data, const QByteArray &type) {
    const RawHeaders headers = {{"Tus-Resumable", kTus},
                                {"Authorization", "Bearer " + user.token.toLatin1()},
                                {"Upload-Length", QByteArray::number(data.size())},
                                {"Upload-Metadata", "filetype " + type.toBase64()},
                                {"Content-Type", "application/offset+octet-stream"}};
    const RawHttpReply reply = rawHttp(port(), "POST", "/files", headers, data);
    if (reply.status != 201 || reply.header("Upload-Offset") != QByteArray::number(data.size()))
        return {};
    return QString::fromLatin1(reply.header("Location").mid(7));
}

int TstPhotos::download(const User &user, const QString &id, QByteArray *body) {
    const RawHttpReply reply = rawHttp(port(), "GET", "/files/" + id.toLatin1(),
                                       {{"Authorization", "Bearer " + user.token.toLatin1()}});
    if (body)
        *body = reply.body;
    return reply.status;
}

void TstPhotos::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    for (auto [name, user] :
         {std::pair{"alice", &m_alice}, {"bob", &m_bob}, {"carol", &m_carol}, {"dave", &m_dave}}) {
        user->client = std::make_unique<TestClient>();
        QVERIFY(user->client->connectTo(m_server->wsUrl()));
        QVERIFY(!user->client->signUp(QString::fromLatin1(name), kPassword).isEmpty());
        user->token = user->client->token();
        user->id = user->client->userId();
    }
}

void TstPhotos::aProfilePhotoReachesOthersAndOpens() {
    const QByteArray jpeg = distinctBytes(40'000, 1);
    const QString id = upload(m_alice, jpeg);
    QVERIFY(protocol::isFileId(id));
    const auto set = m_alice.client->call(api::SetProfilePhoto{photoOf(id)});
    MSGR_VERIFY_OK(set);
    QVERIFY(!set.value->profile.photo.isNone());
    QCOMPARE(set.value->profile.photo.fileId, id);

    // Bob sees the new photo id (and thumbnail) in Alice's profile and can download the image.
    const auto seen = m_bob.client->call(api::GetProfiles{{m_alice.id}});
    MSGR_VERIFY_OK(seen);
    QCOMPARE(seen.value->profiles.size(), 1);
    QCOMPARE(seen.value->profiles.first().photo, photoOf(id));
    QByteArray body;
    QCOMPARE(download(m_bob, id, &body), 200);
    QCOMPARE(body, jpeg);

    // Removal: the profile has no photo any more, for her and for Bob.
    const auto removed = m_alice.client->call(api::SetProfilePhoto{protocol::Photo{}});
    MSGR_VERIFY_OK(removed);
    QVERIFY(removed.value->profile.photo.isNone());
    const auto after = m_bob.client->call(api::GetProfiles{{m_alice.id}});
    MSGR_VERIFY_OK(after);
    QVERIFY(after.value->profiles.first().photo.isNone());

    // A user Alice blocked does not see her photo, nor can they fetch it.
    MSGR_VERIFY_OK(m_alice.client->call(api::SetProfilePhoto{photoOf(id)}));
    MSGR_VERIFY_OK(m_alice.client->call(api::SetBlocked{m_dave.id, true}));
    const auto blocked = m_dave.client->call(api::GetProfiles{{m_alice.id}});
    MSGR_VERIFY_OK(blocked);
    QVERIFY(blocked.value->profiles.first().photo.isNone());
    QCOMPARE(download(m_dave, id), 404);
    MSGR_VERIFY_OK(m_alice.client->call(api::SetBlocked{m_dave.id, false}));
    QCOMPARE(download(m_dave, id), 200);
}

void TstPhotos::unfitFilesAreRefusedTyped() {
    const QString text = upload(m_alice, "not a picture", "text/plain");
    QVERIFY(!m_alice.client->call(api::SetProfilePhoto{photoOf(text)}).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("BAD_REQUEST"));

    const QString huge = upload(m_alice, distinctBytes(protocol::kMaxPhotoBytes + 1, 2));
    QVERIFY(!huge.isEmpty());
    QVERIFY(!m_alice.client->call(api::SetProfilePhoto{photoOf(huge)}).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("TOO_LARGE"));

    // Someone else's upload answers like a file that does not exist.
    const QString bobs = upload(m_bob, distinctBytes(1000, 3));
    QVERIFY(!m_alice.client->call(api::SetProfilePhoto{photoOf(bobs)}).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_alice.client->call(api::SetProfilePhoto{photoOf(QString(32, u'0'))}).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // A malformed photo, a thumbnail past its cap, a request without `photo`.
    QVERIFY(m_alice.client
                ->call(L("profiles.setPhoto"), {{L("photo"), QCborMap{{L("fileId"), L("x")}}}})
                .isEmpty());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    protocol::Photo fat = photoOf(bobs);
    fat.thumbnail = distinctBytes(protocol::kMaxThumbnailBytes + 1, 4);
    QVERIFY(m_alice.client->call(L("profiles.setPhoto"), {{L("photo"), fat.toCbor()}}).isEmpty());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("TOO_LARGE"));
    QVERIFY(m_alice.client->call(L("profiles.setPhoto"), {}).isEmpty());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstPhotos::aPlainMemberCannotChangeTheGroupPhoto() {
    const auto created = m_alice.client->call(
        api::CreateGroup{9001, QStringLiteral("Photo club"), {m_bob.id, m_carol.id}});
    MSGR_VERIFY_OK(created);
    m_group = created.value->chat.id;
    QVERIFY(created.value->chat.photo.isNone());
    QVERIFY(m_bob.client->waitForUpdates(2));
    QVERIFY(m_carol.client->waitForUpdates(2));
    m_bob.client->takeUpdates();
    m_carol.client->takeUpdates();

    const QString bobs = upload(m_bob, distinctBytes(5000, 5));
    QVERIFY(!m_bob.client->call(api::SetGroupPhoto{m_group, photoOf(bobs)}).ok());
    QCOMPARE(m_bob.client->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto chats = m_carol.client->call(api::ListChats{});
    MSGR_VERIFY_OK(chats);
    QVERIFY(chats.value->chats.first().chat.photo.isNone());
}

void TstPhotos::anAdminChangesItAndMembersGetTheServiceMessage() {
    MSGR_VERIFY_OK(
        m_alice.client->call(api::SetGroupRole{m_group, m_bob.id, api::GroupRole::Admin}));
    QVERIFY(m_carol.client->waitForUpdates(1)); // chatChanged: Bob's role
    m_carol.client->takeUpdates();

    const QByteArray png = distinctBytes(20'000, 6);
    m_groupPhoto = upload(m_bob, png, "image/png");
    const auto set = m_bob.client->call(api::SetGroupPhoto{m_group, photoOf(m_groupPhoto)});
    MSGR_VERIFY_OK(set);
    QCOMPARE(set.value->chat.photo, photoOf(m_groupPhoto));

    // Carol hears the chat with its photo and the service message naming it.
    QVERIFY(m_carol.client->waitForUpdates(2));
    const QList<protocol::UpdateFrame> told = m_carol.client->takeUpdates();
    QCOMPARE(updatesOfType(told, L("chatChanged")).size(), 1);
    const QList<protocol::Message> service = newMessages(told);
    QCOMPARE(service.size(), 1);
    QVERIFY(service.first().action);
    QCOMPARE(service.first().action->kind, protocol::ActionKind::PhotoChanged);
    QCOMPARE(service.first().action->photo, photoOf(m_groupPhoto));
    QCOMPARE(service.first().senderId, m_bob.id);
    QByteArray body;
    QCOMPARE(download(m_carol, m_groupPhoto, &body), 200);
    QCOMPARE(body, png);

    // The same photo again changes nothing: no second service message.
    MSGR_VERIFY_OK(m_bob.client->call(api::SetGroupPhoto{m_group, photoOf(m_groupPhoto)}));
    const auto history = m_carol.client->call(api::GetHistory{m_group, 0, 10});
    MSGR_VERIFY_OK(history);
    int photoMessages = 0;
    for (const protocol::Message &m : history.value->messages)
        photoMessages += m.action && m.action->kind == protocol::ActionKind::PhotoChanged;
    QCOMPARE(photoMessages, 1);
}

void TstPhotos::aNonMemberCannotDownloadTheGroupPhoto() {
    // Dave is in no chat with the file: answered exactly as an unknown id.
    QByteArray body, unknownBody;
    QCOMPARE(download(m_dave, m_groupPhoto, &body), 404);
    QCOMPARE(download(m_dave, QString(32, u'a'), &unknownBody), 404);
    QCOMPARE(body, unknownBody);
    // Nor can he change it (he cannot even tell the group exists).
    const QString daves = upload(m_dave, distinctBytes(100, 8));
    QVERIFY(!m_dave.client->call(api::SetGroupPhoto{m_group, photoOf(daves)}).ok());
    QCOMPARE(m_dave.client->lastErrorName(), QStringLiteral("NOT_FOUND"));
}

void TstPhotos::removalPropagates() {
    m_carol.client->takeUpdates();
    const auto removed = m_alice.client->call(api::SetGroupPhoto{m_group, protocol::Photo{}});
    MSGR_VERIFY_OK(removed);
    QVERIFY(removed.value->chat.photo.isNone());
    QVERIFY(m_carol.client->waitForUpdates(2));
    const QList<protocol::UpdateFrame> told = m_carol.client->takeUpdates();
    const auto changed = updatesOfType(told, L("chatChanged"));
    QCOMPARE(changed.size(), 1);
    const auto chat = protocol::ChatChangedUpdate::fromFields(changed.first().update, nullptr);
    QVERIFY(chat);
    QVERIFY(chat->chat.photo.isNone());
    const QList<protocol::Message> service = newMessages(told);
    QCOMPARE(service.size(), 1);
    QCOMPARE(service.first().action->kind, protocol::ActionKind::PhotoRemoved);
    QCOMPARE(service.first().senderId, m_alice.id);
    // The earlier photo the history names still opens for the members, and only for them.
    QCOMPARE(download(m_carol, m_groupPhoto), 200);
    QCOMPARE(download(m_dave, m_groupPhoto), 404);
}

void TstPhotos::channelPhotosFollowTheChannelsReaders() {
    const auto open = m_alice.client->call(
        api::CreateChannel{31, QStringLiteral("Open news"), {}, QStringLiteral("opennews")});
    MSGR_VERIFY_OK(open);
    const auto closed =
        m_alice.client->call(api::CreateChannel{32, QStringLiteral("Closed news"), {}, {}});
    MSGR_VERIFY_OK(closed);
    const QString openPhoto = upload(m_alice, distinctBytes(3000, 9), "image/webp");
    const QString closedPhoto = upload(m_alice, distinctBytes(3000, 10));
    const auto setOpen =
        m_alice.client->call(api::SetChannelPhoto{open.value->channel.id, photoOf(openPhoto)});
    MSGR_VERIFY_OK(setOpen);
    QCOMPARE(setOpen.value->channel.photo, photoOf(openPhoto));
    MSGR_VERIFY_OK(
        m_alice.client->call(api::SetChannelPhoto{closed.value->channel.id, photoOf(closedPhoto)}));

    // Anyone reads a public channel: its photo shows and opens for Dave, who is not subscribed.
    const auto seen = m_dave.client->call(api::GetChannel{open.value->channel.id});
    MSGR_VERIFY_OK(seen);
    QCOMPARE(seen.value->channel.photo, photoOf(openPhoto));
    QCOMPARE(download(m_dave, openPhoto), 200);
    // A private channel's photo is its subscribers' only.
    QCOMPARE(download(m_dave, closedPhoto), 404);
    MSGR_VERIFY_OK(
        m_alice.client->call(api::AddChannelSubscribers{closed.value->channel.id, {m_dave.id}}));
    QCOMPARE(download(m_dave, closedPhoto), 200);
    // A subscriber who is not an admin cannot change it.
    const QString daves = upload(m_dave, distinctBytes(100, 11));
    QVERIFY(
        !m_dave.client->call(api::SetChannelPhoto{closed.value->channel.id, photoOf(daves)}).ok());
    QCOMPARE(m_dave.client->lastErrorName(), QStringLiteral("FORBIDDEN"));
}

void TstPhotos::aPhotoCannotBeDeletedUnderItsViewers() {
    const RawHttpReply reply =
        rawHttp(port(), "DELETE", "/files/" + m_groupPhoto.toLatin1(),
                {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + m_bob.token.toLatin1()}});
    QCOMPARE(reply.status, 409);
    QCOMPARE(download(m_carol, m_groupPhoto), 200);
}

User TstPhotos::signUp(const QString &name) {
    User user;
    user.client = std::make_unique<TestClient>();
    if (!user.client->connectTo(m_server->wsUrl()) ||
        user.client->signUp(name, kPassword).isEmpty())
        return {};
    user.token = user.client->token();
    user.id = user.client->userId();
    return user;
}

QList<protocol::UserPhotoChangedUpdate> TstPhotos::photoUpdatesOf(const User &user,
                                                                  qint64 sincePts) {
    QList<protocol::UserPhotoChangedUpdate> out;
    const auto diff = user.client->call(api::GetDifference{sincePts});
    if (!diff.ok())
        return out;
    for (const protocol::LoggedUpdate &logged : diff.value->updates)
        if (const auto *u = std::get_if<protocol::UserPhotoChangedUpdate>(&logged.update))
            out.append(*u);
    return out;
}

void TstPhotos::aProfilePhotoChangeReachesThoseWhoKnowTheOwner() {
    const User owner = signUp(QStringLiteral("olivia"));
    const User peer = signUp(QStringLiteral("pete"));     // a private chat with her
    const User friendly = signUp(QStringLiteral("fran")); // her contact, no chat
    const User stranger = signUp(QStringLiteral("stan")); // nothing with her
    const User shunned = signUp(QStringLiteral("shaun")); // a chat with her, then blocked
    for (const User *u : {&owner, &peer, &friendly, &stranger, &shunned})
        QVERIFY(u->id > 0);
    MSGR_VERIFY_OK(owner.client->call(api::OpenPrivateChat{peer.id}));
    MSGR_VERIFY_OK(owner.client->call(api::OpenPrivateChat{shunned.id}));
    MSGR_VERIFY_OK(owner.client->call(api::InviteContact{QStringLiteral("fran")}));
    MSGR_VERIFY_OK(friendly.client->call(api::AcceptContact{owner.id}));
    MSGR_VERIFY_OK(owner.client->call(api::SetBlocked{shunned.id, true}));
    QHash<qint64, qint64> ptsBefore;
    for (const User *u : {&peer, &friendly, &stranger, &shunned}) {
        const auto state = u->client->call(api::GetState{});
        MSGR_VERIFY_OK(state);
        ptsBefore.insert(u->id, state.value->pts);
    }

    const QString id = upload(owner, distinctBytes(30'000, 9));
    QVERIFY(protocol::isFileId(id));
    MSGR_VERIFY_OK(owner.client->call(api::SetProfilePhoto{photoOf(id)}));
    const protocol::UserPhotoChangedUpdate expected{owner.id, photoOf(id)};
    for (const User *u : {&peer, &friendly})
        QCOMPARE(photoUpdatesOf(*u, ptsBefore.value(u->id)),
                 QList<protocol::UserPhotoChangedUpdate>{expected});
    // Neither a stranger nor a user she blocked is told (the blocked one may not see it).
    for (const User *u : {&stranger, &shunned})
        QVERIFY(photoUpdatesOf(*u, ptsBefore.value(u->id)).isEmpty());

    // Setting it again changes nothing; removing it is told the same way, without a photo.
    MSGR_VERIFY_OK(owner.client->call(api::SetProfilePhoto{photoOf(id)}));
    MSGR_VERIFY_OK(owner.client->call(api::SetProfilePhoto{protocol::Photo{}}));
    const QList<protocol::UserPhotoChangedUpdate> both{expected, {owner.id, protocol::Photo{}}};
    QCOMPARE(photoUpdatesOf(peer, ptsBefore.value(peer.id)), both);
    QCOMPARE(photoUpdatesOf(friendly, ptsBefore.value(friendly.id)), both);
    QVERIFY(photoUpdatesOf(shunned, ptsBefore.value(shunned.id)).isEmpty());
}

QTEST_GUILESS_MAIN(TstPhotos)
#include "tst_photos.moc"
