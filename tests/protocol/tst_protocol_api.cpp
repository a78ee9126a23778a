// protocol/api/: every request survives toCbor → decode and every result toCbor → fromCbor;
// every refusal a client (or an attacker) can provoke through a request's arguments gets the
// typed error the server answers with; every malformed answer a client can receive is refused
// with a reason.
#include "protocol/api/api.h"
#include "protocol/api/channel_subscribers.h"
#include "protocol/api/comments.h"
#include "protocol/api/drafts.h"
#include "protocol/api/forwards.h"
#include "protocol/api/invites.h"
#include "protocol/api/pinned_messages.h"
#include "protocol/api/presence.h"
#include "protocol/api/readers.h"
#include "protocol/api/typing.h"
#include "protocol/limits.h"

#include <QCborArray>
#include <QCborValue>
#include <QTest>
#include <functional>

using namespace msgr::protocol;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

Q_DECLARE_METATYPE(msgr::protocol::ErrorCode)

namespace {
Message sampleMessage() {
    return Message{1001, 7, 1, 1'763'700'000'000, QStringLiteral("привет 👋"), 812734617823};
}
Chat sampleChat() {
    return Chat{7, ChatKind::Private, {}, {1, 2}, 1'763'700'000'000};
}

template <typename Req> void checkRequestRoundTrip(const Req &request) {
    const api::Decoded<Req> decoded = Req::decode(request.toCbor());
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(*decoded.value, request);
}

template <typename Res> void checkResultRoundTrip(const Res &result) {
    QString why;
    const std::optional<Res> parsed = Res::fromCbor(result.toCbor(), &why);
    QVERIFY2(parsed.has_value(), qPrintable(why));
    QCOMPARE(*parsed, result);
}

//! The error decode() gives for `args` of `method`, or nullopt when it accepts them.
using Decoder = std::function<std::optional<Error>(const QCborValue &)>;
template <typename Req> Decoder decoderOf() {
    return [](const QCborValue &args) -> std::optional<Error> {
        const api::Decoded<Req> d = Req::decode(args);
        if (d.ok())
            return std::nullopt;
        return d.error;
    };
}
Decoder decoderFor(const QString &method) {
    static const QHash<QString, Decoder> decoders{
        {api::SignUp::method, decoderOf<api::SignUp>()},
        {api::LogIn::method, decoderOf<api::LogIn>()},
        {api::Resume::method, decoderOf<api::Resume>()},
        {api::LogOut::method, decoderOf<api::LogOut>()},
        {api::ListDevices::method, decoderOf<api::ListDevices>()},
        {api::RevokeDevice::method, decoderOf<api::RevokeDevice>()},
        {api::SearchUsers::method, decoderOf<api::SearchUsers>()},
        {api::GetUsers::method, decoderOf<api::GetUsers>()},
        {api::OpenPrivateChat::method, decoderOf<api::OpenPrivateChat>()},
        {api::ListChats::method, decoderOf<api::ListChats>()},
        {api::SendMessage::method, decoderOf<api::SendMessage>()},
        {api::GetHistory::method, decoderOf<api::GetHistory>()},
        {api::MarkReceived::method, decoderOf<api::MarkReceived>()},
        {api::MarkRead::method, decoderOf<api::MarkRead>()},
        {api::SetTyping::method, decoderOf<api::SetTyping>()},
        {api::SaveDraft::method, decoderOf<api::SaveDraft>()},
        {api::GetDrafts::method, decoderOf<api::GetDrafts>()},
        {api::PinMessage::method, decoderOf<api::PinMessage>()},
        {api::ExportInvite::method, decoderOf<api::ExportInvite>()},
        {api::RevokeInvite::method, decoderOf<api::RevokeInvite>()},
        {api::CheckInvite::method, decoderOf<api::CheckInvite>()},
        {api::JoinByInvite::method, decoderOf<api::JoinByInvite>()},
        {api::GetMessageReaders::method, decoderOf<api::GetMessageReaders>()},
        {api::CommentOnPost::method, decoderOf<api::CommentOnPost>()},
        {api::GetComments::method, decoderOf<api::GetComments>()},
        {api::DeleteComment::method, decoderOf<api::DeleteComment>()},
        {api::GetPresence::method, decoderOf<api::GetPresence>()},
        {api::SetPresence::method, decoderOf<api::SetPresence>()},
        {api::GetState::method, decoderOf<api::GetState>()},
        {api::GetDifference::method, decoderOf<api::GetDifference>()},
        {api::Ping::method, decoderOf<api::Ping>()},
        {api::SetChatPinned::method, decoderOf<api::SetChatPinned>()},
        {api::EditMessage::method, decoderOf<api::EditMessage>()},
        {api::DeleteMessages::method, decoderOf<api::DeleteMessages>()},
        {api::ForwardMessages::method, decoderOf<api::ForwardMessages>()},
        {api::ListPinnedChats::method, decoderOf<api::ListPinnedChats>()},
        {api::SetChatMuted::method, decoderOf<api::SetChatMuted>()},
        {api::ListMutedChats::method, decoderOf<api::ListMutedChats>()},
        {api::CreateGroup::method, decoderOf<api::CreateGroup>()},
        {api::AddGroupMembers::method, decoderOf<api::AddGroupMembers>()},
        {api::RemoveGroupMember::method, decoderOf<api::RemoveGroupMember>()},
        {api::LeaveGroup::method, decoderOf<api::LeaveGroup>()},
        {api::SetGroupTitle::method, decoderOf<api::SetGroupTitle>()},
        {api::SetGroupRole::method, decoderOf<api::SetGroupRole>()},
        {api::PublishSecretKeys::method, decoderOf<api::PublishSecretKeys>()},
        {api::UploadSecretPreKeys::method, decoderOf<api::UploadSecretPreKeys>()},
        {api::ListSecretDevices::method, decoderOf<api::ListSecretDevices>()},
        {api::GetSecretBundle::method, decoderOf<api::GetSecretBundle>()},
        {api::SendSecretEnvelope::method, decoderOf<api::SendSecretEnvelope>()},
        {api::GetSecretQueue::method, decoderOf<api::GetSecretQueue>()},
        {api::AckSecretQueue::method, decoderOf<api::AckSecretQueue>()},
        {api::InviteContact::method, decoderOf<api::InviteContact>()},
        {api::AcceptContact::method, decoderOf<api::AcceptContact>()},
        {api::DenyContact::method, decoderOf<api::DenyContact>()},
        {api::CancelContactInvite::method, decoderOf<api::CancelContactInvite>()},
        {api::RemoveContact::method, decoderOf<api::RemoveContact>()},
        {api::ListContacts::method, decoderOf<api::ListContacts>()},
        {api::SetBlocked::method, decoderOf<api::SetBlocked>()},
        {api::ListBlocked::method, decoderOf<api::ListBlocked>()},
        {api::GetProfiles::method, decoderOf<api::GetProfiles>()},
        {api::UpdateProfile::method, decoderOf<api::UpdateProfile>()},
        {api::SetUsername::method, decoderOf<api::SetUsername>()},
        {api::SetLastSeenPrivacy::method, decoderOf<api::SetLastSeenPrivacy>()},
        {api::CreateChannel::method, decoderOf<api::CreateChannel>()},
        {api::GetChannel::method, decoderOf<api::GetChannel>()},
        {api::EditChannel::method, decoderOf<api::EditChannel>()},
        {api::SubscribeChannel::method, decoderOf<api::SubscribeChannel>()},
        {api::UnsubscribeChannel::method, decoderOf<api::UnsubscribeChannel>()},
        {api::AddChannelSubscribers::method, decoderOf<api::AddChannelSubscribers>()},
        {api::SetChannelMuted::method, decoderOf<api::SetChannelMuted>()},
        {api::SetChannelRole::method, decoderOf<api::SetChannelRole>()},
        {api::PostToChannel::method, decoderOf<api::PostToChannel>()},
        {api::GetChannelDifference::method, decoderOf<api::GetChannelDifference>()},
        {api::GetChannelHistory::method, decoderOf<api::GetChannelHistory>()},
        {api::ListChannels::method, decoderOf<api::ListChannels>()},
        {api::SearchChannels::method, decoderOf<api::SearchChannels>()},
        {api::CreateSupergroup::method, decoderOf<api::CreateSupergroup>()},
        {api::RemoveSupergroupMember::method, decoderOf<api::RemoveSupergroupMember>()},
        {api::UpgradeGroup::method, decoderOf<api::UpgradeGroup>()},
        {api::GetSupergroupMembers::method, decoderOf<api::GetSupergroupMembers>()},
    };
    return decoders.value(method);
}

QCborArray intArray(qsizetype count, qint64 value = 1) {
    QCborArray a;
    for (qsizetype i = 0; i < count; ++i)
        a.append(value + i);
    return a;
}

QCborMap signUpArgs() {
    return api::SignUp{QStringLiteral("alice"), QStringLiteral("correct horse"),
                       QStringLiteral("laptop"), QStringLiteral("Alice")}
        .toCbor();
}
QCborMap logInArgs() {
    return api::LogIn{QStringLiteral("alice"), QStringLiteral("correct horse"),
                      QStringLiteral("phone")}
        .toCbor();
}
QCborMap sendArgs() {
    return api::SendMessage{7, 42, QStringLiteral("hi")}.toCbor();
}
Attachment sampleAttachment() {
    Attachment a;
    a.fileId = QStringLiteral("0123456789abcdef0123456789abcdef");
    a.kind = AttachmentKind::Video;
    a.size = (qint64(4) << 30); // the largest file
    a.mime = QStringLiteral("video/mp4");
    a.name = QStringLiteral("клип.mp4");
    a.width = kMaxMediaDimension;
    a.height = 1;
    a.durationMs = kMaxMediaDurationMs;
    a.thumbnail = QByteArray(kMaxThumbnailBytes, '\x7f');
    a.waveform = QByteArray(kMaxWaveformBytes, '\0');
    return a;
}
QCborMap attachmentsArgs(const QCborMap &attachment, qsizetype copies = 1) {
    QCborArray list;
    for (qsizetype i = 0; i < copies; ++i)
        list.append(attachment);
    QCborMap args = api::SendMessage{7, 42, QString(), {}}.toCbor();
    args.insert(L("attachments"), list);
    return args;
}
QCborMap historyArgs() {
    return api::GetHistory{7, 1001, 50}.toCbor();
}
QCborMap with(QCborMap map, L key, const QCborValue &value) {
    map.insert(key, value);
    return map;
}
QCborMap without(QCborMap map, L key) {
    map.remove(key);
    return map;
}
} // namespace

class ProtocolApiTest : public QObject {
    Q_OBJECT
private slots:
    void everyMethodHasADecoder();
    void requestsRoundTrip();
    void resultsRoundTrip();
    void optionalArgumentsTakeTheirDefaults();
    void boundaryValuesAreAccepted();
    void decodeRefuses_data();
    void decodeRefuses();
    void resultsRefuseMalformedAnswers_data();
    void resultsRefuseMalformedAnswers();
};

void ProtocolApiTest::everyMethodHasADecoder() {
    for (const QLatin1StringView m : {method::SignUp,
                                      method::LogIn,
                                      method::Resume,
                                      method::LogOut,
                                      method::DevicesList,
                                      method::DevicesRevoke,
                                      method::UsersSearch,
                                      method::UsersGet,
                                      method::ChatsOpenPrivate,
                                      method::ChatsList,
                                      method::MessagesSend,
                                      method::MessagesHistory,
                                      method::MessagesReceived,
                                      method::MessagesRead,
                                      method::MessagesEdit,
                                      method::MessagesDelete,
                                      method::MessagesForward,
                                      method::UpdatesGetState,
                                      method::UpdatesGetDifference,
                                      method::Ping,
                                      method::ChatsSetPinned,
                                      method::ChatsListPinned,
                                      method::ChatsSetMuted,
                                      method::ChatsListMuted,
                                      method::SecretPublishKeys,
                                      method::SecretUploadPreKeys,
                                      method::SecretListDevices,
                                      method::SecretGetBundle,
                                      method::SecretSend,
                                      method::SecretGetQueue,
                                      method::SecretAck,
                                      method::ContactsInvite,
                                      method::ContactsAccept,
                                      method::ContactsDeny,
                                      method::ContactsCancel,
                                      method::ContactsRemove,
                                      method::ContactsList,
                                      method::ContactsSetBlocked,
                                      method::ContactsListBlocked,
                                      method::ProfilesGet,
                                      method::ProfilesUpdate,
                                      method::ProfilesSetUsername,
                                      method::ProfilesSetLastSeenPrivacy,
                                      api::SetTyping::method,
                                      api::SaveDraft::method,
                                      api::GetDrafts::method,
                                      api::PinMessage::method,
                                      api::GetPresence::method,
                                      api::SetPresence::method,
                                      method::ChannelsCreate,
                                      method::ChannelsGet,
                                      method::ChannelsEdit,
                                      method::ChannelsSubscribe,
                                      method::ChannelsUnsubscribe,
                                      method::ChannelsAddSubscribers,
                                      method::ChannelsSetMuted,
                                      method::ChannelsSetRole,
                                      method::ChannelsPost,
                                      method::ChannelsGetDifference,
                                      method::ChannelsHistory,
                                      method::ChannelsList,
                                      method::ChannelsSearch,
                                      api::ExportInvite::method,
                                      api::RevokeInvite::method,
                                      api::CheckInvite::method,
                                      api::JoinByInvite::method,
                                      api::GetMessageReaders::method,
                                      api::CommentOnPost::method,
                                      api::GetComments::method,
                                      api::DeleteComment::method,
                                      method::SupergroupsCreate,
                                      method::SupergroupsRemoveMember,
                                      method::GroupsUpgrade,
                                      api::GetSupergroupMembers::method})
        QVERIFY2(decoderFor(m), qPrintable(QString(m)));
}

void ProtocolApiTest::requestsRoundTrip() {
    checkRequestRoundTrip(api::SignUp{QStringLiteral("alice"), QStringLiteral("correct horse"),
                                      QStringLiteral("laptop"), QStringLiteral("Alice A.")});
    checkRequestRoundTrip(api::SignUp{
        QStringLiteral("bob_2"), QStringLiteral("пароль-пароль"), QStringLiteral("phone"), {}});
    checkRequestRoundTrip(api::LogIn{QStringLiteral("alice"), QStringLiteral("correct horse"),
                                     QStringLiteral("phone")});
    checkRequestRoundTrip(api::Resume{QString(kTokenChars, QLatin1Char('A'))});
    checkRequestRoundTrip(api::LogOut{});
    checkRequestRoundTrip(api::ListDevices{});
    checkRequestRoundTrip(api::RevokeDevice{(qint64(1) << 40) + 3});
    checkRequestRoundTrip(api::SearchUsers{QStringLiteral("bo"), 7});
    checkRequestRoundTrip(api::GetUsers{{1, 2, (qint64(1) << 40)}});
    checkRequestRoundTrip(api::OpenPrivateChat{(qint64(1) << 33)});
    checkRequestRoundTrip(api::ListChats{});
    checkRequestRoundTrip(api::SendMessage{7, -812734617823, QStringLiteral("привет 👋")});
    // Attachments: one at every cap, a minimal one, and the most a message takes.
    Attachment minimal;
    minimal.fileId = QStringLiteral("ffffffffffffffffffffffffffffffff");
    checkRequestRoundTrip(api::SendMessage{7, 3, QString(), {sampleAttachment(), minimal}});
    checkRequestRoundTrip(api::SendMessage{7, 4, QStringLiteral("caption"),
                                           QList<Attachment>(kMaxAttachments, minimal)});
    checkRequestRoundTrip(api::GetHistory{7, 1001, 100});
    checkRequestRoundTrip(api::GetHistory{(qint64(1) << 40), 0, 1});
    checkRequestRoundTrip(api::MarkReceived{7, 0});
    checkRequestRoundTrip(api::MarkRead{7, (qint64(1) << 40)});
    checkRequestRoundTrip(api::GetState{});
    checkRequestRoundTrip(api::GetDifference{0, 500});
    checkRequestRoundTrip(api::GetDifference{12345, 1});
    checkRequestRoundTrip(api::Ping{});
    checkRequestRoundTrip(api::SetChatPinned{(qint64(1) << 40), true});
    checkRequestRoundTrip(api::SetChatPinned{7, false});
    checkRequestRoundTrip(api::SetChatMuted{(qint64(1) << 40), true, 0});
    checkRequestRoundTrip(api::SetChatMuted{7, true, api::kMaxMuteSeconds});
    checkRequestRoundTrip(api::SetChatMuted{7, false, 0});
    checkRequestRoundTrip(api::ListMutedChats{});
    checkRequestRoundTrip(api::SetTyping{(qint64(1) << 40), true});
    checkRequestRoundTrip(api::SetTyping{7, false});
    checkRequestRoundTrip(api::SaveDraft{7, QStringLiteral("half a thought")});
    checkRequestRoundTrip(api::SaveDraft{(qint64(1) << 40), QString()}); // clears it
    checkRequestRoundTrip(api::SaveDraft{7, QString(kMaxTextChars, QLatin1Char('x'))});
    checkRequestRoundTrip(api::GetDrafts{0});
    checkRequestRoundTrip(api::GetDrafts{(qint64(1) << 40)});
    checkRequestRoundTrip(api::PinMessage{7, 1001, true});
    checkRequestRoundTrip(api::ExportInvite{7});
    checkRequestRoundTrip(api::RevokeInvite{(qint64(1) << 40)});
    checkRequestRoundTrip(api::CheckInvite{QString(api::kMaxInviteTokenChars, QLatin1Char('A'))});
    checkRequestRoundTrip(api::JoinByInvite{QStringLiteral("a-b_c")});
    checkRequestRoundTrip(api::GetMessageReaders{7, 1001});
    checkRequestRoundTrip(api::CommentOnPost{7, 1001, -5, QStringLiteral("well said 👍")});
    checkRequestRoundTrip(api::CommentOnPost{(qint64(1) << 40), 2, 1,
                                             QString(api::kMaxCommentChars, QLatin1Char('c'))});
    checkRequestRoundTrip(api::GetComments{7, 1001, 0, 0, 50});
    checkRequestRoundTrip(api::GetComments{7, 1001, (qint64(1) << 40), 0, api::kMaxCommentsPage});
    checkRequestRoundTrip(api::GetComments{7, 1001, 0, 12, 1});
    checkRequestRoundTrip(api::DeleteComment{7, 1001, (qint64(1) << 40)});
    checkRequestRoundTrip(api::PinMessage{(qint64(1) << 40), (qint64(1) << 40), false});
    checkRequestRoundTrip(api::GetPresence{{2}});
    checkRequestRoundTrip(api::SetPresence{false});
    checkRequestRoundTrip(api::SetPresence{true});
    checkRequestRoundTrip(api::GetPresence{{(qint64(1) << 40), 3, 2}});
    checkRequestRoundTrip(api::EditMessage{7, 1001, QStringLiteral("fixed")});
    checkRequestRoundTrip(api::EditMessage{7, 1001, QString(kMaxTextChars, QLatin1Char('x'))});
    checkRequestRoundTrip(api::DeleteMessages{7, {1000, 1001}, api::DeleteScope::Me});
    // §19: a reply's replyToId; a plain send's frame has none.
    checkRequestRoundTrip(api::SendMessage{7, 5, QStringLiteral("yes"), {}, 1001});
    checkRequestRoundTrip(
        api::SendMessage{7, 6, QString(), {sampleAttachment()}, (qint64(1) << 40)});
    QVERIFY(!(api::SendMessage{7, 5, QStringLiteral("hi")}.toCbor().contains(L("replyToId"))));
    checkRequestRoundTrip(api::ForwardMessages{7, {1001}, 8, {-5}});
    checkRequestRoundTrip(
        api::ForwardMessages{7, {1003, 1001, 1002}, (qint64(1) << 40), {1, (qint64(1) << 62), -3}});
    checkRequestRoundTrip(api::DeleteMessages{7, {1}, api::DeleteScope::Everyone});
    checkRequestRoundTrip(api::ListPinnedChats{});
    checkRequestRoundTrip(api::CreateGroup{-9, QStringLiteral("Клуб 📚"), {2, (qint64(1) << 40)}});
    checkRequestRoundTrip(api::CreateGroup{1, QStringLiteral("alone"), {}});
    checkRequestRoundTrip(api::AddGroupMembers{7, {3}});
    checkRequestRoundTrip(api::RemoveGroupMember{7, (qint64(1) << 40)});
    checkRequestRoundTrip(api::LeaveGroup{7});
    checkRequestRoundTrip(api::SetGroupTitle{7, QString(kMaxGroupTitleChars, QLatin1Char('t'))});
    checkRequestRoundTrip(api::SetGroupRole{7, 2, api::GroupRole::Admin});
    checkRequestRoundTrip(api::SetGroupRole{7, 2, api::GroupRole::Member});
    checkRequestRoundTrip(api::PublishSecretKeys{QByteArray(api::kMaxPublishedBundleBytes, 'b')});
    checkRequestRoundTrip(api::UploadSecretPreKeys{
        {{0, QByteArray(32, 'k')}, {api::kMaxPreKeyId, QByteArray(32, '\0')}}});
    checkRequestRoundTrip(api::ListSecretDevices{(qint64(1) << 40)});
    checkRequestRoundTrip(api::GetSecretBundle{2, (qint64(1) << 40)});
    checkRequestRoundTrip(
        api::SendSecretEnvelope{2, 3, QByteArray(api::kMaxSecretEnvelopeBytes, '\xff')});
    checkRequestRoundTrip(api::GetSecretQueue{0, api::kMaxSecretQueuePage});
    checkRequestRoundTrip(api::GetSecretQueue{(qint64(1) << 40), 1});
    checkRequestRoundTrip(api::AckSecretQueue{(qint64(1) << 40)});
    checkRequestRoundTrip(api::InviteContact{QStringLiteral("bob_2")});
    checkRequestRoundTrip(api::AcceptContact{2});
    checkRequestRoundTrip(api::DenyContact{2});
    checkRequestRoundTrip(api::CancelContactInvite{2});
    checkRequestRoundTrip(api::RemoveContact{(qint64(1) << 40)});
    checkRequestRoundTrip(api::ListContacts{api::ContactFilter::Outgoing, 5, 1});
    checkRequestRoundTrip(api::SetBlocked{2, false});
    checkRequestRoundTrip(api::ListBlocked{0, api::kMaxContactsPage});
    checkRequestRoundTrip(api::GetProfiles{{1, 2, 3}});
    checkRequestRoundTrip(api::UpdateProfile{false, {}, true, QString()});
    checkRequestRoundTrip(
        api::UpdateProfile{true, QStringLiteral("Bob"), true, QString(api::kMaxAboutChars, 'a')});
    checkRequestRoundTrip(api::SetUsername{QStringLiteral("bobby")});
    checkRequestRoundTrip(api::SetLastSeenPrivacy{api::LastSeenPrivacy::Contacts});
    checkRequestRoundTrip(api::CreateChannel{3, QStringLiteral("News"), QStringLiteral("daily"),
                                             QStringLiteral("news_1")});
    checkRequestRoundTrip(api::CreateChannel{-3, QStringLiteral("Private"), {}, {}});
    checkRequestRoundTrip(api::GetChannel{7});
    checkRequestRoundTrip(api::EditChannel{7, QStringLiteral("T"), std::nullopt});
    checkRequestRoundTrip(api::EditChannel{7, std::nullopt, QString()});
    checkRequestRoundTrip(api::SubscribeChannel{7});
    checkRequestRoundTrip(api::UnsubscribeChannel{7});
    checkRequestRoundTrip(api::AddChannelSubscribers{7, {2, 3}});
    checkRequestRoundTrip(api::SetChannelMuted{7, false});
    checkRequestRoundTrip(api::SetChannelRole{7, 2, api::ChannelRole::Admin});
    checkRequestRoundTrip(api::PostToChannel{7, 9, QStringLiteral("hello")});
    // A post with files (§15.8): the caption may be empty; a text-only post has no key for them.
    checkRequestRoundTrip(api::PostToChannel{7, 10, QString(), {sampleAttachment()}});
    checkRequestRoundTrip(api::PostToChannel{7, 11, QStringLiteral("pier"), {sampleAttachment()}});
    const api::PostToChannel textOnly{7, 9, QStringLiteral("hi")};
    QVERIFY(!textOnly.toCbor().contains(L("attachments")));
    const api::PostToChannel nothing{7, 12, QString()};
    QVERIFY(!api::PostToChannel::decode(nothing.toCbor()).ok());
    checkRequestRoundTrip(api::GetChannelDifference{7, 0, api::kMaxChannelDifferenceLimit});
    checkRequestRoundTrip(api::GetChannelHistory{7, 100, 20});
    checkRequestRoundTrip(api::ListChannels{5, 10});
    checkRequestRoundTrip(api::SearchChannels{QStringLiteral("news"), 5});
    checkRequestRoundTrip(api::CreateSupergroup{5, QStringLiteral("Crew"), {2, 3}});
    checkRequestRoundTrip(api::CreateSupergroup{-5, QStringLiteral("Alone"), {}});
    checkRequestRoundTrip(api::RemoveSupergroupMember{7, 2});
    checkRequestRoundTrip(api::UpgradeGroup{8});
    checkRequestRoundTrip(api::GetSupergroupMembers{8, 120, 50});
    checkRequestRoundTrip(
        api::CreateSupergroup{5, QStringLiteral("Big"), {2, 3}, QStringLiteral("big_room")});
}

void ProtocolApiTest::resultsRoundTrip() {
    checkResultRoundTrip(api::Empty{});
    checkResultRoundTrip(api::AuthResult{1, 2, QString(kTokenChars, QLatin1Char('t')), 17});
    checkResultRoundTrip(api::AuthResult{(qint64(1) << 40), 2, {}, 0}); // auth.resume: no token
    checkResultRoundTrip(api::DevicesResult{});
    checkResultRoundTrip(api::DevicesResult{
        {Device{1, QStringLiteral("laptop"), 10, 20, true}, Device{2, {}, 11, 0, false}}});
    checkResultRoundTrip(
        api::UsersResult{{User{1, QStringLiteral("alice"), QStringLiteral("Alice")},
                          User{2, QStringLiteral("bob"), {}}}});
    checkResultRoundTrip(api::ChatResult{sampleChat(), 9});
    checkResultRoundTrip(api::ChatsResult{{}, 0});
    checkResultRoundTrip(
        api::ChatsResult{{ChatSummary{sampleChat(), sampleMessage(), 3, 1000, 999, 1000},
                          ChatSummary{sampleChat(), std::nullopt, 0, 0, 0, 0}},
                         42});
    checkResultRoundTrip(api::SendResult{sampleMessage(), 5, false});
    checkResultRoundTrip(api::SendResult{sampleMessage(), 5, true});
    Message withFiles = sampleMessage();
    withFiles.text.clear();
    withFiles.attachments = {sampleAttachment()};
    checkResultRoundTrip(api::SendResult{withFiles, 6, false});
    checkResultRoundTrip(api::MessagesResult{{withFiles, sampleMessage()}, true});
    // A text message's frame is as it was: no `attachments` key.
    QVERIFY(!sampleMessage().toCbor().contains(L("attachments")));
    checkResultRoundTrip(api::MessagesResult{{sampleMessage()}, true});
    checkResultRoundTrip(api::MessagesResult{{sampleMessage(), sampleMessage()}, false});
    // §16: editedAt only when edited, so an unedited message's frame is as before.
    QVERIFY(!sampleMessage().toCbor().contains(L("editedAt")));
    Message edited = sampleMessage();
    edited.editedAt = 1'763'700'060'000;
    checkResultRoundTrip(api::EditResult{edited, 12});
    // §19: a reply's quote and a forwarded copy's first author; absent when not set.
    QVERIFY(!sampleMessage().toCbor().contains(L("replyTo")));
    QVERIFY(!sampleMessage().toCbor().contains(L("forwardedFrom")));
    Message reply = sampleMessage();
    reply.replyTo = ReplyTo{1000, 2, QString(kMaxReplyExcerptChars, QLatin1Char('q'))};
    checkResultRoundTrip(api::SendResult{reply, 6, false});
    reply.replyTo->excerpt.clear(); // the quoted message was deleted for everyone
    checkResultRoundTrip(api::MessagesResult{{reply}, true});
    Message forwarded = sampleMessage();
    forwarded.forwardedFrom = ForwardedFrom{3, QStringLiteral("Алиса"), 1'763'600'000'000};
    checkResultRoundTrip(api::MessagesResult{{forwarded}, false});
    forwarded.forwardedFrom->senderName.clear();
    QVERIFY(!forwarded.forwardedFrom->toCbor().contains(L("senderName")));
    checkResultRoundTrip(api::SendResult{forwarded, 7, true});
    checkResultRoundTrip(api::ForwardResult{{1002, 1003}, 9, false});
    checkResultRoundTrip(api::ForwardResult{{1002}, 9, true});
    checkResultRoundTrip(api::DeleteResult{{1000, 1001}, 13});
    checkResultRoundTrip(api::DeleteResult{{}, 13});
    checkResultRoundTrip(api::DifferenceResult{{LoggedUpdate{5, MessageEditedUpdate{edited}},
                                                LoggedUpdate{6, MessagesDeletedUpdate{7, {1001}}}},
                                               6,
                                               true,
                                               false});
    checkResultRoundTrip(api::MessagesResult{{}, std::nullopt}); // from a server before `final`
    checkResultRoundTrip(api::PtsResult{77});
    checkResultRoundTrip(api::PongResult{1'763'700'000'000});
    checkResultRoundTrip(api::DifferenceResult{
        {LoggedUpdate{4, NewMessageUpdate{sampleMessage()}},
         LoggedUpdate{5, NewChatUpdate{sampleChat()}}, LoggedUpdate{6, ReadInboxUpdate{7, 1001}},
         LoggedUpdate{7, ReadOutboxUpdate{7, 1000}}, LoggedUpdate{8, DeliveredUpdate{7, 1001}}},
        8,
        false,
        false});
    checkResultRoundTrip(api::DifferenceResult{{}, 3, true, false});
    checkResultRoundTrip(api::DifferenceResult{{}, 900, true, true});
    checkResultRoundTrip(api::PinnedChatsResult{{}, 0});
    checkResultRoundTrip(api::SaveDraftResult{1'763'700'000'000, 12});
    checkResultRoundTrip(api::SaveDraftResult{0, 13}); // cleared
    checkResultRoundTrip(api::PresenceResult{});
    checkResultRoundTrip(
        api::PresenceResult{{{2, true, std::nullopt, std::nullopt},
                             {(qint64(1) << 40), false, 1'763'700'000'000, std::nullopt},
                             {4, false, std::nullopt, api::LastSeenBucket::Recently},
                             {5, false, std::nullopt, api::LastSeenBucket::LongAgo}}});
    {
        const UserStatusUpdate push{{2, false, std::nullopt, api::LastSeenBucket::LastWeek}};
        QString why;
        const auto parsed = UserStatusUpdate::fromFields(push.toCbor(), &why);
        QVERIFY2(parsed, qPrintable(why));
        QCOMPARE(*parsed, push);
        QCOMPARE(push.toCbor().value(L("type")).toString(), QStringLiteral("userStatus"));
    }
    checkResultRoundTrip(api::DraftsPage{{}, true, 1'763'700'000'000});
    checkResultRoundTrip(api::DraftsPage{{{7, QStringLiteral("Черновик 📝"), 1'763'700'000'000},
                                          {(qint64(1) << 40), QStringLiteral("x"), 0}},
                                         false,
                                         1'763'700'000'001});
    checkResultRoundTrip(api::DifferenceResult{
        {LoggedUpdate{5, DraftUpdate{7, QStringLiteral("soon"), 1'763'700'000'000}},
         LoggedUpdate{6, DraftUpdate{7, QString(), 1'763'700'000'001}}},
        6,
        true,
        false});
    checkResultRoundTrip(api::PinnedChatsResult{{9, 7, (qint64(1) << 40), 3, 1}, 12});
    checkResultRoundTrip(api::ChatMuteResult{{7, api::kMutedForever}, 3});
    checkResultRoundTrip(api::ChatMuteResult{{(qint64(1) << 40), 0}, 0});
    checkResultRoundTrip(api::MutedChatsResult{});
    checkResultRoundTrip(
        api::MutedChatsResult{{{3, 1'763'700'000'000}, {7, api::kMutedForever}}, 12});
    Chat group{8, ChatKind::Group, QStringLiteral("Trip"), {1, 2, 3}, 5};
    group.ownerId = 1;
    group.adminIds = {3};
    Message service{1002, 8, 1, 6, {}, 0};
    service.action = MessageAction{ActionKind::MembersAdded, {2, 3}, {}};
    Message renamed = service;
    renamed.action = MessageAction{ActionKind::TitleChanged, {}, QStringLiteral("Trip")};
    checkResultRoundTrip(api::ChatResult{group, 4});
    // §17.4: the pinned message travels with the chat; a chat without one has no such key.
    QVERIFY(!group.toCbor().contains(QLatin1StringView("pinnedMessageId")));
    Chat pinnedGroup = group;
    pinnedGroup.pinnedMessageId = 1002;
    checkResultRoundTrip(api::ChatResult{pinnedGroup, 5});
    checkResultRoundTrip(api::PinMessageResult{8, 1002, 14});
    checkResultRoundTrip(api::InviteLinkResult{8, QString(43, QLatin1Char('Z'))});
    checkResultRoundTrip(api::InvitePreview{QStringLiteral("Book club"), 3, false, 0});
    checkResultRoundTrip(api::InvitePreview{QStringLiteral("Book club"), 3, true, 8});
    checkResultRoundTrip(api::ReadersResult{});
    checkResultRoundTrip(api::ReadersResult{{{2, api::ReaderState::Sent, 0},
                                             {3, api::ReaderState::Delivered, 1'763'700'000'000},
                                             {4, api::ReaderState::Read, 1'763'700'000'001}}});
    checkResultRoundTrip(api::PinMessageResult{8, 0, 15}); // unpinned
    // §22: comments, and the count a post carries (absent at 0, so other frames stay as they were).
    const api::Comment comment{31, 8, 1002, 3, 1'763'700'000'000, QStringLiteral("first"), 77};
    checkResultRoundTrip(api::CommentResult{comment, 1, false});
    checkResultRoundTrip(api::CommentResult{comment, 12, true});
    api::Comment sharedComment = comment;
    sharedComment.randomId = 0;
    QVERIFY(!sharedComment.toCbor().contains(QLatin1StringView("randomId")));
    checkResultRoundTrip(api::CommentsResult{});
    checkResultRoundTrip(api::CommentsResult{{sharedComment, sharedComment}, 2, false});
    checkResultRoundTrip(api::DeleteCommentResult{0, true});
    checkResultRoundTrip(api::DeleteCommentResult{4, false});
    Message commented{1002, 8, 3, 1'763'700'000'000, QStringLiteral("post")};
    QVERIFY(!commented.toCbor().contains(QLatin1StringView("commentCount")));
    commented.commentCount = 12;
    checkResultRoundTrip(api::MessagesResult{{commented}, true});
    const ChannelSubscribersPush subscribersPush{8, 1200};
    QCOMPARE(ChannelSubscribersPush::fromCbor(subscribersPush.toCbor()),
             std::optional(subscribersPush));
    QVERIFY(!ChannelSubscribersPush::fromCbor(QCborMap{{L("type"), QStringLiteral("channelUpdate")},
                                                       {L("channelId"), 8},
                                                       {L("subscriberCount"), 3}}));
    const PostCommentsPush countPush{8, 1002, 12, 31};
    QCOMPARE(PostCommentsPush::fromCbor(countPush.toCbor()), std::optional(countPush));
    QVERIFY(!PostCommentsPush::fromCbor(QCborMap{{L("type"), QStringLiteral("channelUpdate")},
                                                 {L("channelId"), 8},
                                                 {L("postId"), 1},
                                                 {L("commentCount"), 0}}));
    checkResultRoundTrip(api::DifferenceResult{{LoggedUpdate{14, ChatPinnedMessageUpdate{8, 1002}},
                                                LoggedUpdate{15, ChatPinnedMessageUpdate{8, 0}}},
                                               15,
                                               true,
                                               false});
    checkResultRoundTrip(api::DifferenceResult{{LoggedUpdate{11, ChatChangedUpdate{group}},
                                                LoggedUpdate{12, NewMessageUpdate{service}},
                                                LoggedUpdate{13, NewMessageUpdate{renamed}}},
                                               13,
                                               true,
                                               false});
    checkResultRoundTrip(api::DifferenceResult{
        {LoggedUpdate{9, PinnedChatsUpdate{{7, 3}}}, LoggedUpdate{10, PinnedChatsUpdate{}},
         LoggedUpdate{11, ChatMutedUpdate{7, api::kMutedForever}},
         LoggedUpdate{12, ChatMutedUpdate{7, 0}}},
        12,
        true,
        false});
    checkResultRoundTrip(api::SecretKeysResult{0});
    checkResultRoundTrip(api::SecretKeysResult{api::kMaxHeldOneTimePreKeys});
    checkResultRoundTrip(api::SecretDevicesResult{});
    checkResultRoundTrip(api::SecretDevicesResult{{{3, 1'763'700'000'000}, {1, 0}}});
    checkResultRoundTrip(api::SecretBundleResult{QByteArray(300, 'b')});
    checkResultRoundTrip(api::SecretSentResult{(qint64(1) << 40)});
    const api::SecretEnvelope envelope{9, 2, 3, 1'763'700'000'000, QByteArray(70, '\0')};
    checkResultRoundTrip(api::SecretQueueResult{});
    checkResultRoundTrip(api::SecretQueueResult{{envelope, envelope}, false});
    api::Profile own{User{2, QStringLiteral("bob"), QStringLiteral("Bob")}, QStringLiteral("hi")};
    own.lastSeenAt = 1'763'700'000'000;
    own.privacy = api::LastSeenPrivacy::Nobody;
    api::Profile seen = own;
    seen.lastSeenAt.reset();
    seen.privacy.reset();
    seen.lastSeen = api::LastSeenBucket::LastMonth;
    checkResultRoundTrip(api::ProfilesResult{{own, seen}});
    checkResultRoundTrip(api::ProfileResult{own, 4});
    const api::ContactEntry denied{seen, api::ContactStatus::Denied, 10, 20};
    const api::ContactEntry contact{seen, api::ContactStatus::Contact, 10, 0};
    checkResultRoundTrip(api::ContactResult{denied, 5});
    checkResultRoundTrip(api::ContactsResult{{denied, contact}, false, 6});
    checkResultRoundTrip(api::BlockResult{2, true, 7});
    checkResultRoundTrip(api::BlockedResult{{own.user}, true});
    api::Channel channel{7,
                         QStringLiteral("News"),
                         QStringLiteral("daily"),
                         QStringLiteral("news"),
                         10,
                         1,
                         {2, 3},
                         100,
                         55,
                         api::ChannelRole::Admin,
                         true};
    checkResultRoundTrip(api::ChannelResult{channel, 8});
    api::Channel shared = channel;
    shared.role.reset();
    shared.muted = false;
    shared.name.clear();
    checkResultRoundTrip(api::ChannelsResult{{channel, shared}, false});
    checkResultRoundTrip(api::SupergroupMembersResult{
        {{7, api::ChannelRole::Owner, 1000}, {9, api::ChannelRole::Subscriber, 2000}}, false});
    checkResultRoundTrip(
        api::DifferenceResult{{LoggedUpdate{56, ChannelChangedUpdate{shared}},
                               LoggedUpdate{57, ChannelSubscriptionUpdate{channel}}},
                              57,
                              true,
                              false});
    const ChannelUpdatePush push{7, 56, updateToCbor(ChannelChangedUpdate{shared})};
    QCOMPARE(ChannelUpdatePush::fromCbor(push.toCbor()), std::optional(push));
    QVERIFY(!ChannelUpdatePush::fromCbor(QCborMap{
        {L("type"), L("other")}, {L("channelId"), 7}, {L("pts"), 1}, {L("u"), QCborMap{}}}));
    // A profile with both or neither of lastSeenAt and lastSeen is malformed.
    api::Profile both = own;
    both.lastSeen = api::LastSeenBucket::Recently;
    QVERIFY(!api::Profile::fromCbor(both.toCbor()));
    api::Profile neither = seen;
    neither.lastSeen.reset();
    QVERIFY(!api::Profile::fromCbor(neither.toCbor()));
    QString why;
    const auto pushed =
        SecretEnvelopeUpdate::fromFields(SecretEnvelopeUpdate{envelope}.toCbor(), &why);
    QVERIFY2(pushed.has_value(), qPrintable(why));
    QCOMPARE(pushed->envelope, envelope);
    QCOMPARE(SecretEnvelopeUpdate{envelope}.toCbor().value(L("type")).toString(),
             QStringLiteral("secretEnvelope"));
}

void ProtocolApiTest::optionalArgumentsTakeTheirDefaults() {
    const auto search = api::SearchUsers::decode(QCborMap{{L("query"), QStringLiteral("al")}});
    QVERIFY(search.ok());
    QCOMPARE(search.value->limit, api::SearchUsers::kDefaultLimit);

    const auto difference = api::GetDifference::decode(QCborMap{{L("pts"), 4}});
    QVERIFY(difference.ok());
    QCOMPARE(difference.value->limit, kMaxDifferenceSlice);

    const auto history = api::GetHistory::decode(without(historyArgs(), L("beforeId")));
    QVERIFY(history.ok());
    QCOMPARE(history.value->beforeId, 0);

    const auto signUp = api::SignUp::decode(without(signUpArgs(), L("displayName")));
    QVERIFY(signUp.ok());
    QVERIFY(signUp.value->displayName.isEmpty());
    const api::SignUp withoutDisplayName{
        QStringLiteral("alice"), QStringLiteral("correct horse"), QStringLiteral("laptop"), {}};
    QVERIFY(!withoutDisplayName.toCbor().contains(L("displayName")));

    const auto queue = api::GetSecretQueue::decode(QCborValue());
    QVERIFY(queue.ok());
    QCOMPARE(queue.value->afterId, 0);
    QCOMPARE(queue.value->limit, api::kMaxSecretQueuePage);

    // Methods without arguments take none, or an absent `a`.
    QVERIFY(api::ListChats::decode(QCborValue()).ok());
    QVERIFY(api::Ping::decode(QCborMap{}).ok());
    // Unknown keys are ignored (a newer client may send more).
    QVERIFY(api::MarkRead::decode(with(api::MarkRead{1, 2}.toCbor(), L("future"), 1)).ok());
}

void ProtocolApiTest::boundaryValuesAreAccepted() {
    QVERIFY(api::SendMessage::decode(
                with(sendArgs(), L("text"), QString(kMaxTextChars, QLatin1Char('x'))))
                .ok());
    QVERIFY(api::GetUsers::decode(QCborMap{{L("ids"), intArray(kMaxUsersGet)}}).ok());
    QVERIFY(api::GetHistory::decode(with(historyArgs(), L("limit"), kMaxHistoryLimit)).ok());
    QVERIFY(api::GetHistory::decode(with(historyArgs(), L("limit"), 1)).ok());
    QVERIFY(api::SearchUsers::decode(
                QCborMap{{L("query"), QString(kMaxUsernameChars, QLatin1Char('a'))},
                         {L("limit"), kMaxUserSearchLimit}})
                .ok());
    QVERIFY(api::SignUp::decode(
                with(signUpArgs(), L("password"), QString(kMinPasswordBytes, QLatin1Char('p'))))
                .ok());
    QVERIFY(api::SignUp::decode(
                with(signUpArgs(), L("password"), QString(kMaxPasswordBytes, QLatin1Char('p'))))
                .ok());
    QVERIFY(api::SignUp::decode(
                with(signUpArgs(), L("username"), QString(kMaxUsernameChars, QLatin1Char('a'))))
                .ok());
    QVERIFY(api::SignUp::decode(
                with(signUpArgs(), L("deviceName"), QString(kMaxDeviceNameChars, QLatin1Char('d'))))
                .ok());
    QVERIFY(api::Resume::decode(QCborMap{{L("token"), QString(2 * kTokenChars, QLatin1Char('t'))}})
                .ok());
    QVERIFY(api::SendMessage::decode(
                with(sendArgs(), L("randomId"), std::numeric_limits<qint64>::min()))
                .ok());
    // A log-in with a malformed pair is decoded: it must cost what any wrong pair costs.
    QVERIFY(api::LogIn::decode(with(logInArgs(), L("password"), QStringLiteral("x"))).ok());
    QVERIFY(
        api::LogIn::decode(with(logInArgs(), L("username"), QStringLiteral("NOT VALID!"))).ok());
}

void ProtocolApiTest::decodeRefuses_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QCborValue>("args");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message"); // a part of the message the server answers with

    const QString longText(kMaxTextChars + 1, QLatin1Char('x'));
    auto row = [](const char *name, QLatin1StringView method, const QCborValue &args,
                  ErrorCode code, const QString &message) {
        QTest::newRow(name) << QString(method) << args << code << message;
    };
    using E = ErrorCode;
    const QCborValue notAMap(QCborArray{1, 2});

    // Invite links and read lists (§20, §21).
    row("checkInvite/empty", api::CheckInvite::method, QCborMap{{L("token"), QString()}},
        E::BadRequest, QStringLiteral("token"));
    row("joinByInvite/too-long", api::JoinByInvite::method,
        QCborMap{{L("token"), QString(api::kMaxInviteTokenChars + 1, QLatin1Char('A'))}},
        E::TooLarge, QStringLiteral("token"));
    row("exportInvite/chat-0", api::ExportInvite::method, QCborMap{{L("chatId"), 0}}, E::BadRequest,
        QStringLiteral("chatId"));
    row("readers/no-message", api::GetMessageReaders::method, QCborMap{{L("chatId"), 7}},
        E::BadRequest, QStringLiteral("messageId"));

    // Post comments (§22).
    const QCborMap onPost{{L("channelId"), 7}, {L("postId"), 1001}};
    row("comment/no-text", api::CommentOnPost::method, with(onPost, L("randomId"), 3),
        E::BadRequest, QStringLiteral("text"));
    row("comment/blank", api::CommentOnPost::method,
        with(with(onPost, L("randomId"), 3), L("text"), QStringLiteral(" \n ")), E::BadRequest,
        QStringLiteral("blank"));
    row("comment/random-0", api::CommentOnPost::method,
        with(with(onPost, L("randomId"), 0), L("text"), QStringLiteral("a")), E::BadRequest,
        QStringLiteral("randomId"));
    row("comment/too-long", api::CommentOnPost::method,
        with(with(onPost, L("randomId"), 3), L("text"), longText), E::TooLarge,
        QStringLiteral("text"));
    row("comments/limit-101", api::GetComments::method, with(onPost, L("limit"), 101),
        E::BadRequest, QStringLiteral("limit"));
    row("comments/both-ways", api::GetComments::method,
        with(with(onPost, L("beforeId"), 9), L("afterId"), 2), E::BadRequest,
        QStringLiteral("not both"));
    row("comments/no-post", api::GetComments::method, QCborMap{{L("channelId"), 7}}, E::BadRequest,
        QStringLiteral("postId"));
    row("deleteComment/comment-0", api::DeleteComment::method, with(onPost, L("commentId"), 0),
        E::BadRequest, QStringLiteral("commentId"));

    // auth.signUp: checked in order, each with its own code.
    row("signUp/not-a-map", method::SignUp, notAMap, E::BadRequest,
        QStringLiteral("must be a map"));
    row("signUp/no-username", method::SignUp, without(signUpArgs(), L("username")), E::BadRequest,
        QStringLiteral("field 'username' is required and must be text"));
    row("signUp/username-int", method::SignUp, with(signUpArgs(), L("username"), 5), E::BadRequest,
        QStringLiteral("field 'username'"));
    row("signUp/username-bad-chars", method::SignUp,
        with(signUpArgs(), L("username"), QStringLiteral("Alice!")), E::UsernameInvalid,
        QStringLiteral("a username has"));
    row("signUp/username-too-short", method::SignUp,
        with(signUpArgs(), L("username"), QStringLiteral("al")), E::UsernameInvalid,
        QStringLiteral("a username has"));
    row("signUp/username-too-long", method::SignUp,
        with(signUpArgs(), L("username"), QString(kMaxUsernameChars + 1, QLatin1Char('a'))),
        E::UsernameInvalid, QStringLiteral("a username has"));
    row("signUp/username-before-password", method::SignUp,
        without(with(signUpArgs(), L("username"), QStringLiteral("9lives")), L("password")),
        E::UsernameInvalid, QStringLiteral("a username has"));
    row("signUp/no-password", method::SignUp, without(signUpArgs(), L("password")), E::BadRequest,
        QStringLiteral("field 'password' is required"));
    row("signUp/password-bytes", method::SignUp,
        with(signUpArgs(), L("password"), QByteArray("correct horse")), E::BadRequest,
        QStringLiteral("field 'password'"));
    row("signUp/password-short", method::SignUp,
        with(signUpArgs(), L("password"), QString(kMinPasswordBytes - 1, QLatin1Char('p'))),
        E::PasswordInvalid, QStringLiteral("8..256 bytes"));
    // Counted in UTF-8 bytes: 129 two-byte letters are 258 bytes.
    row("signUp/password-long-utf8", method::SignUp,
        with(signUpArgs(), L("password"), QString(129, QChar(0x0436))), E::PasswordInvalid,
        QStringLiteral("8..256 bytes"));
    row("signUp/no-device", method::SignUp, without(signUpArgs(), L("deviceName")), E::BadRequest,
        QStringLiteral("field 'deviceName' is required"));
    row("signUp/device-empty", method::SignUp, with(signUpArgs(), L("deviceName"), QString()),
        E::BadRequest, QStringLiteral("deviceName must have 1..64 characters"));
    row("signUp/device-long", method::SignUp,
        with(signUpArgs(), L("deviceName"), QString(kMaxDeviceNameChars + 1, QLatin1Char('d'))),
        E::BadRequest, QStringLiteral("deviceName must have 1..64 characters"));
    row("signUp/display-long", method::SignUp,
        with(signUpArgs(), L("displayName"), QString(kMaxDisplayNameChars + 1, QLatin1Char('n'))),
        E::TooLarge, QStringLiteral("field 'displayName' is longer than 64"));
    row("signUp/display-int", method::SignUp, with(signUpArgs(), L("displayName"), 3),
        E::BadRequest, QStringLiteral("field 'displayName' must be a text string"));

    // auth.logIn
    row("logIn/not-a-map", method::LogIn, QCborValue(QStringLiteral("alice")), E::BadRequest,
        QStringLiteral("must be a map"));
    row("logIn/no-username", method::LogIn, without(logInArgs(), L("username")), E::BadRequest,
        QStringLiteral("field 'username' is required"));
    row("logIn/password-int", method::LogIn, with(logInArgs(), L("password"), 12345678),
        E::BadRequest, QStringLiteral("field 'password' is required"));
    row("logIn/device-long", method::LogIn,
        with(logInArgs(), L("deviceName"), QString(kMaxDeviceNameChars + 1, QLatin1Char('d'))),
        E::BadRequest, QStringLiteral("deviceName must have"));
    row("logIn/device-null", method::LogIn, with(logInArgs(), L("deviceName"), QCborValue(nullptr)),
        E::BadRequest, QStringLiteral("field 'deviceName' is required"));

    // auth.resume
    row("resume/no-token", method::Resume, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'token'"));
    row("resume/token-int", method::Resume, QCborMap{{L("token"), 1}}, E::BadRequest,
        QStringLiteral("field 'token' must be a text string"));
    row("resume/token-empty", method::Resume, QCborMap{{L("token"), QString()}}, E::BadRequest,
        QStringLiteral("shorter than 1"));
    row("resume/token-long", method::Resume,
        QCborMap{{L("token"), QString(2 * kTokenChars + 1, QLatin1Char('t'))}}, E::TooLarge,
        QStringLiteral("field 'token' is longer than"));

    // devices.revoke
    row("revoke/no-id", method::DevicesRevoke, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'deviceId'"));
    row("revoke/zero", method::DevicesRevoke, QCborMap{{L("deviceId"), 0}}, E::BadRequest,
        QStringLiteral("field 'deviceId' must be in 1.."));
    row("revoke/text", method::DevicesRevoke, QCborMap{{L("deviceId"), QStringLiteral("2")}},
        E::BadRequest, QStringLiteral("field 'deviceId' must be an integer"));
    row("revoke/float", method::DevicesRevoke, QCborMap{{L("deviceId"), 2.0}}, E::BadRequest,
        QStringLiteral("must be an integer"));

    // users.search
    row("search/no-query", method::UsersSearch, QCborMap{{L("limit"), 5}}, E::BadRequest,
        QStringLiteral("missing field 'query'"));
    row("search/query-empty", method::UsersSearch, QCborMap{{L("query"), QString()}}, E::BadRequest,
        QStringLiteral("shorter than 1"));
    row("search/query-long", method::UsersSearch,
        QCborMap{{L("query"), QString(kMaxUsernameChars + 1, QLatin1Char('a'))}}, E::TooLarge,
        QStringLiteral("longer than 32"));
    row("search/limit-zero", method::UsersSearch,
        QCborMap{{L("query"), QStringLiteral("al")}, {L("limit"), 0}}, E::BadRequest,
        QStringLiteral("field 'limit' must be in 1..50"));
    row("search/limit-high", method::UsersSearch,
        QCborMap{{L("query"), QStringLiteral("al")}, {L("limit"), kMaxUserSearchLimit + 1}},
        E::BadRequest, QStringLiteral("field 'limit' must be in 1..50"));
    row("search/limit-text", method::UsersSearch,
        QCborMap{{L("query"), QStringLiteral("al")}, {L("limit"), QStringLiteral("5")}},
        E::BadRequest, QStringLiteral("must be an integer"));

    // users.get
    row("usersGet/no-ids", method::UsersGet, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'ids'"));
    row("usersGet/ids-map", method::UsersGet, QCborMap{{L("ids"), QCborMap{}}}, E::BadRequest,
        QStringLiteral("field 'ids' must be an array"));
    row("usersGet/ids-empty", method::UsersGet, QCborMap{{L("ids"), QCborArray{}}}, E::BadRequest,
        QStringLiteral("needs at least 1 items"));
    row("usersGet/ids-too-many", method::UsersGet, QCborMap{{L("ids"), intArray(kMaxUsersGet + 1)}},
        E::TooLarge, QStringLiteral("has more than 100 items"));
    row("usersGet/ids-text", method::UsersGet,
        QCborMap{{L("ids"), QCborArray{1, QStringLiteral("2")}}}, E::BadRequest,
        QStringLiteral("must hold only integers"));

    // chats.openPrivate
    row("openPrivate/no-user", method::ChatsOpenPrivate, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'userId'"));
    row("openPrivate/negative", method::ChatsOpenPrivate, QCborMap{{L("userId"), -1}},
        E::BadRequest, QStringLiteral("must be in 1.."));
    row("openPrivate/not-a-map", method::ChatsOpenPrivate, QCborValue(7), E::BadRequest,
        QStringLiteral("must be a map"));

    // messages.send
    row("send/no-chat", method::MessagesSend, without(sendArgs(), L("chatId")), E::BadRequest,
        QStringLiteral("missing field 'chatId'"));
    row("send/chat-zero", method::MessagesSend, with(sendArgs(), L("chatId"), 0), E::BadRequest,
        QStringLiteral("field 'chatId' must be in 1.."));
    row("send/no-random", method::MessagesSend, without(sendArgs(), L("randomId")), E::BadRequest,
        QStringLiteral("missing field 'randomId'"));
    row("send/random-zero", method::MessagesSend, with(sendArgs(), L("randomId"), 0), E::BadRequest,
        QStringLiteral("randomId must not be 0"));
    row("send/random-text", method::MessagesSend,
        with(sendArgs(), L("randomId"), QStringLiteral("1")), E::BadRequest,
        QStringLiteral("field 'randomId' must be an integer"));
    row("send/no-text", method::MessagesSend, without(sendArgs(), L("text")), E::BadRequest,
        QStringLiteral("missing field 'text'"));
    row("send/text-empty", method::MessagesSend, with(sendArgs(), L("text"), QString()),
        E::BadRequest, QStringLiteral("field 'text' is shorter than 1"));
    row("send/text-long", method::MessagesSend, with(sendArgs(), L("text"), longText), E::TooLarge,
        QStringLiteral("field 'text' is longer than 4096 characters"));
    row("send/text-bytes", method::MessagesSend, with(sendArgs(), L("text"), QByteArray("hi")),
        E::BadRequest, QStringLiteral("field 'text' must be a text string"));
    // messages.send with attachments (docs/protocol.md §11)
    const QCborMap attachment = sampleAttachment().toCbor();
    auto withField = [&](L key, const QCborValue &value) { return with(attachment, key, value); };
    row("send/attachments-too-many", method::MessagesSend,
        attachmentsArgs(attachment, kMaxAttachments + 1), E::TooLarge,
        QStringLiteral("has more than 10 items"));
    row("send/attachments-map", method::MessagesSend,
        with(sendArgs(), L("attachments"), attachment), E::BadRequest,
        QStringLiteral("field 'attachments' must be an array"));
    row("send/attachment-not-map", method::MessagesSend,
        with(sendArgs(), L("attachments"), QCborArray{1}), E::BadRequest,
        QStringLiteral("attachment 0 must be a map"));
    row("send/attachment-no-file", method::MessagesSend,
        attachmentsArgs(without(attachment, L("fileId"))), E::BadRequest,
        QStringLiteral("attachment 0: missing field 'fileId'"));
    row("send/attachment-file-upper", method::MessagesSend,
        attachmentsArgs(withField(L("fileId"), QStringLiteral("0123456789ABCDEF0123456789ABCDEF"))),
        E::BadRequest, QStringLiteral("lowercase hex"));
    row("send/attachment-file-short", method::MessagesSend,
        attachmentsArgs(withField(L("fileId"), QStringLiteral("abc"))), E::BadRequest,
        QStringLiteral("field 'fileId' is shorter"));
    row("send/attachment-kind", method::MessagesSend,
        attachmentsArgs(withField(L("kind"), QStringLiteral("sticker"))), E::BadRequest,
        QStringLiteral("unknown attachment kind"));
    row("send/attachment-size-negative", method::MessagesSend,
        attachmentsArgs(withField(L("size"), -1)), E::BadRequest,
        QStringLiteral("field 'size' must be in 0.."));
    row("send/attachment-size-5gib", method::MessagesSend,
        attachmentsArgs(withField(L("size"), qint64(5) << 30)), E::BadRequest,
        QStringLiteral("field 'size' must be in 0.."));
    row("send/attachment-width-zero", method::MessagesSend,
        attachmentsArgs(withField(L("width"), 0)), E::BadRequest,
        QStringLiteral("field 'width' must be in 1.."));
    row("send/attachment-duration-text", method::MessagesSend,
        attachmentsArgs(withField(L("durationMs"), QStringLiteral("1"))), E::BadRequest,
        QStringLiteral("field 'durationMs' must be an integer"));
    row("send/attachment-name-long", method::MessagesSend,
        attachmentsArgs(withField(L("name"), QString(kMaxAttachmentNameChars + 1, u'n'))),
        E::TooLarge, QStringLiteral("field 'name' is longer than 255"));
    row("send/attachment-mime-long", method::MessagesSend,
        attachmentsArgs(withField(L("mime"), QString(kMaxMimeChars + 1, u'm'))), E::TooLarge,
        QStringLiteral("field 'mime' is longer than 127"));
    row("send/attachment-thumbnail-big", method::MessagesSend,
        attachmentsArgs(withField(L("thumbnail"), QByteArray(kMaxThumbnailBytes + 1, 'x'))),
        E::TooLarge, QStringLiteral("field 'thumbnail' is longer than 16384 bytes"));
    row("send/attachment-thumbnail-text", method::MessagesSend,
        attachmentsArgs(withField(L("thumbnail"), QStringLiteral("jpeg"))), E::BadRequest,
        QStringLiteral("field 'thumbnail' must be a byte string"));
    row("send/attachment-waveform-big", method::MessagesSend,
        attachmentsArgs(withField(L("waveform"), QByteArray(kMaxWaveformBytes + 1, 'x'))),
        E::TooLarge, QStringLiteral("field 'waveform' is longer than 256 bytes"));
    row("send/attachment-second-bad", method::MessagesSend,
        with(sendArgs(), L("attachments"),
             QCborArray{attachment, withField(L("height"), QStringLiteral("x"))}),
        E::BadRequest, QStringLiteral("attachment 1: field 'height'"));
    // The first violation is the one answered, in field order.
    row("send/first-violation", method::MessagesSend,
        with(with(sendArgs(), L("chatId"), 0), L("text"), longText), E::BadRequest,
        QStringLiteral("field 'chatId'"));

    // messages.history
    row("history/no-limit", method::MessagesHistory, without(historyArgs(), L("limit")),
        E::BadRequest, QStringLiteral("missing field 'limit'"));
    row("history/limit-high", method::MessagesHistory,
        with(historyArgs(), L("limit"), kMaxHistoryLimit + 1), E::BadRequest,
        QStringLiteral("field 'limit' must be in 1..100"));
    row("history/limit-zero", method::MessagesHistory, with(historyArgs(), L("limit"), 0),
        E::BadRequest, QStringLiteral("field 'limit' must be in 1..100"));
    row("history/before-negative", method::MessagesHistory, with(historyArgs(), L("beforeId"), -1),
        E::BadRequest, QStringLiteral("field 'beforeId' must be in 0.."));
    row("history/chat-text", method::MessagesHistory,
        with(historyArgs(), L("chatId"), QStringLiteral("7")), E::BadRequest,
        QStringLiteral("field 'chatId' must be an integer"));

    // messages.received / messages.read
    for (const QLatin1StringView m : {method::MessagesReceived, method::MessagesRead}) {
        const QByteArray name = QByteArray(m.data(), m.size());
        row((name + "/no-chat").constData(), m, QCborMap{{L("maxId"), 1}}, E::BadRequest,
            QStringLiteral("missing field 'chatId'"));
        row((name + "/no-max").constData(), m, QCborMap{{L("chatId"), 1}}, E::BadRequest,
            QStringLiteral("missing field 'maxId'"));
        row((name + "/max-negative").constData(), m, QCborMap{{L("chatId"), 1}, {L("maxId"), -1}},
            E::BadRequest, QStringLiteral("field 'maxId' must be in 0.."));
        row((name + "/chat-zero").constData(), m, QCborMap{{L("chatId"), 0}, {L("maxId"), 1}},
            E::BadRequest, QStringLiteral("field 'chatId' must be in 1.."));
        row((name + "/max-bool").constData(), m, QCborMap{{L("chatId"), 1}, {L("maxId"), true}},
            E::BadRequest, QStringLiteral("field 'maxId' must be an integer"));
    }

    // updates.getDifference
    row("difference/no-pts", method::UpdatesGetDifference, QCborMap{{L("limit"), 5}}, E::BadRequest,
        QStringLiteral("missing field 'pts'"));
    row("difference/pts-negative", method::UpdatesGetDifference, QCborMap{{L("pts"), -1}},
        E::BadRequest, QStringLiteral("field 'pts' must be in 0.."));
    row("difference/limit-high", method::UpdatesGetDifference,
        QCborMap{{L("pts"), 0}, {L("limit"), kMaxDifferenceSlice + 1}}, E::BadRequest,
        QStringLiteral("field 'limit' must be in 1..%1").arg(kMaxDifferenceSlice));
    row("difference/limit-zero", method::UpdatesGetDifference,
        QCborMap{{L("pts"), 0}, {L("limit"), 0}}, E::BadRequest,
        QStringLiteral("field 'limit' must be in 1..%1").arg(kMaxDifferenceSlice));

    // chats.setPinned: a chat id, and "pinned" never taken by default.
    const QCborMap pinArgs = api::SetChatPinned{7, true}.toCbor();
    row("setPinned/no-chat", method::ChatsSetPinned, without(pinArgs, L("chatId")), E::BadRequest,
        QStringLiteral("missing field 'chatId'"));
    row("setPinned/chat-zero", method::ChatsSetPinned, with(pinArgs, L("chatId"), 0), E::BadRequest,
        QStringLiteral("field 'chatId' must be in 1.."));
    row("setPinned/no-pinned", method::ChatsSetPinned, without(pinArgs, L("pinned")), E::BadRequest,
        QStringLiteral("missing field 'pinned'"));
    row("setPinned/pinned-int", method::ChatsSetPinned, with(pinArgs, L("pinned"), 1),
        E::BadRequest, QStringLiteral("field 'pinned' must be a boolean"));

    // chats.setMuted (§18): "muted" never taken by default, a time only with a mute, within
    // a minute and a year.
    const QCborMap muteArgs = api::SetChatMuted{7, true, 3600}.toCbor();
    row("setMuted/no-chat", method::ChatsSetMuted, without(muteArgs, L("chatId")), E::BadRequest,
        QStringLiteral("missing field 'chatId'"));
    row("setMuted/no-muted", method::ChatsSetMuted, without(muteArgs, L("muted")), E::BadRequest,
        QStringLiteral("missing field 'muted'"));
    row("setMuted/muted-int", method::ChatsSetMuted, with(muteArgs, L("muted"), 1), E::BadRequest,
        QStringLiteral("field 'muted' must be a boolean"));
    row("setMuted/seconds-short", method::ChatsSetMuted, with(muteArgs, L("forSeconds"), 59),
        E::BadRequest, QStringLiteral("field 'forSeconds' must be in 60.."));
    row("setMuted/seconds-long", method::ChatsSetMuted,
        with(muteArgs, L("forSeconds"), api::kMaxMuteSeconds + 1), E::BadRequest,
        QStringLiteral("field 'forSeconds' must be in 60.."));
    row("setMuted/unmute-with-time", method::ChatsSetMuted, with(muteArgs, L("muted"), false),
        E::BadRequest, QStringLiteral("'forSeconds' is for muting"));

    // messages.pin (§17.4): ids ≥ 1, "pinned" required (never taken by default), a boolean.
    const QCborMap pinMessageArgs = api::PinMessage{7, 1001, true}.toCbor();
    row("pinMessage/no-chat", api::PinMessage::method, without(pinMessageArgs, L("chatId")),
        E::BadRequest, QStringLiteral("missing field 'chatId'"));
    row("pinMessage/message-zero", api::PinMessage::method, with(pinMessageArgs, L("messageId"), 0),
        E::BadRequest, QStringLiteral("field 'messageId' must be in 1.."));
    row("pinMessage/no-pinned", api::PinMessage::method, without(pinMessageArgs, L("pinned")),
        E::BadRequest, QStringLiteral("missing field 'pinned'"));
    row("pinMessage/pinned-int", api::PinMessage::method, with(pinMessageArgs, L("pinned"), 1),
        E::BadRequest, QStringLiteral("field 'pinned' must be a boolean"));

    // messages.saveDraft / messages.getDrafts (§17.2): the send's text limit, the text required
    // (a draft is never cleared by omission), ids ≥ 1, an offset ≥ 0.
    const QCborMap draftArgs = api::SaveDraft{7, QStringLiteral("x")}.toCbor();
    row("saveDraft/no-chat", api::SaveDraft::method, without(draftArgs, L("chatId")), E::BadRequest,
        QStringLiteral("missing field 'chatId'"));
    row("saveDraft/chat-zero", api::SaveDraft::method, with(draftArgs, L("chatId"), 0),
        E::BadRequest, QStringLiteral("field 'chatId' must be in 1.."));
    row("saveDraft/no-text", api::SaveDraft::method, without(draftArgs, L("text")), E::BadRequest,
        QStringLiteral("missing field 'text'"));
    row("saveDraft/text-int", api::SaveDraft::method, with(draftArgs, L("text"), 5), E::BadRequest,
        QStringLiteral("text"));
    row("saveDraft/long-text", api::SaveDraft::method,
        with(draftArgs, L("text"), QString(kMaxTextChars + 1, QLatin1Char('x'))), E::TooLarge,
        QStringLiteral("text"));
    row("getDrafts/negative-offset", api::GetDrafts::method, QCborMap{{L("offsetChatId"), -1}},
        E::BadRequest, QStringLiteral("offsetChatId"));
    row("getDrafts/offset-text", api::GetDrafts::method, QCborMap{{L("offsetChatId"), "7"}},
        E::BadRequest, QStringLiteral("offsetChatId"));

    // presence.get (§17.3): 1..100 ids, each ≥ 1.
    QCborArray hundredAndOne;
    for (int i = 1; i <= api::kMaxPresenceIds + 1; ++i)
        hundredAndOne.append(i);
    row("presence/no-ids", api::GetPresence::method, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'userIds'"));
    row("presence/empty", api::GetPresence::method, QCborMap{{L("userIds"), QCborArray{}}},
        E::BadRequest, QStringLiteral("at least 1"));
    row("presence/too-many", api::GetPresence::method, QCborMap{{L("userIds"), hundredAndOne}},
        E::TooLarge, QStringLiteral("more than 100"));
    row("presence/id-zero", api::GetPresence::method, QCborMap{{L("userIds"), QCborArray{2, 0}}},
        E::BadRequest, QStringLiteral("≥ 1"));
    row("presenceSet/no-online", api::SetPresence::method, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'online'"));
    row("presenceSet/online-int", api::SetPresence::method, QCborMap{{L("online"), 1}},
        E::BadRequest, QStringLiteral("online"));
    row("presence/id-text", api::GetPresence::method, QCborMap{{L("userIds"), QCborArray{"2"}}},
        E::BadRequest, QStringLiteral("only integers"));

    // messages.edit / messages.delete (§16): the send's text limit, ids ≥ 1, a scope that is
    // never taken by default.
    const QCborMap editArgs = api::EditMessage{7, 9, QStringLiteral("x")}.toCbor();
    row("edit/no-message", method::MessagesEdit, without(editArgs, L("messageId")), E::BadRequest,
        QStringLiteral("missing field 'messageId'"));
    row("edit/long-text", method::MessagesEdit,
        with(editArgs, L("text"), QString(kMaxTextChars + 1, QLatin1Char('x'))), E::TooLarge,
        QStringLiteral("text"));
    // messages.send's replyToId and messages.forward (§19): ids ≥ 1; one random id per
    // message, distinct and not 0; distinct messages; at most kMaxForwardIds.
    row("send/reply-zero", method::MessagesSend, with(sendArgs(), L("replyToId"), 0), E::BadRequest,
        QStringLiteral("field 'replyToId' must be in 1.."));
    row("send/reply-text", method::MessagesSend, with(sendArgs(), L("replyToId"), "9"),
        E::BadRequest, QStringLiteral("replyToId"));
    const QCborMap forwardArgs = api::ForwardMessages{7, {9, 10}, 8, {1, 2}}.toCbor();
    row("forward/no-from", method::MessagesForward, without(forwardArgs, L("fromChatId")),
        E::BadRequest, QStringLiteral("missing field 'fromChatId'"));
    row("forward/to-zero", method::MessagesForward, with(forwardArgs, L("toChatId"), 0),
        E::BadRequest, QStringLiteral("field 'toChatId' must be in 1.."));
    row("forward/no-ids", method::MessagesForward, with(forwardArgs, L("messageIds"), QCborArray{}),
        E::BadRequest, QStringLiteral("at least 1"));
    row("forward/id-zero", method::MessagesForward,
        with(forwardArgs, L("messageIds"), QCborArray{0, 10}), E::BadRequest,
        QStringLiteral("messageIds must be ≥ 1"));
    row("forward/same-id", method::MessagesForward,
        with(forwardArgs, L("messageIds"), QCborArray{9, 9}), E::BadRequest,
        QStringLiteral("messageIds must be distinct"));
    row("forward/no-randoms", method::MessagesForward, without(forwardArgs, L("randomIds")),
        E::BadRequest, QStringLiteral("missing field 'randomIds'"));
    row("forward/randoms-short", method::MessagesForward,
        with(forwardArgs, L("randomIds"), QCborArray{1}), E::BadRequest,
        QStringLiteral("one id per message"));
    row("forward/random-zero", method::MessagesForward,
        with(forwardArgs, L("randomIds"), QCborArray{1, 0}), E::BadRequest,
        QStringLiteral("distinct and not 0"));
    row("forward/randoms-same", method::MessagesForward,
        with(forwardArgs, L("randomIds"), QCborArray{4, 4}), E::BadRequest,
        QStringLiteral("distinct and not 0"));
    QCborArray tooManyForwards;
    for (int i = 1; i <= api::kMaxForwardIds + 1; ++i)
        tooManyForwards.append(i);
    row("forward/too-many", method::MessagesForward,
        with(forwardArgs, L("messageIds"), tooManyForwards), E::TooLarge,
        QStringLiteral("messageIds"));
    const QCborMap deleteArgs = api::DeleteMessages{7, {9}, api::DeleteScope::Everyone}.toCbor();
    row("delete/no-scope", method::MessagesDelete, without(deleteArgs, L("scope")), E::BadRequest,
        QStringLiteral("missing field 'scope'"));
    row("delete/bad-scope", method::MessagesDelete, with(deleteArgs, L("scope"), "all"),
        E::BadRequest, QStringLiteral("scope must be"));
    row("delete/no-ids", method::MessagesDelete, with(deleteArgs, L("messageIds"), QCborArray{}),
        E::BadRequest, QStringLiteral("at least 1"));
    row("delete/id-zero", method::MessagesDelete, with(deleteArgs, L("messageIds"), QCborArray{0}),
        E::BadRequest, QStringLiteral("messageIds must be"));
    QCborArray tooManyIds;
    for (int i = 1; i <= api::kMaxDeleteIds + 1; ++i)
        tooManyIds.append(i);
    row("delete/too-many", method::MessagesDelete, with(deleteArgs, L("messageIds"), tooManyIds),
        E::TooLarge, QStringLiteral("messageIds"));

    // groups.*: a title that is not blank, ids ≥ 1, a role a member can be given.
    const QCborMap createArgs = api::CreateGroup{5, QStringLiteral("Trip"), {2}}.toCbor();
    row("createGroup/blank-title", method::GroupsCreate, with(createArgs, L("title"), "   "),
        E::BadRequest, QStringLiteral("the title not blank"));
    row("createGroup/long-title", method::GroupsCreate,
        with(createArgs, L("title"), QString(kMaxGroupTitleChars + 1, QLatin1Char('t'))),
        E::TooLarge, QStringLiteral("'title'"));
    row("createGroup/random-zero", method::GroupsCreate, with(createArgs, L("randomId"), 0),
        E::BadRequest, QStringLiteral("randomId must not be 0"));
    row("createGroup/user-zero", method::GroupsCreate,
        with(createArgs, L("userIds"), QCborArray{2, 0}), E::BadRequest, QStringLiteral("ids ≥ 1"));
    row("createGroup/too-many", method::GroupsCreate,
        with(createArgs, L("userIds"), intArray(kMaxGroupMembers)), E::TooLarge,
        QStringLiteral("'userIds'"));
    row("addMembers/none", method::GroupsAddMembers,
        QCborMap{{L("chatId"), 7}, {L("userIds"), QCborArray{}}}, E::BadRequest,
        QStringLiteral("at least 1"));
    row("setGroupRole/owner", method::GroupsSetRole,
        QCborMap{{L("chatId"), 7}, {L("userId"), 2}, {L("role"), "owner"}}, E::BadRequest,
        QStringLiteral("role is 'admin' or 'member'"));
    row("setGroupRole/unknown", method::GroupsSetRole,
        QCborMap{{L("chatId"), 7}, {L("userId"), 2}, {L("role"), "king"}}, E::BadRequest,
        QStringLiteral("role is 'admin' or 'member'"));
    row("setGroupTitle/blank", method::GroupsSetTitle,
        QCborMap{{L("chatId"), 7}, {L("title"), "\t"}}, E::BadRequest,
        QStringLiteral("the title is blank"));
    row("leaveGroup/no-chat", method::GroupsLeave, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'chatId'"));

    // secret.*: byte strings of their sizes, ids in range, distinct pre-key ids.
    const QByteArray key(api::kSecretPublicKeyBytes, 'k');
    row("publishKeys/missing", method::SecretPublishKeys, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'bundle'"));
    row("publishKeys/text", method::SecretPublishKeys, QCborMap{{L("bundle"), "cbor"}},
        E::BadRequest, QStringLiteral("must be a byte string"));
    row("publishKeys/empty", method::SecretPublishKeys, QCborMap{{L("bundle"), QByteArray()}},
        E::BadRequest, QStringLiteral("shorter than 1 bytes"));
    row("publishKeys/long", method::SecretPublishKeys,
        QCborMap{{L("bundle"), QByteArray(api::kMaxPublishedBundleBytes + 1, 'b')}}, E::TooLarge,
        QStringLiteral("'bundle'"));
    auto preKeys = [](const QCborArray &items) { return QCborMap{{L("preKeys"), items}}; };
    const QCborMap oneKey{{L("id"), 1}, {L("key"), key}};
    row("uploadPreKeys/none", method::SecretUploadPreKeys, preKeys({}), E::BadRequest,
        QStringLiteral("preKeys is empty"));
    row("uploadPreKeys/not-map", method::SecretUploadPreKeys, preKeys({1}), E::BadRequest,
        QStringLiteral("only maps"));
    row("uploadPreKeys/short-key", method::SecretUploadPreKeys,
        preKeys({with(oneKey, L("key"), QByteArray(31, 'k'))}), E::BadRequest,
        QStringLiteral("'key' is shorter"));
    row("uploadPreKeys/long-key", method::SecretUploadPreKeys,
        preKeys({with(oneKey, L("key"), QByteArray(33, 'k'))}), E::TooLarge,
        QStringLiteral("'key'"));
    row("uploadPreKeys/id-33-bits", method::SecretUploadPreKeys,
        preKeys({with(oneKey, L("id"), api::kMaxPreKeyId + 1)}), E::BadRequest,
        QStringLiteral("field 'id' must be in 0.."));
    row("uploadPreKeys/id-negative", method::SecretUploadPreKeys,
        preKeys({with(oneKey, L("id"), -1)}), E::BadRequest, QStringLiteral("field 'id'"));
    row("uploadPreKeys/repeated", method::SecretUploadPreKeys, preKeys({oneKey, oneKey}),
        E::BadRequest, QStringLiteral("repeated"));
    QCborArray tooMany;
    for (int i = 0; i <= api::kMaxPreKeysPerUpload; ++i)
        tooMany.append(with(oneKey, L("id"), i));
    row("uploadPreKeys/too-many", method::SecretUploadPreKeys, preKeys(tooMany), E::TooLarge,
        QStringLiteral("'preKeys'"));
    row("listDevices/user-zero", method::SecretListDevices, QCborMap{{L("userId"), 0}},
        E::BadRequest, QStringLiteral("'userId'"));
    row("getBundle/no-device", method::SecretGetBundle, QCborMap{{L("userId"), 2}}, E::BadRequest,
        QStringLiteral("missing field 'deviceId'"));
    const QCborMap secretSend = api::SendSecretEnvelope{2, 3, "x"}.toCbor();
    row("secretSend/empty", method::SecretSend, with(secretSend, L("envelope"), QByteArray()),
        E::BadRequest, QStringLiteral("'envelope' is shorter"));
    row("secretSend/too-large", method::SecretSend,
        with(secretSend, L("envelope"), QByteArray(api::kMaxSecretEnvelopeBytes + 1, 'x')),
        E::TooLarge, QStringLiteral("'envelope'"));
    row("secretSend/text", method::SecretSend, with(secretSend, L("envelope"), "x"), E::BadRequest,
        QStringLiteral("byte string"));
    row("secretSend/device-zero", method::SecretSend, with(secretSend, L("deviceId"), 0),
        E::BadRequest, QStringLiteral("'deviceId'"));
    row("getQueue/limit-zero", method::SecretGetQueue, QCborMap{{L("limit"), 0}}, E::BadRequest,
        QStringLiteral("'limit'"));
    row("getQueue/limit-large", method::SecretGetQueue,
        QCborMap{{L("limit"), api::kMaxSecretQueuePage + 1}}, E::BadRequest,
        QStringLiteral("'limit'"));
    row("getQueue/after-negative", method::SecretGetQueue, QCborMap{{L("afterId"), -1}},
        E::BadRequest, QStringLiteral("'afterId'"));
    row("ack/zero", method::SecretAck, QCborMap{{L("maxId"), 0}}, E::BadRequest,
        QStringLiteral("'maxId'"));
    row("ack/missing", method::SecretAck, QCborMap{}, E::BadRequest,
        QStringLiteral("missing field 'maxId'"));

    // contacts.* and profiles.* (docs/protocol.md §14).
    row("invite/invalid", method::ContactsInvite, QCborMap{{L("username"), L("9x")}},
        E::UsernameInvalid, QStringLiteral("no username"));
    row("accept/no-user", method::ContactsAccept, QCborMap{}, E::BadRequest,
        QStringLiteral("userId"));
    row("list/filter", method::ContactsList, QCborMap{{L("filter"), L("friends")}}, E::BadRequest,
        QStringLiteral("filter"));
    row("list/limit", method::ContactsList, QCborMap{{L("limit"), api::kMaxContactsPage + 1}},
        E::BadRequest, QStringLiteral("limit"));
    row("setBlocked/no-flag", method::ContactsSetBlocked, QCborMap{{L("userId"), 2}}, E::BadRequest,
        QStringLiteral("blocked"));
    row("profiles.get/zero-id", method::ProfilesGet, QCborMap{{L("ids"), QCborArray{1, 0}}},
        E::BadRequest, QStringLiteral("≥ 1"));
    row("update/nothing", method::ProfilesUpdate, QCborMap{}, E::BadRequest,
        QStringLiteral("displayName, about"));
    row("update/blank-name", method::ProfilesUpdate, QCborMap{{L("displayName"), L("  ")}},
        E::BadRequest, QStringLiteral("blank"));
    row("update/long-about", method::ProfilesUpdate,
        QCborMap{{L("about"), QString(api::kMaxAboutChars + 1, QLatin1Char('a'))}}, E::TooLarge,
        QStringLiteral("about"));
    row("setUsername/invalid", method::ProfilesSetUsername, QCborMap{{L("username"), L("a-b")}},
        E::UsernameInvalid, QStringLiteral("capitals are folded"));
    row("privacy/unknown", method::ProfilesSetLastSeenPrivacy,
        QCborMap{{L("privacy"), L("friends")}}, E::BadRequest, QStringLiteral("everybody"));

    // channels.* (docs/protocol.md §15).
    row("channels.create/zero-random", method::ChannelsCreate,
        QCborMap{{L("randomId"), 0}, {L("title"), L("t")}}, E::BadRequest,
        QStringLiteral("randomId"));
    row("channels.create/blank-title", method::ChannelsCreate,
        QCborMap{{L("randomId"), 1}, {L("title"), L("  ")}}, E::BadRequest,
        QStringLiteral("title"));
    row("channels.create/invalid-name", method::ChannelsCreate,
        QCborMap{{L("randomId"), 1}, {L("title"), L("t")}, {L("name"), L("a-b")}},
        E::UsernameInvalid, QStringLiteral("channel name"));
    row("channels.create/long-about", method::ChannelsCreate,
        QCborMap{{L("randomId"), 1},
                 {L("title"), L("t")},
                 {L("about"), QString(api::kMaxChannelAboutChars + 1, QLatin1Char('a'))}},
        E::TooLarge, QStringLiteral("about"));
    row("channels.edit/nothing", method::ChannelsEdit, QCborMap{{L("channelId"), 1}}, E::BadRequest,
        QStringLiteral("title"));
    row("channels.setMuted/no-flag", method::ChannelsSetMuted, QCborMap{{L("channelId"), 1}},
        E::BadRequest, QStringLiteral("muted"));
    row("channels.setRole/owner", method::ChannelsSetRole,
        QCborMap{{L("channelId"), 1}, {L("userId"), 2}, {L("role"), L("owner")}}, E::BadRequest,
        QStringLiteral("admin"));
    row("channels.addSubscribers/too-many", method::ChannelsAddSubscribers,
        QCborMap{{L("channelId"), 1}, {L("userIds"), intArray(api::kMaxChannelAddSubscribers + 1)}},
        E::TooLarge, QStringLiteral("userIds"));
    row("channels.addSubscribers/zero-id", method::ChannelsAddSubscribers,
        QCborMap{{L("channelId"), 1}, {L("userIds"), QCborArray{1, 0}}}, E::BadRequest,
        QStringLiteral("≥ 1"));
    row("channels.post/blank", method::ChannelsPost,
        QCborMap{{L("channelId"), 1}, {L("randomId"), 1}, {L("text"), L(" ")}}, E::BadRequest,
        QStringLiteral("text"));
    row("channels.post/long", method::ChannelsPost,
        QCborMap{{L("channelId"), 1},
                 {L("randomId"), 1},
                 {L("text"), QString(kMaxTextChars + 1, QLatin1Char('a'))}},
        E::TooLarge, QStringLiteral("text"));
    row("channels.getDifference/limit", method::ChannelsGetDifference,
        QCborMap{
            {L("channelId"), 1}, {L("pts"), 0}, {L("limit"), api::kMaxChannelDifferenceLimit + 1}},
        E::BadRequest, QStringLiteral("limit"));
    row("channels.getDifference/negative-pts", method::ChannelsGetDifference,
        QCborMap{{L("channelId"), 1}, {L("pts"), -1}}, E::BadRequest, QStringLiteral("pts"));
    row("channels.search/at-only", method::ChannelsSearch, QCborMap{{L("query"), L("@")}},
        E::BadRequest, QStringLiteral("blank"));
    row("channels.search/long", method::ChannelsSearch,
        QCborMap{{L("query"), QString(api::kMaxChannelSearchChars + 1, QLatin1Char('q'))}},
        E::TooLarge, QStringLiteral("query"));
    // Supergroups (docs/protocol.md §23).
    const QCborMap superArgs = api::CreateSupergroup{5, QStringLiteral("Crew"), {2}}.toCbor();
    row("supergroups.create/zero-random", method::SupergroupsCreate,
        with(superArgs, L("randomId"), 0), E::BadRequest, QStringLiteral("randomId"));
    row("supergroups.create/blank-title", method::SupergroupsCreate,
        with(superArgs, L("title"), QStringLiteral("   ")), E::BadRequest, QStringLiteral("title"));
    row("supergroups.create/long-title", method::SupergroupsCreate,
        with(superArgs, L("title"), QString(api::kMaxChannelTitleChars + 1, QLatin1Char('t'))),
        E::TooLarge, QStringLiteral("title"));
    row("supergroups.create/too-many", method::SupergroupsCreate,
        with(superArgs, L("userIds"), intArray(api::kMaxSupergroupCreateUsers + 1)), E::TooLarge,
        QStringLiteral("userIds"));
    row("supergroups.create/zero-id", method::SupergroupsCreate,
        with(superArgs, L("userIds"), QCborArray{0}), E::BadRequest, QStringLiteral("ids"));
    row("supergroups.create/no-users", method::SupergroupsCreate, without(superArgs, L("userIds")),
        E::BadRequest, QStringLiteral("userIds"));
    row("supergroups.removeMember/no-user", method::SupergroupsRemoveMember,
        QCborMap{{L("chatId"), 1}}, E::BadRequest, QStringLiteral("userId"));
    row("supergroups.removeMember/zero-chat", method::SupergroupsRemoveMember,
        QCborMap{{L("chatId"), 0}, {L("userId"), 2}}, E::BadRequest, QStringLiteral("chatId"));
    row("groups.upgrade/no-chat", method::GroupsUpgrade, QCborMap{}, E::BadRequest,
        QStringLiteral("chatId"));
    row("supergroups.create/bad-name", method::SupergroupsCreate,
        with(superArgs, L("name"), QStringLiteral("9lives")), E::UsernameInvalid,
        QStringLiteral("name"));
    row("supergroups.create/long-name", method::SupergroupsCreate,
        with(superArgs, L("name"), QString(kMaxUsernameChars + 1, QLatin1Char('n'))), E::TooLarge,
        QStringLiteral("name"));
    row("supergroups.members/limit", api::GetSupergroupMembers::method,
        QCborMap{{L("chatId"), 1}, {L("limit"), api::kMaxSupergroupMembersPage + 1}}, E::BadRequest,
        QStringLiteral("limit"));
    row("supergroups.members/negative-after", api::GetSupergroupMembers::method,
        QCborMap{{L("chatId"), 1}, {L("afterUserId"), -1}}, E::BadRequest,
        QStringLiteral("afterUserId"));

    // Methods without arguments still refuse arguments that are not a map.
    for (const QLatin1StringView m :
         {method::LogOut, method::DevicesList, method::ChatsList, method::UpdatesGetState,
          method::Ping, method::ChatsListPinned, method::ChatsSetPinned}) {
        const QByteArray name = QByteArray(m.data(), m.size()) + "/not-a-map";
        row(name.constData(), m, QCborValue(QStringLiteral("x")), E::BadRequest,
            QStringLiteral("must be a map"));
    }
}

void ProtocolApiTest::decodeRefuses() {
    QFETCH(QString, method);
    QFETCH(QCborValue, args);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    const Decoder decode = decoderFor(method);
    QVERIFY(decode);
    const std::optional<Error> error = decode(args);
    QVERIFY2(error.has_value(), "the arguments were accepted");
    QCOMPARE(errorCodeName(error->code), errorCodeName(code));
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
}

void ProtocolApiTest::resultsRefuseMalformedAnswers_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QCborMap>("answer");

    const QCborMap auth = api::AuthResult{1, 2, QStringLiteral("tok"), 3}.toCbor();
    QTest::newRow("auth/no-user") << "auth" << without(auth, L("userId"));
    QTest::newRow("auth/user-zero") << "auth" << with(auth, L("userId"), 0);
    QTest::newRow("auth/no-pts") << "auth" << without(auth, L("pts"));
    QTest::newRow("auth/token-int") << "auth" << with(auth, L("token"), 5);
    QTest::newRow("auth/device-text") << "auth" << with(auth, L("deviceId"), QStringLiteral("2"));

    QTest::newRow("devices/missing") << "devices" << QCborMap{};
    QTest::newRow("devices/not-array") << "devices" << QCborMap{{L("devices"), 1}};
    QTest::newRow("devices/item-not-map") << "devices" << QCborMap{{L("devices"), QCborArray{1}}};
    QTest::newRow("devices/item-bad")
        << "devices" << QCborMap{{L("devices"), QCborArray{QCborMap{{L("id"), 0}}}}};

    QTest::newRow("users/missing") << "users" << QCborMap{};
    const QCborMap seen{{L("userId"), 2}, {L("online"), false}, {L("lastSeenAt"), 5}};
    QTest::newRow("presence/missing") << "presence" << QCborMap{};
    QTest::newRow("presence/no-online")
        << "presence" << QCborMap{{L("statuses"), QCborArray{without(seen, L("online"))}}};
    QTest::newRow("presence/online-and-time")
        << "presence" << QCborMap{{L("statuses"), QCborArray{with(seen, L("online"), true)}}};
    QTest::newRow("presence/time-and-bucket")
        << "presence"
        << QCborMap{{L("statuses"), QCborArray{with(seen, L("lastSeen"), "recently")}}};
    QTest::newRow("presence/neither")
        << "presence" << QCborMap{{L("statuses"), QCborArray{without(seen, L("lastSeenAt"))}}};
    QTest::newRow("presence/bad-bucket")
        << "presence"
        << QCborMap{{L("statuses"),
                     QCborArray{with(without(seen, L("lastSeenAt")), L("lastSeen"), "never")}}};
    QTest::newRow("presence/user-zero")
        << "presence" << QCborMap{{L("statuses"), QCborArray{with(seen, L("userId"), 0)}}};
    QTest::newRow("users/item-no-name")
        << "users" << QCborMap{{L("users"), QCborArray{QCborMap{{L("id"), 1}}}}};

    const QCborMap chat = api::ChatResult{sampleChat(), 4}.toCbor();
    QTest::newRow("chat/missing") << "chat" << without(chat, L("chat"));
    QTest::newRow("chat/not-map") << "chat" << with(chat, L("chat"), 7);
    QTest::newRow("chat/pts-negative") << "chat" << with(chat, L("pts"), -1);
    QTest::newRow("chat/bad-chat") << "chat" << with(chat, L("chat"), QCborMap{{L("id"), 1}});

    const QCborMap chats = api::ChatsResult{{}, 3}.toCbor();
    QTest::newRow("chats/no-pts") << "chats" << without(chats, L("pts"));
    QTest::newRow("chats/no-list") << "chats" << without(chats, L("chats"));
    QTest::newRow("chats/item-bad")
        << "chats" << with(chats, L("chats"), QCborArray{QCborMap{{L("chat"), 1}}});

    const QCborMap send = api::SendResult{sampleMessage(), 5, false}.toCbor();
    QTest::newRow("send/no-message") << "send" << without(send, L("message"));
    QTest::newRow("send/duplicate-int") << "send" << with(send, L("duplicate"), 1);
    QTest::newRow("send/pts-text") << "send" << with(send, L("pts"), QStringLiteral("5"));
    QTest::newRow("send/bad-message") << "send" << with(send, L("message"), QCborMap{});

    // §19: a malformed quote or first author makes the message (and the answer) malformed.
    const QCborMap replyMessage = with(sampleMessage().toCbor(), L("replyTo"),
                                       ReplyTo{1000, 2, QStringLiteral("q")}.toCbor());
    QTest::newRow("send/reply-not-map")
        << "send" << with(send, L("message"), with(replyMessage, L("replyTo"), 5));
    QTest::newRow("send/reply-id-zero")
        << "send"
        << with(send, L("message"),
                with(replyMessage, L("replyTo"), ReplyTo{0, 2, QString()}.toCbor()));
    QTest::newRow("send/reply-excerpt-long")
        << "send"
        << with(send, L("message"),
                with(replyMessage, L("replyTo"),
                     ReplyTo{1000, 2, QString(kMaxReplyExcerptChars + 1, QLatin1Char('q'))}
                         .toCbor()));
    QTest::newRow("send/forward-no-sender")
        << "send"
        << with(send, L("message"),
                with(sampleMessage().toCbor(), L("forwardedFrom"), QCborMap{{L("date"), 1}}));
    QTest::newRow("send/forward-no-date")
        << "send"
        << with(send, L("message"),
                with(sampleMessage().toCbor(), L("forwardedFrom"), QCborMap{{L("senderId"), 3}}));
    const QCborMap forwardResult = api::ForwardResult{{1002}, 9, false}.toCbor();
    QTest::newRow("forward/no-ids") << "forward" << without(forwardResult, L("messageIds"));
    QTest::newRow("forward/no-pts") << "forward" << without(forwardResult, L("pts"));
    QTest::newRow("forward/duplicate-int") << "forward" << with(forwardResult, L("duplicate"), 1);
    QTest::newRow("forward/too-many")
        << "forward" << with(forwardResult, L("messageIds"), intArray(api::kMaxForwardIds + 1));

    const QCborMap messages = api::MessagesResult{{sampleMessage()}, true}.toCbor();
    QTest::newRow("messages/no-list") << "messages" << without(messages, L("messages"));
    QTest::newRow("messages/final-int") << "messages" << with(messages, L("final"), 1);
    QTest::newRow("messages/item-bad")
        << "messages" << with(messages, L("messages"), QCborArray{QCborMap{{L("id"), 1}}});

    QTest::newRow("pts/negative") << "pts" << QCborMap{{L("pts"), -1}};
    QTest::newRow("pts/text") << "pts" << QCborMap{{L("pts"), QStringLiteral("1")}};
    QTest::newRow("pong/missing") << "pong" << QCborMap{};
    QTest::newRow("pong/text") << "pong" << QCborMap{{L("time"), QStringLiteral("now")}};

    const QCborMap diff =
        api::DifferenceResult{{LoggedUpdate{4, ReadInboxUpdate{7, 1}}}, 4, true, false}.toCbor();
    QTest::newRow("difference/no-pts") << "difference" << without(diff, L("pts"));
    QTest::newRow("difference/no-updates") << "difference" << without(diff, L("updates"));
    QTest::newRow("difference/updates-text")
        << "difference" << with(diff, L("updates"), QStringLiteral("none"));
    QTest::newRow("difference/final-int") << "difference" << with(diff, L("final"), 0);
    QTest::newRow("difference/too-long-int") << "difference" << with(diff, L("tooLong"), 1);
    QTest::newRow("difference/item-pts-zero")
        << "difference"
        << with(diff, L("updates"),
                QCborArray{QCborMap{{L("pts"), 0}, {L("u"), updateToCbor(ReadInboxUpdate{7, 1})}}});
    QTest::newRow("difference/item-no-body")
        << "difference" << with(diff, L("updates"), QCborArray{QCborMap{{L("pts"), 4}}});
    QTest::newRow("difference/item-bad-body")
        << "difference"
        << with(diff, L("updates"),
                QCborArray{QCborMap{{L("pts"), 4}, {L("u"), QCborMap{{L("type"), 5}}}}});
    const QCborMap pinned = api::PinnedChatsResult{{7, 3}, 5}.toCbor();
    QTest::newRow("pinned/no-list") << "pinned" << without(pinned, L("chatIds"));
    QTest::newRow("pinned/no-pts") << "pinned" << without(pinned, L("pts"));
    QTest::newRow("pinned/id-text")
        << "pinned" << with(pinned, L("chatIds"), QCborArray{QStringLiteral("7")});
    QTest::newRow("pinned/too-many")
        << "pinned" << with(pinned, L("chatIds"), intArray(api::kMaxPinnedChats + 1));
    const QCborMap muted = api::MutedChatsResult{{{7, api::kMutedForever}}, 5}.toCbor();
    QTest::newRow("muted/no-list") << "muted" << without(muted, L("chats"));
    QTest::newRow("muted/no-pts") << "muted" << without(muted, L("pts"));
    QTest::newRow("muted/past-forever")
        << "muted"
        << with(muted, L("chats"),
                QCborArray{QCborMap{{L("chatId"), 7}, {L("mutedUntil"), api::kMutedForever + 1}}});
    QTest::newRow("muted/item-not-map") << "muted" << with(muted, L("chats"), QCborArray{7});
    QTest::newRow("difference/pinned-update-too-many")
        << "difference"
        << with(diff, L("updates"),
                QCborArray{QCborMap{
                    {L("pts"), 4},
                    {L("u"), QCborMap{{L("type"), QStringLiteral("pinnedChats")},
                                      {L("chatIds"), intArray(api::kMaxPinnedChats + 1)}}}}});
    QTest::newRow("difference/too-many")
        << "difference" << with(diff, L("updates"), intArray(kMaxDifferenceSlice + 1));

    QTest::newRow("secretKeys/missing") << "secretKeys" << QCborMap{};
    QTest::newRow("secretKeys/over-pool")
        << "secretKeys" << QCborMap{{L("oneTimePreKeys"), api::kMaxHeldOneTimePreKeys + 1}};
    QTest::newRow("secretDevices/item-bad")
        << "secretDevices" << QCborMap{{L("devices"), QCborArray{QCborMap{{L("deviceId"), 0}}}}};
    QTest::newRow("secretBundle/text") << "secretBundle" << QCborMap{{L("bundle"), "b"}};
    QTest::newRow("secretSent/zero") << "secretSent" << QCborMap{{L("id"), 0}};
    const QCborMap queue =
        api::SecretQueueResult{{api::SecretEnvelope{9, 2, 3, 4, "x"}}, true}.toCbor();
    QTest::newRow("secretQueue/no-final") << "secretQueue" << without(queue, L("final"));
    QTest::newRow("secretQueue/item-empty")
        << "secretQueue"
        << with(queue, L("envelopes"),
                QCborArray{with(api::SecretEnvelope{9, 2, 3, 4, "x"}.toCbor(), L("envelope"),
                                QByteArray())});
}

void ProtocolApiTest::resultsRefuseMalformedAnswers() {
    QFETCH(QString, type);
    QFETCH(QCborMap, answer);
    static const QHash<QString, std::function<bool(const QCborMap &, QString *)>> parsers{
        {QStringLiteral("auth"),
         [](const QCborMap &m, QString *e) { return bool(api::AuthResult::fromCbor(m, e)); }},
        {QStringLiteral("devices"),
         [](const QCborMap &m, QString *e) { return bool(api::DevicesResult::fromCbor(m, e)); }},
        {QStringLiteral("users"),
         [](const QCborMap &m, QString *e) { return bool(api::UsersResult::fromCbor(m, e)); }},
        {QStringLiteral("presence"),
         [](const QCborMap &m, QString *e) { return bool(api::PresenceResult::fromCbor(m, e)); }},
        {QStringLiteral("chat"),
         [](const QCborMap &m, QString *e) { return bool(api::ChatResult::fromCbor(m, e)); }},
        {QStringLiteral("chats"),
         [](const QCborMap &m, QString *e) { return bool(api::ChatsResult::fromCbor(m, e)); }},
        {QStringLiteral("send"),
         [](const QCborMap &m, QString *e) { return bool(api::SendResult::fromCbor(m, e)); }},
        {QStringLiteral("messages"),
         [](const QCborMap &m, QString *e) { return bool(api::MessagesResult::fromCbor(m, e)); }},
        {QStringLiteral("forward"),
         [](const QCborMap &m, QString *e) { return bool(api::ForwardResult::fromCbor(m, e)); }},
        {QStringLiteral("pts"),
         [](const QCborMap &m, QString *e) { return bool(api::PtsResult::fromCbor(m, e)); }},
        {QStringLiteral("pong"),
         [](const QCborMap &m, QString *e) { return bool(api::PongResult::fromCbor(m, e)); }},
        {QStringLiteral("difference"),
         [](const QCborMap &m, QString *e) { return bool(api::DifferenceResult::fromCbor(m, e)); }},
        {QStringLiteral("pinned"),
         [](const QCborMap &m, QString *e) {
             return bool(api::PinnedChatsResult::fromCbor(m, e));
         }},
        {QStringLiteral("muted"),
         [](const QCborMap &m, QString *e) { return bool(api::MutedChatsResult::fromCbor(m, e)); }},
        {QStringLiteral("secretKeys"),
         [](const QCborMap &m, QString *e) { return bool(api::SecretKeysResult::fromCbor(m, e)); }},
        {QStringLiteral("secretDevices"),
         [](const QCborMap &m, QString *e) {
             return bool(api::SecretDevicesResult::fromCbor(m, e));
         }},
        {QStringLiteral("secretBundle"),
         [](const QCborMap &m, QString *e) {
             return bool(api::SecretBundleResult::fromCbor(m, e));
         }},
        {QStringLiteral("secretSent"),
         [](const QCborMap &m, QString *e) { return bool(api::SecretSentResult::fromCbor(m, e)); }},
        {QStringLiteral("secretQueue"),
         [](const QCborMap &m, QString *e) {
             return bool(api::SecretQueueResult::fromCbor(m, e));
         }},
    };
    const auto parse = parsers.value(type);
    QVERIFY(parse);
    QString why;
    QVERIFY2(!parse(answer, &why), "a malformed answer was accepted");
    QVERIFY2(!why.isEmpty(), "refused without a reason");
}

QTEST_APPLESS_MAIN(ProtocolApiTest)
#include "tst_protocol_api.moc"
