// Writes the seed corpora of tests/fuzz/corpus/<target>/ and the dictionaries in dict/ from
// the project's own encoders, so the seeds are exactly what the code sends (plus the hostile
// shapes below). Run it again after a protocol change:
//   cmake --build --preset fuzz --target make_seed_corpus
//   build/fuzz/tests/fuzz/make_seed_corpus tests/fuzz
// Not a fuzz target; built only in the fuzz build.
#include "core/secret/secret_payload.h"
#include "crypto/key_wrap.h"
#include "crypto/key_wrap_format.h"
#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/secret/session_start.h"
#include "crypto/secret/verification_code.h"
#include "protocol/api/api.h"
#include "protocol/api/channel_subscribers.h"
#include "protocol/api/comments.h"
#include "protocol/api/drafts.h"
#include "protocol/api/forwards.h"
#include "protocol/api/invites.h"
#include "protocol/api/presence.h"
#include "protocol/api/readers.h"
#include "protocol/api/typing.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QCborArray>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QSet>
#include <cstdio>
#include <limits>

using namespace msgr;
using namespace msgr::protocol;
using L = QLatin1StringView;

namespace {

constexpr qint64 kMax64 = std::numeric_limits<qint64>::max();
constexpr qint64 kMin64 = std::numeric_limits<qint64>::min();

QString g_root;

// A byte literal with its embedded NULs, without the terminating one.
template <size_t N> QByteArray raw(const char (&bytes)[N]) {
    return QByteArray(bytes, static_cast<qsizetype>(N - 1));
}
int g_failures = 0;

void write(const QString &target, const QString &name, const QByteArray &bytes) {
    const QString dir = g_root + QStringLiteral("/corpus/") + target;
    QFile file(dir + QLatin1Char('/') + name);
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        ++g_failures;
    }
}

QByteArray cbor(const QCborMap &map) {
    return map.toCborValue().toCbor();
}

// ---------------------------------------------------------------- samples

Message sampleMessage() {
    return Message{1001, 7, 1, 1'763'700'000'000, QStringLiteral("привет 👋"), 812734617823};
}
//! An edited message (docs/protocol.md §16): editedAt set.
Message sampleEditedMessage() {
    Message m = sampleMessage();
    m.editedAt = 1'763'700'060'000;
    return m;
}
//! A reply that is a forwarded copy too (docs/protocol.md §19): both optional keys set.
Message sampleReplyMessage() {
    Message m = sampleMessage();
    m.replyTo = ReplyTo{1000, 2, QStringLiteral("lunch at noon?")};
    m.forwardedFrom = ForwardedFrom{3, QStringLiteral("Alice"), 1'763'600'000'000};
    return m;
}
//! Every field of an attachment set: a photo and a voice message.
QList<Attachment> sampleAttachments() {
    Attachment photo;
    photo.fileId = QStringLiteral("0123456789abcdef0123456789abcdef");
    photo.kind = AttachmentKind::Photo;
    photo.size = 123'456;
    photo.mime = QStringLiteral("image/jpeg");
    photo.name = QStringLiteral("photo.jpg");
    photo.width = 640;
    photo.height = 480;
    photo.thumbnail = QByteArray(64, '\x11');
    Attachment voice;
    voice.fileId = QStringLiteral("fedcba9876543210fedcba9876543210");
    voice.kind = AttachmentKind::Voice;
    voice.size = 4096;
    voice.mime = QStringLiteral("audio/ogg");
    voice.durationMs = 2500;
    voice.waveform = QByteArray(32, '\x22');
    return {photo, voice};
}
Message sampleMessageWithAttachments() {
    Message m = sampleMessage();
    m.attachments = sampleAttachments();
    return m;
}
Chat sampleChat() {
    return Chat{7, ChatKind::Private, QStringLiteral("t"), {1, 2}, 1'763'700'000'000};
}
Chat sampleGroup() {
    Chat c{8, ChatKind::Group, QStringLiteral("Trip"), {1, 2, 3}, 1'763'700'000'000};
    c.ownerId = 1;
    c.adminIds = {3};
    return c;
}
Message sampleServiceMessage() {
    Message m{1002, 8, 1, 1'763'700'000'001, {}, 0};
    m.action = MessageAction{ActionKind::MembersAdded, {2, 3}, QStringLiteral("Trip")};
    return m;
}
User sampleUser() {
    return User{2, QStringLiteral("bob"), QStringLiteral("Bob")};
}
Device sampleDevice() {
    return Device{3, QStringLiteral("laptop"), 1'763'700'000'000, 1'763'700'100'000, true};
}
ChatSummary sampleSummary(bool withLast) {
    ChatSummary s;
    s.chat = sampleChat();
    if (withLast)
        s.lastMessage = sampleMessage();
    s.unreadCount = 3;
    s.readInboxMaxId = 998;
    s.readOutboxMaxId = 990;
    s.deliveredMaxId = 1000;
    return s;
}

protocol::api::Profile sampleOwnProfile() {
    protocol::api::Profile p;
    p.user = sampleUser();
    p.about = QStringLiteral("Reads a lot");
    p.lastSeenAt = 1'763'700'100'000;
    p.privacy = protocol::api::LastSeenPrivacy::Contacts;
    return p;
}
protocol::api::ContactEntry sampleContactEntry() {
    protocol::api::ContactEntry e;
    e.profile = sampleOwnProfile();
    e.profile.privacy.reset();
    e.profile.lastSeenAt.reset();
    e.profile.lastSeen = protocol::api::LastSeenBucket::LastWeek;
    e.status = protocol::api::ContactStatus::Denied;
    e.since = 1'763'700'000'000;
    e.retryAt = e.since + protocol::api::kDeniedInviteCooloffMs;
    return e;
}

protocol::api::Channel sampleChannel() {
    protocol::api::Channel c;
    c.id = 40;
    c.title = QStringLiteral("Launches");
    c.about = QStringLiteral("Rockets, weekly");
    c.name = QStringLiteral("launches");
    c.createdAt = 1'700'000'000'000;
    c.ownerId = 1;
    c.adminIds = {2};
    c.subscriberCount = 10'000;
    c.pts = 55;
    c.role = protocol::api::ChannelRole::Subscriber;
    c.muted = true;
    return c;
}

QList<QPair<QString, Update>> sampleUpdates() {
    return {{QStringLiteral("newMessage"), NewMessageUpdate{sampleMessage()}},
            {QStringLiteral("newChat"), NewChatUpdate{sampleChat()}},
            {QStringLiteral("readInbox"), ReadInboxUpdate{7, 1000}},
            {QStringLiteral("readOutbox"), ReadOutboxUpdate{7, 1000}},
            {QStringLiteral("delivered"), DeliveredUpdate{7, 1001}},
            {QStringLiteral("pinnedChats"), PinnedChatsUpdate{{7, 3}}},
            {QStringLiteral("chatMuted"), ChatMutedUpdate{7, api::kMutedForever}},
            {QStringLiteral("chatChanged"), ChatChangedUpdate{sampleGroup()}},
            {QStringLiteral("serviceMessage"), NewMessageUpdate{sampleServiceMessage()}},
            {QStringLiteral("contactChanged"), ContactChangedUpdate{sampleContactEntry()}},
            {QStringLiteral("blockedChanged"), BlockedChangedUpdate{2, true}},
            {QStringLiteral("profileChanged"), ProfileChangedUpdate{sampleOwnProfile()}},
            {QStringLiteral("userPhotoChanged"),
             UserPhotoChangedUpdate{2, Photo{QString(32, u'a'), QByteArray(64, '\x41')}}},
            {QStringLiteral("userPhotoRemoved"), UserPhotoChangedUpdate{2, Photo{}}},
            {QStringLiteral("channelSubscription"), ChannelSubscriptionUpdate{sampleChannel()}},
            {QStringLiteral("channelChanged"), ChannelChangedUpdate{sampleChannel()}},
            {QStringLiteral("messageEdited"), MessageEditedUpdate{sampleEditedMessage()}},
            {QStringLiteral("replyMessage"), NewMessageUpdate{sampleReplyMessage()}},
            {QStringLiteral("messagesDeleted"), MessagesDeletedUpdate{7, {1000, 1001}}},
            {QStringLiteral("draft"),
             DraftUpdate{7, QStringLiteral("half a thought"), 1'763'700'000'000}},
            {QStringLiteral("draftCleared"), DraftUpdate{7, QString(), 1'763'700'000'000}},
            {QStringLiteral("unknown"), UnknownUpdate{QStringLiteral("typing")}}};
}

// The arguments of every method of protocol/methods.h, as the client builds them.
//! A bundle as secret.publishKeys carries it (no one-time pre-key), of fixed keys.
QByteArray seedPublishedBundle() {
    namespace s = crypto::secret;
    const s::DeviceIdentity device = s::DeviceIdentity::fromSecrets(
        QByteArray(32, '\x21'), crypto::SecureBytes::copyOf(QByteArray(32, '\x22')));
    const s::SignedPreKey spk = s::SignedPreKey::create(
        device, 1, 1'764'547'200'000,
        s::X25519KeyPair::fromSecret(crypto::SecureBytes::copyOf(QByteArray(32, '\x23'))));
    return s::encodePreKeyBundle({device.publicIdentity(), spk.publicKey(), std::nullopt});
}

QList<QPair<QString, QCborMap>> requestArgs() {
    namespace api = protocol::api;
    return {
        {method::SignUp, api::SignUp{QStringLiteral("alice"), QStringLiteral("correct horse"),
                                     QStringLiteral("laptop"), QStringLiteral("Alice")}
                             .toCbor()},
        {method::LogIn, api::LogIn{QStringLiteral("alice"), QStringLiteral("correct horse"),
                                   QStringLiteral("phone")}
                            .toCbor()},
        {method::Resume, api::Resume{QString(kTokenChars, QLatin1Char('A'))}.toCbor()},
        {method::LogOut, api::LogOut{}.toCbor()},
        {method::DevicesList, api::ListDevices{}.toCbor()},
        {method::DevicesRevoke, api::RevokeDevice{2}.toCbor()},
        {method::UsersSearch, api::SearchUsers{QStringLiteral("bo"), 20}.toCbor()},
        {method::UsersGet, api::GetUsers{{1, 2, 3}}.toCbor()},
        {method::ChatsOpenPrivate, api::OpenPrivateChat{2}.toCbor()},
        {method::ChatsList, api::ListChats{}.toCbor()},
        {method::MessagesSend, api::SendMessage{7, 42, QStringLiteral("hi")}.toCbor()},
        {method::MessagesHistory, api::GetHistory{7, 1001, 50}.toCbor()},
        {method::MessagesReceived, api::MarkReceived{7, 1001}.toCbor()},
        {method::MessagesRead, api::MarkRead{7, 1001}.toCbor()},
        {api::SetTyping::method, api::SetTyping{7, true}.toCbor()},
        {api::SaveDraft::method, api::SaveDraft{7, QStringLiteral("half a thought")}.toCbor()},
        {api::GetDrafts::method, api::GetDrafts{0}.toCbor()},
        {api::ForwardMessages::method, api::ForwardMessages{7, {1000, 1001}, 8, {5, 6}}.toCbor()},
        {api::GetPresence::method, api::GetPresence{{2, 3}}.toCbor()},
        {api::SetPresence::method, api::SetPresence{false}.toCbor()},
        {method::UpdatesGetState, api::GetState{}.toCbor()},
        {method::UpdatesGetDifference, api::GetDifference{0, 500}.toCbor()},
        {method::Ping, api::Ping{}.toCbor()},
        {method::ChatsSetPinned, api::SetChatPinned{7, true}.toCbor()},
        {method::ChatsListPinned, api::ListPinnedChats{}.toCbor()},
        {method::ChatsSetMuted, api::SetChatMuted{7, true, 3600}.toCbor()},
        {method::ChatsListMuted, api::ListMutedChats{}.toCbor()},
        {method::GroupsCreate, api::CreateGroup{9, QStringLiteral("Trip"), {2, 3}}.toCbor()},
        {method::GroupsAddMembers, api::AddGroupMembers{8, {4}}.toCbor()},
        {method::GroupsRemoveMember, api::RemoveGroupMember{8, 4}.toCbor()},
        {method::GroupsLeave, api::LeaveGroup{8}.toCbor()},
        {method::GroupsSetTitle, api::SetGroupTitle{8, QStringLiteral("Trip 2")}.toCbor()},
        {method::GroupsSetRole, api::SetGroupRole{8, 2, api::GroupRole::Admin}.toCbor()},
        {method::ProfilesSetPhoto,
         api::SetProfilePhoto{{QString(32, u'a'), QByteArray(64, '\x41')}}.toCbor()},
        {method::GroupsSetPhoto, api::SetGroupPhoto{8, {}}.toCbor()},
        {method::ChannelsSetPhoto, api::SetChannelPhoto{9, {QString(32, u'b'), {}}}.toCbor()},
        {method::SecretPublishKeys, api::PublishSecretKeys{seedPublishedBundle()}.toCbor()},
        {method::SecretUploadPreKeys,
         api::UploadSecretPreKeys{{{1, QByteArray(32, '\x31')}, {2, QByteArray(32, '\x32')}}}
             .toCbor()},
        {method::SecretListDevices, api::ListSecretDevices{1}.toCbor()},
        {method::SecretGetBundle, api::GetSecretBundle{1, 1}.toCbor()},
        {method::SecretSend, api::SendSecretEnvelope{1, 1, QByteArray("\x01opaque")}.toCbor()},
        {method::SecretGetQueue, api::GetSecretQueue{0, 100}.toCbor()},
        {method::SecretAck, api::AckSecretQueue{1}.toCbor()},
        {method::ContactsInvite, api::InviteContact{QStringLiteral("bob")}.toCbor()},
        {method::ContactsAccept, api::AcceptContact{2}.toCbor()},
        {method::ContactsDeny, api::DenyContact{2}.toCbor()},
        {method::ContactsCancel, api::CancelContactInvite{2}.toCbor()},
        {method::ContactsRemove, api::RemoveContact{2}.toCbor()},
        {method::ContactsList,
         api::ListContacts{api::ContactFilter::Incoming, 0, api::kMaxContactsPage}.toCbor()},
        {method::ContactsSetBlocked, api::SetBlocked{2, true}.toCbor()},
        {method::ContactsListBlocked, api::ListBlocked{0, 20}.toCbor()},
        {method::ProfilesGet, api::GetProfiles{{1, 2}}.toCbor()},
        {method::ProfilesUpdate,
         api::UpdateProfile{true, QStringLiteral("Bob"), true, QStringLiteral("hi")}.toCbor()},
        {method::ProfilesSetUsername, api::SetUsername{QStringLiteral("bobby")}.toCbor()},
        {method::ProfilesSetLastSeenPrivacy,
         api::SetLastSeenPrivacy{api::LastSeenPrivacy::Nobody}.toCbor()},
        {method::ChannelsCreate,
         api::CreateChannel{5, QStringLiteral("Launches"), QStringLiteral("Rockets"),
                            QStringLiteral("launches")}
             .toCbor()},
        {method::ChannelsGet, api::GetChannel{1}.toCbor()},
        {method::ChannelsEdit,
         api::EditChannel{1, QStringLiteral("T"), QStringLiteral("A")}.toCbor()},
        {method::ChannelsSubscribe, api::SubscribeChannel{1}.toCbor()},
        {method::ChannelsUnsubscribe, api::UnsubscribeChannel{1}.toCbor()},
        {method::ChannelsAddSubscribers, api::AddChannelSubscribers{1, {2, 3}}.toCbor()},
        {method::ChannelsSetMuted, api::SetChannelMuted{1, true}.toCbor()},
        {method::ChannelsSetRole, api::SetChannelRole{1, 2, api::ChannelRole::Admin}.toCbor()},
        {method::ChannelsPost, api::PostToChannel{1, 9, QStringLiteral("news")}.toCbor()},
        {method::ChannelsGetDifference, api::GetChannelDifference{1, 0, 100}.toCbor()},
        {method::ChannelsHistory, api::GetChannelHistory{1, 0, 50}.toCbor()},
        {method::ChannelsList, api::ListChannels{0, 100}.toCbor()},
        {method::ChannelsSearch, api::SearchChannels{QStringLiteral("@launch"), 10}.toCbor()},
        {method::MessagesEdit, api::EditMessage{7, 1001, QStringLiteral("fixed")}.toCbor()},
        {method::MessagesDelete,
         api::DeleteMessages{7, {1000, 1001}, api::DeleteScope::Everyone}.toCbor()},
        {api::ExportInvite::method, api::ExportInvite{7}.toCbor()},
        {api::RevokeInvite::method, api::RevokeInvite{7}.toCbor()},
        {api::CheckInvite::method, api::CheckInvite{QString(43, QLatin1Char('A'))}.toCbor()},
        {api::JoinByInvite::method, api::JoinByInvite{QString(43, QLatin1Char('A'))}.toCbor()},
        {api::GetMessageReaders::method, api::GetMessageReaders{7, 1001}.toCbor()},
        {api::CommentOnPost::method,
         api::CommentOnPost{40, 56, 9, QStringLiteral("well said")}.toCbor()},
        {api::GetComments::method, api::GetComments{40, 56, 0, 0, 50}.toCbor()},
        {api::DeleteComment::method, api::DeleteComment{40, 56, 31}.toCbor()},
        {method::SupergroupsCreate,
         api::CreateSupergroup{11, QStringLiteral("Crew"), {2, 3}}.toCbor()},
        {method::SupergroupsRemoveMember, api::RemoveSupergroupMember{41, 3}.toCbor()},
        {method::GroupsUpgrade, api::UpgradeGroup{8}.toCbor()},
        {api::GetSupergroupMembers::method, api::GetSupergroupMembers{8, 120, 50}.toCbor()},
    };
}

QByteArray helloBytes() {
    return encodeFrame(Hello{{kProtocolVersion}, QStringLiteral("seed/1")});
}

// Shapes every CBOR reader must refuse cleanly.
QList<QPair<QString, QByteArray>> hostileBytes() {
    QByteArray deepArrays(200, '\x81');
    deepArrays.append('\x00');
    QByteArray deepMaps;
    for (int i = 0; i < 100; ++i)
        deepMaps.append("\xa1\x61"
                        "a",
                        3);
    deepMaps.append('\x00');
    const QByteArray hello = helloBytes();
    return {
        {QStringLiteral("a1a1"), raw("\xa1\xa1")},
        {QStringLiteral("empty"), QByteArray()},
        {QStringLiteral("truncated-hello"), hello.chopped(1)},
        {QStringLiteral("trailing-byte"), hello + QByteArray(1, '\0')},
        {QStringLiteral("deep-arrays"), deepArrays},
        {QStringLiteral("deep-maps"), deepMaps},
        {QStringLiteral("huge-length-bytes"), raw("\x5b\xff\xff\xff\xff\xff\xff\xff\xff")},
        {QStringLiteral("huge-length-text"), raw("\x7b\x7f\xff\xff\xff\xff\xff\xff\xff")},
        {QStringLiteral("huge-length-map"), raw("\xbb\x00\x00\x00\x01\x00\x00\x00\x00")},
        {QStringLiteral("huge-length-array"), raw("\x9b\xff\xff\xff\xff\xff\xff\xff\xff")},
        {QStringLiteral("unterminated-indefinite-map"), raw("\xbf\x61t\x65hello")},
        {QStringLiteral("not-a-map"), raw("\x83\x01\x02\x03")},
        {QStringLiteral("invalid-utf8-key"), raw("\xa1\x62\xff\xfe\x01")},
        {QStringLiteral("break-alone"), raw("\xff")},
        {QStringLiteral("reserved-simple"), raw("\xa1\x61t\xfc")},
    };
}

void writeHostile(const QString &target) {
    for (const auto &[name, bytes] : hostileBytes())
        write(target, name, bytes);
}

// ---------------------------------------------------------------- fuzz_frame_decode

void frameDecode() {
    const QString t = QStringLiteral("fuzz_frame_decode");
    write(t, QStringLiteral("hello"), helloBytes());
    write(t, QStringLiteral("hello-many-versions"),
          encodeFrame(Hello{{1, 2, 3, kMax64, 0, -1}, QString(256, QLatin1Char('c'))}));
    write(t, QStringLiteral("welcome"),
          encodeFrame(Welcome{kProtocolVersion, QStringLiteral("msgr"), advertisedLimits()}));
    qint64 id = 1;
    for (const auto &[method, args] : requestArgs())
        write(t, QStringLiteral("req-") + method, encodeFrame(Request{id++, method, args}));
    write(t, QStringLiteral("req-max-id"), encodeFrame(Request{kMax64, method::Ping, {}}));
    write(t, QStringLiteral("res"), encodeFrame(Result{5, QCborMap{{L("pts"), 3}}}));
    write(t, QStringLiteral("err"),
          encodeFrame(Error{5, ErrorCode::NotFound, QStringLiteral("no chat"), 0}));
    write(t, QStringLiteral("err-flood"),
          encodeFrame(Error{9, ErrorCode::FloodWait, QStringLiteral("slow"), 250}));
    write(t, QStringLiteral("err-unknown-code"),
          cbor({{L("t"), L("err")}, {L("code"), L("FROM_THE_FUTURE")}, {L("message"), L("?")}}));
    for (const auto &[name, update] : sampleUpdates())
        write(t, QStringLiteral("upd-") + name, encodeFrame(UpdateFrame{12, updateToCbor(update)}));
    write(t, QStringLiteral("upd-no-pts"),
          encodeFrame(UpdateFrame{0, updateToCbor(ReadInboxUpdate{7, 1})}));
    // CBOR that Qt turns into extended types (date, URL, regex, UUID) and floats inside args.
    write(t, QStringLiteral("req-tagged-args"),
          cbor({{L("t"), L("req")},
                {L("id"), 1},
                {L("m"), method::Ping},
                {L("a"), QCborMap{{L("d"), QCborValue(QCborKnownTags::DateTimeString,
                                                      L("2020-01-01T00:00Z"))},
                                  {L("u"), QCborValue(QCborKnownTags::Url, L("https://x/"))},
                                  {L("f"), 1.5},
                                  {L("n"), qQNaN()},
                                  {L("s"), QCborValue(QCborSimpleType(99))}}}}));
    write(t, QStringLiteral("duplicate-t"), raw("\xa2\x61t\x63req\x61t\x65hello"));
    // messages.send as the server's fast decoder reads it (protocol/send_request_decode.h),
    // and near misses it must leave to the general decoder.
    write(t, QStringLiteral("send-reply"),
          encodeFrame(Request{3, method::MessagesSend,
                              api::SendMessage{7, -42, QStringLiteral("hi"), {}, 5}.toCbor()}));
    write(t, QStringLiteral("send-int-ends"),
          encodeFrame(Request{kMax64, method::MessagesSend,
                              api::SendMessage{kMax64, std::numeric_limits<qint64>::min(),
                                               QStringLiteral("\u00e9\U0001F600")}
                                  .toCbor()}));
    write(
        t, QStringLiteral("send-longest-text"),
        encodeFrame(Request{4, method::MessagesSend,
                            api::SendMessage{7, 1, QString(kMaxTextChars, QChar(0xe9))}.toCbor()}));
    write(t, QStringLiteral("send-text-too-long"),
          encodeFrame(Request{
              4, method::MessagesSend,
              api::SendMessage{7, 1, QString(kMaxTextChars + 1, QLatin1Char('x'))}.toCbor()}));
    write(t, QStringLiteral("send-reordered"),
          cbor({{L("a"), QCborMap{{L("text"), L("x")}, {L("randomId"), 2}, {L("chatId"), 1}}},
                {L("m"), method::MessagesSend},
                {L("id"), 6},
                {L("t"), L("req")}}));
    // {t: req, id: 1, m: messages.send, a: {chatId: 1, randomId: 2, text: "x", chatId: 3}}
    write(t, QStringLiteral("send-repeated-key"),
          raw("\xa4\x61t\x63req\x62id\x01\x61m\x6dmessages.send\x61\x61"
              "\xa4\x66"
              "chatId\x01\x68randomId\x02\x64text\x61x\x66"
              "chatId\x03"));
    writeHostile(t);
}

// ---------------------------------------------------------------- fuzz_tus_answers

// Two header values split at a NUL, as fuzz_tus_answers reads them: what the server answers
// (Location /files/<32 hex>, offsets, Retry-After) and what a hostile one might.
void tusAnswers() {
    const QString t = QStringLiteral("fuzz_tus_answers");
    const QByteArray id = QByteArray(16, '\x5a').toHex();
    const auto pair = [](const QByteArray &a, const QByteArray &b) { return a + '\0' + b; };
    write(t, QStringLiteral("created"), pair("/files/" + id, "0"));
    write(t, QStringLiteral("absolute-same-origin"),
          pair("https://media.example:8443/files/" + id, QByteArray::number(kMax64)));
    write(t, QStringLiteral("other-origin"), pair("//evil.example/files/" + id, "1048576"));
    write(t, QStringLiteral("less-safe-scheme"),
          pair("http://127.0.0.1/files/" + id, QByteArray::number(3601)));
    write(t, QStringLiteral("user-info"), pair("https://u:p@[::1]:9443/files/" + id, " 42\t"));
    write(t, QStringLiteral("encoded-slash"), pair("/files/a%2Fb", "-1"));
    write(t, QStringLiteral("dot-segments"), pair("/files/../admin?x#y", "+7"));
    write(t, QStringLiteral("overflow"),
          pair("123456789012345678901234567890", QByteArray::number(kMax64) + '0'));
    write(t, QStringLiteral("http-date"), pair("Wed, 21 Oct 2026 07:28:00 GMT", "/files/"));
    // Downloads: Content-Range and ETag as the server sends them, and what it must not.
    const QByteArray etag = '"' + QByteArray(32, '\x9f').toHex() + '"';
    write(t, QStringLiteral("download-range"), pair("bytes 1048576-3145727/3145728", etag));
    write(t, QStringLiteral("download-weak-etag"), pair("bytes 0-0/1", "W/" + etag));
    write(t, QStringLiteral("download-star-range"), pair("bytes */3145728", "\"\""));
    write(t, QStringLiteral("download-reversed-range"),
          pair("bytes 9-3/10", "\"a\x7f\"" + QByteArray::number(kMax64)));
}

// ---------------------------------------------------------------- fuzz_secret_payload

// What the secret-chat client reads around the ratchet: plaintexts (open, text, unknown kinds,
// invalid UTF-8) and an envelope's first bytes (a CBOR map, a ratchet message's version).
void secretPayloads() {
    const QString t = QStringLiteral("fuzz_secret_payload");
    using msgr::core::secret::encodePayload;
    using msgr::core::secret::SecretPayload;
    write(t, QStringLiteral("open"), encodePayload(SecretPayload::opening()));
    write(t, QStringLiteral("text"),
          encodePayload(SecretPayload::plainText(QStringLiteral("hello, Bob \u00e9"))));
    write(t, QStringLiteral("open-with-body"), raw("\x00x"));
    write(t, QStringLiteral("text-empty"), raw("\x01"));
    write(t, QStringLiteral("text-bad-utf8"), raw("\x01\xc3\x28\xff"));
    write(t, QStringLiteral("unknown-kind"), raw("\x07hi"));
    write(t, QStringLiteral("text-too-long"),
          QByteArray(1, '\x01') + QByteArray(msgr::protocol::kMaxTextChars + 1, 'a'));
    write(t, QStringLiteral("envelope-map"), raw("\xa8\x61v\x01"));
    SecretPayload timed;
    timed.kind = SecretPayload::Kind::TimedText;
    timed.ttlMs = 5000;
    timed.seq = 7;
    timed.text = QStringLiteral("gone in five seconds");
    write(t, QStringLiteral("timed-text"), encodePayload(timed));
    SecretPayload notice;
    notice.kind = SecretPayload::Kind::ReadNotice;
    notice.seqs = {3, 4, 9};
    write(t, QStringLiteral("read-notice"), encodePayload(notice));
    SecretPayload timer;
    timer.kind = SecretPayload::Kind::TimerSetting;
    timer.ttlMs = 7LL * 24 * 3600 * 1000;
    write(t, QStringLiteral("timer-week"), encodePayload(timer));
    write(t, QStringLiteral("timer-not-allowed"), raw("\x04\x00\x00\x00\x07"));
    write(t, QStringLiteral("read-notice-count-mismatch"),
          raw("\x03\x00\x02\x00\x00\x00\x00\x00\x00\x00\x01")); // A secret attachment (§12.8) with
                                                                // fixed, obviously fake key
                                                                // material (seeds are public).
    SecretPayload file;
    file.kind = SecretPayload::Kind::File;
    file.text = QStringLiteral("caption");
    msgr::core::secret::SecretFile f;
    f.kind = 0;
    f.fileId = QStringLiteral("00112233445566778899aabbccddeeff");
    f.key = msgr::crypto::SecureBytes::copyOf(QByteArray(32, '\x11'));
    f.header = QByteArray(24, '\x22');
    f.plainSize = 1234;
    f.cipherSha256 = QByteArray(32, '\x44');
    f.width = 640;
    f.height = 480;
    f.name = QStringLiteral("photo \u00e9.jpg");
    f.mime = QStringLiteral("image/jpeg");
    f.thumbnail = QByteArray("\xff\xd8\xff\xe0thumb", 9);
    file.file = f;
    write(t, QStringLiteral("file-photo"), encodePayload(file));
    file.ttlMs = 10000;
    file.seq = 3;
    file.text.clear();
    write(t, QStringLiteral("file-timed"), encodePayload(file));
    // Kind 5, an older sender's file: the same with the plaintext's BLAKE2b-256.
    SecretPayload hashedFile = file;
    hashedFile.kind = SecretPayload::Kind::HashedFile;
    hashedFile.file->plainHash = QByteArray(32, '\x33');
    write(t, QStringLiteral("file-hashed"), encodePayload(hashedFile));
    // A voice message (kind 8): the file's fields, then its length and levels.
    SecretPayload voice = file;
    voice.kind = SecretPayload::Kind::Voice;
    voice.ttlMs = 0;
    voice.seq = 0;
    voice.file->kind = msgr::core::secret::kSecretVoiceFileKind;
    voice.file->name = QStringLiteral("voice.ogg");
    voice.file->mime = QStringLiteral("audio/ogg");
    voice.file->thumbnail.clear();
    voice.file->width = 0;
    voice.file->height = 0;
    voice.file->durationMs = 4321;
    for (int i = 0; i < 100; ++i)
        voice.file->waveform.append(char(i * 255 / 99));
    write(t, QStringLiteral("voice"), encodePayload(voice));
    voice.text = QStringLiteral("listen");
    voice.ttlMs = 5000;
    voice.seq = 9;
    write(t, QStringLiteral("voice-timed-caption"), encodePayload(voice));
    QByteArray notVoice = encodePayload(voice);
    notVoice[13] = 0; // the bubble kind of a photo: a voice payload must name voice
    write(t, QStringLiteral("voice-wrong-kind"), notVoice);
    SecretPayload hashedVoice = voice;
    hashedVoice.kind = SecretPayload::Kind::HashedVoice;
    hashedVoice.file->plainHash = QByteArray(32, '\x33');
    write(t, QStringLiteral("voice-hashed"), encodePayload(hashedVoice));
}

// ---------------------------------------------------------------- fuzz_arg_readers

void argReaders() {
    const QString t = QStringLiteral("fuzz_arg_readers");
    for (const auto &[method, args] : requestArgs())
        if (!args.isEmpty())
            write(t, QStringLiteral("args-") + method, cbor(args));
    write(t, QStringLiteral("user"), cbor(sampleUser().toCbor()));
    write(t, QStringLiteral("device"), cbor(sampleDevice().toCbor()));
    write(t, QStringLiteral("chat"), cbor(sampleChat().toCbor()));
    write(t, QStringLiteral("message"), cbor(sampleMessage().toCbor()));
    write(t, QStringLiteral("message-attachments"), cbor(sampleMessageWithAttachments().toCbor()));
    write(t, QStringLiteral("message-reply-forwarded"), cbor(sampleReplyMessage().toCbor()));
    write(t, QStringLiteral("args-messages.send-reply"),
          cbor(api::SendMessage{7, 42, QStringLiteral("yes"), {}, 1000}.toCbor()));
    write(t, QStringLiteral("args-messages.send-attachments"),
          cbor(api::SendMessage{7, 42, QString(), sampleAttachments()}.toCbor()));
    write(t, QStringLiteral("summary"), cbor(sampleSummary(true).toCbor()));
    write(t, QStringLiteral("summary-no-last"), cbor(sampleSummary(false).toCbor()));
    write(t, QStringLiteral("profile-own"), cbor(sampleOwnProfile().toCbor()));
    write(t, QStringLiteral("contacts-page"),
          cbor(api::ContactsResult{{sampleContactEntry()}, false, 9}.toCbor()));
    write(t, QStringLiteral("channel-page"),
          cbor(api::ChannelsResult{{sampleChannel()}, false}.toCbor()));
    write(
        t, QStringLiteral("channel-push"),
        cbor(ChannelUpdatePush{40, 56, updateToCbor(NewMessageUpdate{sampleMessage()})}.toCbor()));
    for (const auto &[name, update] : sampleUpdates())
        write(t, QStringLiteral("update-") + name, cbor(updateToCbor(update)));
    const api::Comment comment{31, 40, 56, 2, 1'763'700'000'000, QStringLiteral("well said"), 9};
    write(t, QStringLiteral("comment-result"),
          cbor(api::CommentResult{comment, 3, false}.toCbor()));
    write(t, QStringLiteral("comments-page"),
          cbor(api::CommentsResult{{comment, comment}, 2, false}.toCbor()));
    write(t, QStringLiteral("comment-deleted"), cbor(api::DeleteCommentResult{1, true}.toCbor()));
    write(t, QStringLiteral("push-postComments"), cbor(PostCommentsPush{40, 56, 3, 31}.toCbor()));
    write(t, QStringLiteral("push-channelSubscribers"),
          cbor(ChannelSubscribersPush{40, 1200}.toCbor()));
    write(t, QStringLiteral("push-typing"), cbor(TypingUpdate{7, 2, true}.toCbor()));
    write(t, QStringLiteral("push-userStatus"),
          cbor(UserStatusUpdate{{2, false, 1'763'700'000'000, std::nullopt}}.toCbor()));
    write(t, QStringLiteral("presence-result"),
          cbor(api::PresenceResult{{{2, true, std::nullopt, std::nullopt},
                                    {3, false, std::nullopt, api::LastSeenBucket::Recently}}}
                   .toCbor()));
    write(t, QStringLiteral("mistyped"),
          cbor({{L("id"), L("1")},
                {L("chatId"), -1},
                {L("ids"), QCborArray{1, L("x")}},
                {L("memberIds"), QCborArray{}},
                {L("text"), QString(kMaxTextChars + 1, QLatin1Char('x'))},
                {L("current"), 1},
                {L("chat"), QCborArray{}},
                {L("limit"), 1.0}}));
    write(t, QStringLiteral("extremes"),
          cbor({{L("id"), kMax64}, {L("pts"), kMin64}, {L("maxId"), 0}, {L("limit"), kMax64}}));
    writeHostile(t);
}

// ---------------------------------------------------------------- fuzz_client_frames

QByteArray result(const QCborMap &r) {
    return encodeFrame(Result{1, r});
}

void clientFrames() {
    const QString t = QStringLiteral("fuzz_client_frames");
    write(t, QStringLiteral("welcome"),
          encodeFrame(Welcome{kProtocolVersion, QStringLiteral("msgr"), advertisedLimits()}));
    write(t, QStringLiteral("res-auth"),
          result({{L("userId"), 1},
                  {L("deviceId"), 2},
                  {L("token"), QString(kTokenChars, QLatin1Char('A'))},
                  {L("pts"), 0}}));
    write(t, QStringLiteral("res-pts"), result({{L("pts"), 4}}));
    write(t, QStringLiteral("res-empty"), result({}));
    write(t, QStringLiteral("res-devices"),
          result({{L("devices"), QCborArray{sampleDevice().toCbor()}}}));
    write(t, QStringLiteral("res-users"),
          result({{L("users"), QCborArray{sampleUser().toCbor()}}}));
    write(t, QStringLiteral("res-chat"),
          result({{L("chat"), sampleChat().toCbor()}, {L("pts"), 5}}));
    write(t, QStringLiteral("res-chats"),
          result({{L("chats"),
                   QCborArray{sampleSummary(true).toCbor(), sampleSummary(false).toCbor()}},
                  {L("pts"), 6}}));
    write(
        t, QStringLiteral("res-send"),
        result({{L("message"), sampleMessage().toCbor()}, {L("pts"), 7}, {L("duplicate"), false}}));
    write(t, QStringLiteral("res-messages"),
          result({{L("messages"), QCborArray{sampleMessage().toCbor()}}}));
    QCborArray slice;
    qint64 pts = 10;
    for (const auto &[name, update] : sampleUpdates())
        slice.append(QCborMap{{L("pts"), ++pts}, {L("u"), updateToCbor(update)}});
    write(t, QStringLiteral("res-difference"),
          result({{L("updates"), slice}, {L("pts"), pts}, {L("final"), true}}));
    write(t, QStringLiteral("res-difference-gap"),
          result(
              {{L("updates"),
                QCborArray{QCborMap{{L("pts"), 3}, {L("u"), updateToCbor(ReadInboxUpdate{7, 1})}},
                           QCborMap{{L("pts"), 2}, {L("u"), updateToCbor(ReadInboxUpdate{7, 2})}}}},
               {L("pts"), kMax64},
               {L("final"), false}}));
    write(t, QStringLiteral("res-difference-too-long"),
          result({{L("tooLong"), true}, {L("pts"), 100}}));
    for (const auto &[name, update] : sampleUpdates())
        write(t, QStringLiteral("upd-") + name, encodeFrame(UpdateFrame{12, updateToCbor(update)}));
    write(
        t, QStringLiteral("upd-channel-push"),
        encodeFrame(UpdateFrame{
            0,
            ChannelUpdatePush{40, 56, updateToCbor(NewMessageUpdate{sampleMessage()})}.toCbor()}));
    write(t, QStringLiteral("upd-max-pts"),
          encodeFrame(UpdateFrame{kMax64, updateToCbor(DeliveredUpdate{7, kMax64})}));
    write(t, QStringLiteral("upd-no-pts"),
          encodeFrame(UpdateFrame{0, updateToCbor(ReadInboxUpdate{7, 1})}));
    write(t, QStringLiteral("err"),
          encodeFrame(Error{1, ErrorCode::Internal, QStringLiteral("store"), 0}));
    write(t, QStringLiteral("err-flood"),
          encodeFrame(Error{1, ErrorCode::FloodWait, QStringLiteral("slow"), 1000}));
    writeHostile(t);
}

// ---------------------------------------------------------------- fuzz_key_file

void keyFile() {
    const QString t = QStringLiteral("fuzz_key_file");
    const QByteArray key(32, '\x5a'); // a seed, not a secret
    // As the client writes it (default cost), and at the lowest accepted cost.
    const crypto::KeyWrapResult real = crypto::wrapKey(key, "seed passphrase");
    const crypto::KeyWrapResult cheap =
        crypto::wrapKey(key, "seed passphrase", crypto::KeyWrapCost::interactive());
    if (!real.ok() || !cheap.ok()) {
        std::fprintf(stderr, "wrapKey failed\n");
        ++g_failures;
        return;
    }
    write(t, QStringLiteral("key.wrapped"), real.data);
    write(t, QStringLiteral("key-interactive.wrapped"), cheap.data);
    const std::optional<crypto::WrappedKeyBlob> parsed = crypto::parseWrappedKey(cheap.data);
    if (!parsed) {
        std::fprintf(stderr, "parseWrappedKey refused what wrapKey wrote\n");
        ++g_failures;
        return;
    }
    const crypto::WrappedKeyBlob &blob = *parsed;
    QCborParserError parseError;
    const QCborMap map = QCborValue::fromCbor(cheap.data, &parseError).toMap();
    if (parseError.error != QCborError::NoError) {
        std::fprintf(stderr, "wrapKey wrote invalid CBOR\n");
        ++g_failures;
        return;
    }
    const auto variant = [&](const QString &name, const QString &field, const QCborValue &value) {
        QCborMap m = map;
        if (value.isUndefined())
            m.remove(field);
        else
            m.insert(field, value);
        write(t, name, cbor(m));
    };
    variant(QStringLiteral("version-2"), QStringLiteral("v"), 2);
    variant(QStringLiteral("no-alg"), QStringLiteral("alg"), QCborValue());
    variant(QStringLiteral("mem-huge"), QStringLiteral("mem"), kMax64);
    variant(QStringLiteral("mem-float"), QStringLiteral("mem"), 67108864.0);
    variant(QStringLiteral("ops-zero"), QStringLiteral("ops"), 0);
    variant(QStringLiteral("salt-short"), QStringLiteral("salt"), blob.salt.left(4));
    variant(QStringLiteral("nonce-text"), QStringLiteral("nonce"),
            QString::fromLatin1(blob.nonce.toHex()));
    variant(QStringLiteral("ct-tag-only"), QStringLiteral("ct"), blob.ciphertext.left(16));
    variant(QStringLiteral("ct-longest"), QStringLiteral("ct"),
            QByteArray(crypto::kMaxWrappedKeyBytes + 16, '\x01'));
    variant(QStringLiteral("ct-too-long"), QStringLiteral("ct"),
            QByteArray(crypto::kMaxWrappedKeyBytes + 17, '\x01'));
    write(t, QStringLiteral("truncated"), cheap.data.chopped(1));
    write(t, QStringLiteral("trailing-byte"), cheap.data + QByteArray(1, '\0'));
    write(t, QStringLiteral("a1a1"), raw("\xa1\xa1"));
    write(t, QStringLiteral("empty"), QByteArray());
    write(t, QStringLiteral("huge-length-bytes"), raw("\x5b\xff\xff\xff\xff\xff\xff\xff\xff"));
}

// ---------------------------------------------------------------- fuzz_secret_decode

// The first byte picks the decoder (fuzz_secret_decode.cpp): 0 bundle, 1 pre-key message,
// 2 ratchet message, 3 stored state, 4 stored device keys, 5 a scanned verification code.
// Fixed keys: the seeds are the same on every run.
void secretDecode() {
    namespace s = crypto::secret;
    const QString t = QStringLiteral("fuzz_secret_decode");
    auto put = [&](const char *name, char selector, QByteArrayView bytes) {
        write(t, QString::fromLatin1(name), QByteArray(1, selector) + bytes.toByteArray());
    };
    const qint64 now = 1'764'547'200'000;
    const s::DeviceIdentity alice = s::DeviceIdentity::fromSecrets(
        QByteArray(32, '\x01'), crypto::SecureBytes::copyOf(QByteArray(32, '\x02')));
    const s::DeviceIdentity bob = s::DeviceIdentity::fromSecrets(
        QByteArray(32, '\x11'), crypto::SecureBytes::copyOf(QByteArray(32, '\x12')));
    const s::SignedPreKey spk = s::SignedPreKey::create(
        bob, 7, now,
        s::X25519KeyPair::fromSecret(crypto::SecureBytes::copyOf(QByteArray(32, '\x13'))));
    const s::OneTimePreKey opk{
        42, s::X25519KeyPair::fromSecret(crypto::SecureBytes::copyOf(QByteArray(32, '\x14')))};
    s::PreKeyBundle bundle{bob.publicIdentity(), spk.publicKey(), opk.publicKey()};
    const QByteArray full = s::encodePreKeyBundle(bundle);
    put("bundle", 0, full);
    put("bundle-truncated", 0, full.chopped(1));
    bundle.oneTimePreKey.reset();
    put("bundle-no-one-time-key", 0, s::encodePreKeyBundle(bundle));
    bundle.oneTimePreKey = opk.publicKey();
    s::Result<s::StartedSession> started = s::startSession(
        alice, bundle, now, "Hello, Bob!",
        s::X25519KeyPair::fromSecret(crypto::SecureBytes::copyOf(QByteArray(32, '\x03'))),
        s::X25519KeyPair::fromSecret(crypto::SecureBytes::copyOf(QByteArray(32, '\x04'))));
    if (!started.ok()) {
        std::fprintf(stderr, "startSession failed\n");
        ++g_failures;
        return;
    }
    put("pre-key-message", 1, started->preKeyMessage);
    const s::Result<s::PreKeyMessage> envelope = s::decodePreKeyMessage(started->preKeyMessage);
    put("ratchet-message", 2, envelope->message);
    put("ratchet-header-only", 2, envelope->message.first(s::kRatchetHeaderBytes));
    put("state-initiator", 3, encodeRatchetState(started->session.state()).view());
    // Bob's state after a gap (skipped keys) and a reply (retired keys, both chains).
    const s::Result<crypto::SecureBytes> secret =
        s::x3dhRespond(bob, spk, &opk, alice.publicIdentity(), envelope->ephemeralKey);
    s::RatchetSession bobSession = s::RatchetSession::respond(
        secret.value(), s::sessionAssociatedData(alice.publicIdentity(), bob.publicIdentity()),
        spk.keyPair);
    s::RatchetSession aliceSession = started->session;
    if (!bobSession.decrypt(envelope->message).ok()) {
        std::fprintf(stderr, "the first message did not open\n");
        ++g_failures;
        return;
    }
    (void)aliceSession.encrypt("lost");
    (void)bobSession.decrypt(aliceSession.encrypt("after a gap").value());
    (void)aliceSession.decrypt(bobSession.encrypt("reply").value());
    (void)bobSession.decrypt(aliceSession.encrypt("new chain").value());
    const crypto::SecureBytes state = encodeRatchetState(bobSession.state());
    put("state-responder", 3, state.view());
    put("state-trailing-byte", 3, state.view().toByteArray() + '\0');
    std::vector<s::OneTimePreKey> oneTime;
    oneTime.push_back(opk);
    const crypto::SecureBytes keys =
        s::encodeDeviceKeys({bob, {spk}, s::OneTimePreKeyPool::restore(std::move(oneTime), 43)});
    put("device-keys", 4, keys.view());
    put("device-keys-truncated", 4, keys.view().chopped(1));
    // The identities fuzz_secret_decode checks a scanned code against (own 0x01.., peer 0x02..).
    const QString code = s::verificationCode(QByteArray(64, '\x02'), QByteArray(64, '\x01'));
    put("verification-code", 5, code.toLatin1());
    put("verification-code-swapped", 5,
        s::verificationCode(QByteArray(64, '\x01'), QByteArray(64, '\x02')).toLatin1());
    put("verification-code-version-2", 5, QByteArray("MSGR-SN:2:") + code.toLatin1().mid(10));
    put("verification-code-short", 5, code.toLatin1().chopped(1));
}

// ---------------------------------------------------------------- fuzz_server_request

// One connection: a flags byte (fuzz_server_request.cpp: 1 = hello first, 2 = then logged in as
// alice), then messages separated by kConnectionSeparator.
constexpr char kConnectionSeparator[] = "--msg--";
constexpr char kHelloFirst = 1;
constexpr char kLoggedIn = 1 | 2;

QByteArray connection(char flags, const QList<QByteArray> &messages) {
    QByteArray out(1, flags);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (i > 0)
            out += kConnectionSeparator;
        out += messages.at(i);
    }
    return out;
}

void serverRequest() {
    const QString t = QStringLiteral("fuzz_server_request");
    qint64 id = 1;
    // Every method, logged in (the handlers' real paths) and not (UNAUTHORIZED or auth).
    for (const auto &[method, args] : requestArgs()) {
        const QByteArray request = encodeFrame(Request{id++, method, args});
        write(t, QStringLiteral("authed-") + method, connection(kLoggedIn, {request}));
        write(t, QStringLiteral("anon-") + method, connection(kHelloFirst, {request}));
    }
    // The seeded users of the target: alice's password and token, bob's id, their chat.
    write(t, QStringLiteral("login-alice"),
          connection(kHelloFirst,
                     {encodeFrame(Request{1, method::LogIn,
                                          protocol::api::LogIn{QStringLiteral("alice"),
                                                               QStringLiteral("correct horse"),
                                                               QStringLiteral("fuzz")}
                                              .toCbor()}),
                      encodeFrame(Request{2, method::ChatsList, {}})}));
    write(t, QStringLiteral("resume-alice"),
          connection(kHelloFirst,
                     {encodeFrame(Request{
                          1, method::Resume,
                          protocol::api::Resume{QString(kTokenChars, QLatin1Char('s'))}.toCbor()}),
                      encodeFrame(Request{2, method::UpdatesGetDifference,
                                          protocol::api::GetDifference{0, 500}.toCbor()})}));
    write(
        t, QStringLiteral("chat-session"),
        connection(
            kLoggedIn,
            {encodeFrame(
                 Request{1, method::ChatsOpenPrivate, protocol::api::OpenPrivateChat{2}.toCbor()}),
             encodeFrame(Request{2, method::MessagesSend,
                                 protocol::api::SendMessage{1, 99, QStringLiteral("hi")}.toCbor()}),
             encodeFrame(Request{3, method::MessagesHistory,
                                 protocol::api::GetHistory{1, 0, 100}.toCbor()}),
             encodeFrame(Request{4, method::MessagesRead, protocol::api::MarkRead{1, 2}.toCbor()}),
             encodeFrame(
                 Request{5, method::MessagesReceived, protocol::api::MarkReceived{1, 2}.toCbor()}),
             encodeFrame(Request{6, method::UpdatesGetDifference,
                                 protocol::api::GetDifference{1, 2}.toCbor()})}));
    // The handshake itself, and what comes before it.
    write(t, QStringLiteral("hello-then-ping"),
          connection(0, {helloBytes(), encodeFrame(Request{1, method::Ping, {}})}));
    write(t, QStringLiteral("ping-before-hello"),
          connection(0, {encodeFrame(Request{1, method::Ping, {}})}));
    write(t, QStringLiteral("hello-wrong-version"),
          connection(0, {encodeFrame(Hello{{99}, QStringLiteral("future")})}));
    write(t, QStringLiteral("text-message"), connection(4 | kHelloFirst, {helloBytes()}));
    write(t, QStringLiteral("second-hello"), connection(kHelloFirst, {helloBytes()}));
    write(t, QStringLiteral("response-frame-from-client"),
          connection(kHelloFirst, {encodeFrame(Result{1, {}})}));
    write(t, QStringLiteral("unknown-method"),
          connection(kLoggedIn, {encodeFrame(Request{1, QStringLiteral("admin.dropAll"), {}})}));
    write(t, QStringLiteral("a1a1-after-hello"), connection(kHelloFirst, {raw("\xa1\xa1")}));
    write(t, QStringLiteral("a1a1-authed"), connection(kLoggedIn, {raw("\xa1\xa1")}));
    QList<QByteArray> flood;
    for (int i = 0; i < 40; ++i)
        flood.append(encodeFrame(Request{i + 1, method::Ping, {}}));
    write(t, QStringLiteral("many-pings"), connection(kLoggedIn, flood));
    for (const auto &[name, bytes] : hostileBytes())
        write(t, QStringLiteral("hostile-") + name, connection(kLoggedIn, {bytes}));
}

// ---------------------------------------------------------------- dictionary

QByteArray dictEntry(const QByteArray &value) {
    QByteArray out = "\"";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\')
            out.append(c);
        else
            out.append(QByteArrayLiteral("\\x") + QByteArray::number(u, 16).rightJustified(2, '0'));
    }
    return out + "\"\n";
}

void writeDictionary(const QString &name, const QByteArray &text) {
    const QString dir = g_root + QStringLiteral("/dict");
    QFile file(dir + QLatin1Char('/') + name);
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(text) != text.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        ++g_failures;
    }
}

// Every key, frame type, method, error code and update type, each as a CBOR text string: what
// libFuzzer cannot guess byte by byte, since it gets no coverage from inside Qt's CBOR parser.
void dictionary() {
    QStringList words{QStringLiteral("t"),       QStringLiteral("hello"),
                      QStringLiteral("welcome"), QStringLiteral("req"),
                      QStringLiteral("res"),     QStringLiteral("err"),
                      QStringLiteral("upd"),     QStringLiteral("private"),
                      QStringLiteral("group"),   QStringLiteral("channel")};
    for (const auto &[method, args] : requestArgs()) {
        words.append(method);
        for (auto it = args.constBegin(); it != args.constEnd(); ++it)
            words.append(it.key().toString());
    }
    const QList<QCborMap> shapes{sampleUser().toCbor(),
                                 sampleDevice().toCbor(),
                                 sampleSummary(true).toCbor(),
                                 sampleMessage().toCbor(),
                                 sampleChat().toCbor(),
                                 advertisedLimits(),
                                 sampleMessageWithAttachments().toCbor(),
                                 sampleAttachments().first().toCbor(),
                                 sampleAttachments().last().toCbor()};
    for (const QCborMap &m : shapes)
        for (auto it = m.constBegin(); it != m.constEnd(); ++it)
            words.append(it.key().toString());
    for (const auto &[name, update] : sampleUpdates()) {
        const QCborMap m = updateToCbor(update);
        words.append(m.value(L("type")).toString());
        for (auto it = m.constBegin(); it != m.constEnd(); ++it)
            words.append(it.key().toString());
    }
    for (const char *k : {"versions", "client", "version", "server",   "limits",  "id",
                          "m",        "a",      "r",       "code",     "message", "retryAfterMs",
                          "pts",      "u",      "updates", "final",    "tooLong", "duplicate",
                          "chats",    "users",  "devices", "messages", "token",   "userId",
                          "deviceId", "photo",  "video",   "voice",    "audio",   "file"})
        words.append(QString::fromLatin1(k));
    for (int c = 0; c <= int(ErrorCode::Internal); ++c)
        words.append(errorCodeName(ErrorCode(c)));
    QSet<QString> seen;
    QByteArray out = "# Generated by make_seed_corpus.cpp: protocol words as CBOR text strings.\n";
    out += dictEntry(kConnectionSeparator); // fuzz_server_request's message separator
    for (const QString &w : std::as_const(words)) {
        if (w.isEmpty() || seen.contains(w))
            continue;
        seen.insert(w);
        out += dictEntry(QCborValue(w).toCbor());
    }
    // Integer and container heads worth trying as a whole.
    for (const QByteArray &head :
         {raw("\x1b\x7f\xff\xff\xff\xff\xff\xff\xff"), raw("\x3b\x7f\xff\xff\xff\xff\xff\xff\xff"),
          raw("\x1b\xff\xff\xff\xff\xff\xff\xff\xff"), raw("\xbf"), raw("\x9f"), raw("\xff"),
          raw("\xf9\x7e\x00")})
        out += dictEntry(head);
    writeDictionary(QStringLiteral("protocol.dict"), out);
}

// The key file's field names and the byte-string heads of its fixed sizes.
void keyFileDictionary() {
    QByteArray out = "# Generated by make_seed_corpus.cpp: key.wrapped field names and sizes.\n";
    for (const char *k :
         {"v", "alg", "salt", "ops", "mem", "nonce", "ct", "argon2id13+xchacha20poly1305"})
        out += dictEntry(QCborValue(QString::fromLatin1(k)).toCbor());
    for (const QByteArray &head :
         {raw("\x50"), raw("\x58\x18"), raw("\x58\x30"), raw("\x59\x04\x10"),
          raw("\x1a\x04\x00\x00\x00"), raw("\x1a\x40\x00\x00\x00")})
        out += dictEntry(head);
    writeDictionary(QStringLiteral("fuzz_key_file.dict"), out);
}

// The secret chats' CBOR keys and the byte-string heads of their key and signature sizes.
void secretDictionary() {
    QByteArray out = "# Generated by make_seed_corpus.cpp: secret-chat CBOR keys and sizes.\n";
    for (const char *k : {"v", "ik", "ikx", "ikxs", "spk", "opk", "id", "t", "k", "s", "ek", "m"})
        out += dictEntry(QCborValue(QString::fromLatin1(k)).toCbor());
    for (const QByteArray &head : {raw("\x58\x20"), raw("\x58\x40"), raw("\x1a\xff\xff\xff\xff"),
                                   raw("\x1b\x00\x00\x00\x01\x00\x00\x00\x00")})
        out += dictEntry(head);
    writeDictionary(QStringLiteral("fuzz_secret_decode.dict"), out);
}

// The URL pieces that decide a Location's origin and path, and numbers at their edges.
void tusAnswersDictionary() {
    QByteArray out = "# Generated by make_seed_corpus.cpp: tus answer URL pieces and numbers.\n";
    for (const char *w : {"/files/",
                          "https://",
                          "http://",
                          "//",
                          "media.example",
                          ":8443",
                          "127.0.0.1",
                          "[::1]:9443",
                          "@",
                          "?",
                          "#",
                          "%2F",
                          "%2e",
                          "..",
                          "\\",
                          "9223372036854775807",
                          "3600",
                          "\t",
                          "bytes ",
                          "-",
                          "/",
                          "*",
                          "W/",
                          "\"",
                          "4294967296"})
        out += dictEntry(QByteArray(w));
    writeDictionary(QStringLiteral("fuzz_tus_answers.dict"), out);
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <tests/fuzz directory>\n", argv[0]);
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    frameDecode();
    argReaders();
    clientFrames();
    keyFile();
    secretDecode();
    serverRequest();
    tusAnswers();
    secretPayloads();
    dictionary();
    keyFileDictionary();
    secretDictionary();
    tusAnswersDictionary();
    return g_failures == 0 ? 0 : 1;
}
