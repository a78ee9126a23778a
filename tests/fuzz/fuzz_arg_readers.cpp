// libFuzzer target: every argument and object reader over arbitrary CBOR maps. The input is one
// CBOR value (parsed with its error checked; anything else is not interesting here). On the map
// and on every map nested in it (to a bounded depth), it runs:
//  - each protocol::MapReader function on the protocol's field names and on the map's own keys,
//    checking that an accepted value honours the bounds asked for and that a refusal is typed;
//  - every X::fromCbor of protocol/objects.h (Attachment and the attachments list included) and
//    protocol::updateFromCbor, checking that what is accepted survives toCbor/fromCbor
//    unchanged;
//  - every request's decode() of protocol/api/ (as the server reads arguments): a refusal is
//    typed, what is accepted survives toCbor/decode unchanged; and every result's fromCbor()
//    (as the client reads answers), with the same round trip (secret.* included, and the
//    secretEnvelope push).
#include "fuzz_support.h"
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
#include "protocol/map_reader.h"
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QCborStreamReader>
#include <QCborValue>
#include <array>

using namespace msgr::protocol;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {

// Nested maps are read too, but not forever: a deep input would only repeat the same work.
constexpr int kMaxDepth = 3;
// The map's own keys are tried as field names, up to this many per map.
constexpr qsizetype kMaxOwnKeys = 16;

// Every field name the protocol reads (docs/protocol.md §2, §4-§6).
constexpr std::array kFieldNames{L("t"),
                                 L("id"),
                                 L("m"),
                                 L("a"),
                                 L("r"),
                                 L("u"),
                                 L("pts"),
                                 L("code"),
                                 L("message"),
                                 L("retryAfterMs"),
                                 L("versions"),
                                 L("client"),
                                 L("version"),
                                 L("server"),
                                 L("limits"),
                                 L("type"),
                                 L("chat"),
                                 L("chatId"),
                                 L("typing"),
                                 L("maxId"),
                                 L("text"),
                                 L("randomId"),
                                 L("senderId"),
                                 L("date"),
                                 L("kind"),
                                 L("title"),
                                 L("memberIds"),
                                 L("createdAt"),
                                 L("username"),
                                 L("displayName"),
                                 L("name"),
                                 L("lastSeenAt"),
                                 L("current"),
                                 L("unreadCount"),
                                 L("lastMessage"),
                                 L("readInboxMaxId"),
                                 L("readOutboxMaxId"),
                                 L("deliveredMaxId"),
                                 L("ids"),
                                 L("chatIds"),
                                 L("offsetChatId"),
                                 L("drafts"),
                                 L("pinnedMessageId"),
                                 L("time"),
                                 L("pinned"),
                                 L("muted"),
                                 L("forSeconds"),
                                 L("mutedUntil"),
                                 L("limit"),
                                 L("beforeId"),
                                 L("query"),
                                 L("token"),
                                 L("password"),
                                 L("deviceName"),
                                 L("deviceId"),
                                 L("userId"),
                                 L("updates"),
                                 L("final"),
                                 L("tooLong"),
                                 L("duplicate"),
                                 L("time"),
                                 L("bundle"),
                                 L("preKeys"),
                                 L("key"),
                                 L("oneTimePreKeys"),
                                 L("devices"),
                                 L("lastActiveAt"),
                                 L("envelope"),
                                 L("envelopes"),
                                 L("afterId"),
                                 L("fromUserId"),
                                 L("fromDeviceId"),
                                 L("attachments"),
                                 L("fileId"),
                                 L("size"),
                                 L("mime"),
                                 L("width"),
                                 L("height"),
                                 L("durationMs"),
                                 L("thumbnail"),
                                 L("waveform"),
                                 L("about"),
                                 L("lastSeen"),
                                 L("lastSeenPrivacy"),
                                 L("privacy"),
                                 L("profile"),
                                 L("profiles"),
                                 L("user"),
                                 L("users"),
                                 L("entry"),
                                 L("entries"),
                                 L("status"),
                                 L("since"),
                                 L("retryAt"),
                                 L("filter"),
                                 L("afterUserId"),
                                 L("blocked"),
                                 L("channel"),
                                 L("channels"),
                                 L("channelId"),
                                 L("afterChannelId"),
                                 L("subscriberCount"),
                                 L("ownerId"),
                                 L("adminIds"),
                                 L("userIds"),
                                 L("role"),
                                 L("muted"),
                                 L("messageId"),
                                 L("messageIds"),
                                 L("scope"),
                                 L("editedAt"),
                                 L("replyToId"),
                                 L("replyTo"),
                                 L("excerpt"),
                                 L("forwardedFrom"),
                                 L("senderName"),
                                 L("fromChatId"),
                                 L("toChatId"),
                                 L("randomIds"),
                                 L("memberCount"),
                                 L("member"),
                                 L("readers"),
                                 L("state"),
                                 L("at"),
                                 L("postId"),
                                 L("commentId"),
                                 L("commentCount"),
                                 L("lastCommentId"),
                                 L("comment"),
                                 L("comments"),
                                 L("deleted"),
                                 L("afterId"),
                                 L("megagroup"),
                                 L("migratedTo")};

struct IntBounds {
    qint64 min, max;
};
constexpr std::array kIntBounds{
    IntBounds{std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()},
    IntBounds{0, std::numeric_limits<qint64>::max()}, IntBounds{1, 100}, IntBounds{-5, 5}};

void checkRefusal(const MapReader &r) {
    if (r.ok())
        return;
    FUZZ_CHECK(!r.error().isEmpty());
    FUZZ_CHECK(r.errorCode() == ErrorCode::BadRequest || r.errorCode() == ErrorCode::TooLarge);
}

// One reader per call, so each function's own verdict is checked against its own bounds.
void readField(const QCborMap &map, L key) {
    for (const IntBounds b : kIntBounds) {
        MapReader r(map);
        const qint64 v = r.requireInt(key, b.min, b.max);
        FUZZ_CHECK(!r.ok() || (v >= b.min && v <= b.max));
        checkRefusal(r);
        MapReader o(map);
        const qint64 w = o.intOr(key, 0, b.min, b.max);
        FUZZ_CHECK(!o.ok() || !map.contains(key) || (w >= b.min && w <= b.max));
        checkRefusal(o);
    }
    for (const int maxChars : {0, 1, 64, 4096}) {
        MapReader r(map);
        const QString s = r.requireString(key, maxChars == 0 ? 0 : 1, maxChars);
        FUZZ_CHECK(!r.ok() || (s.size() <= maxChars && (maxChars == 0 || !s.isEmpty())));
        checkRefusal(r);
        MapReader o(map);
        const QString t = o.stringOr(key, QStringLiteral("fallback"), maxChars);
        FUZZ_CHECK(!o.ok() || !map.contains(key) || t.size() <= maxChars);
        checkRefusal(o);
    }
    for (const qsizetype maxBytes : {qsizetype(0), qsizetype(32), qsizetype(1024)}) {
        MapReader r(map);
        const QByteArray b = r.requireBytes(key, maxBytes == 0 ? 0 : 1, maxBytes);
        FUZZ_CHECK(!r.ok() || (b.size() <= maxBytes && (maxBytes == 0 || !b.isEmpty())));
        checkRefusal(r);
    }
    {
        MapReader r(map);
        r.boolOr(key, true);
        checkRefusal(r);
        MapReader m(map);
        m.requireMap(key);
        checkRefusal(m);
    }
    for (const qsizetype maxBytes : {qsizetype(0), qsizetype(16), qsizetype(16 * 1024)}) {
        MapReader r(map);
        const QByteArray bytes = r.bytesOr(key, maxBytes);
        FUZZ_CHECK(!r.ok() || bytes.size() <= maxBytes);
        checkRefusal(r);
    }
    for (const qsizetype maxItems : {qsizetype(0), qsizetype(1), qsizetype(100)}) {
        MapReader r(map);
        const QCborArray a = r.requireArray(key, maxItems);
        FUZZ_CHECK(!r.ok() || a.size() <= maxItems);
        checkRefusal(r);
        MapReader i(map);
        const QList<qint64> ints = i.requireIntArray(key, 1, maxItems);
        FUZZ_CHECK(!i.ok() || (!ints.isEmpty() && ints.size() <= maxItems));
        checkRefusal(i);
    }
}

// One reader through every call: the first violation is kept and stays typed.
void readAllInOne(const QCborMap &map) {
    MapReader r(map);
    for (const L key : kFieldNames) {
        r.requireInt(key, 0, 1000);
        r.stringOr(key, {}, 16);
        r.requireIntArray(key, 0, 4);
        const bool wasOk = r.ok();
        const QString before = r.error();
        r.requireMap(key);
        FUZZ_CHECK(wasOk || r.error() == before); // the first violation is the one reported
    }
    checkRefusal(r);
}

template <typename T> void objectRoundTrip(const QCborMap &map) {
    QString error;
    const std::optional<T> parsed = T::fromCbor(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const std::optional<T> again = T::fromCbor(parsed->toCbor());
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

void updateRoundTrip(const QCborMap &map) {
    QString error;
    const std::optional<Update> parsed = updateFromCbor(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const std::optional<Update> again = updateFromCbor(updateToCbor(*parsed));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! The push of secret.send (not an update of the log, so not in updateFromCbor).
void secretEnvelopeUpdateRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = SecretEnvelopeUpdate::fromFields(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const auto again = SecretEnvelopeUpdate::fromFields(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! A channel's live push (protocol/api/channels.h), as a client reads an `upd` without pts.
void channelPushRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = ChannelUpdatePush::fromCbor(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(parsed->channelId >= 1 && parsed->pts >= 1);
    const auto again = ChannelUpdatePush::fromCbor(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! The post comment count push (protocol/api/comments.h, §22): not in any log either.
void postCommentsPushRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = PostCommentsPush::fromCbor(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(parsed->channelId >= 1 && parsed->postId >= 1 && parsed->commentCount >= 0 &&
               parsed->lastCommentId >= 0);
    const auto again = PostCommentsPush::fromCbor(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! A channel's subscriber count push (protocol/api/channels.h, §15.4): not in any log.
void channelSubscribersPushRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = ChannelSubscribersPush::fromCbor(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(parsed->channelId >= 1 && parsed->subscriberCount >= 0);
    const auto again = ChannelSubscribersPush::fromCbor(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! The typing push (protocol/api/typing.h): not in any log, so not in updateFromCbor.
void typingUpdateRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = TypingUpdate::fromFields(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(parsed->chatId >= 1 && parsed->userId >= 1);
    const auto again = TypingUpdate::fromFields(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

//! The presence push (protocol/api/presence.h): not in any log either.
void userStatusUpdateRoundTrip(const QCborMap &map) {
    QString error;
    const auto parsed = UserStatusUpdate::fromFields(map, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const api::UserStatus &s = parsed->status;
    FUZZ_CHECK(s.userId >= 1);
    FUZZ_CHECK(int(s.online) + int(s.lastSeenAt.has_value()) + int(s.lastSeen.has_value()) == 1);
    const auto again = UserStatusUpdate::fromFields(parsed->toCbor(), nullptr);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *parsed);
}

template <typename Req> void requestRoundTrip(const QCborMap &map) {
    const api::Decoded<Req> decoded = Req::decode(map);
    if (!decoded.ok()) {
        FUZZ_CHECK(!decoded.error.message.isEmpty());
        const ErrorCode code = decoded.error.code;
        FUZZ_CHECK(code == ErrorCode::BadRequest || code == ErrorCode::TooLarge ||
                   code == ErrorCode::UsernameInvalid || code == ErrorCode::PasswordInvalid);
        return;
    }
    const api::Decoded<Req> again = Req::decode(decoded.value->toCbor());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again.value == *decoded.value);
}

template <typename... Reqs> void requestsRoundTrip(const QCborMap &map) {
    (requestRoundTrip<Reqs>(map), ...);
}

template <typename... Results> void resultsRoundTrip(const QCborMap &map) {
    (objectRoundTrip<Results>(map), ...);
}

void readMap(const QCborMap &map, int depth) {
    for (const L key : kFieldNames)
        readField(map, key);
    qsizetype ownKeys = 0;
    for (auto it = map.constBegin(); it != map.constEnd() && ownKeys < kMaxOwnKeys; ++it) {
        if (!it.key().isString())
            continue;
        ++ownKeys;
        const QByteArray name = it.key().toString().toLatin1();
        readField(map, L(name));
    }
    readAllInOne(map);
    objectRoundTrip<User>(map);
    objectRoundTrip<Device>(map);
    objectRoundTrip<Chat>(map);
    objectRoundTrip<Message>(map);
    objectRoundTrip<Attachment>(map);
    {
        // The attachments list as messages.send and Message read it: bounded and typed.
        MapReader r(map);
        const QList<Attachment> attachments = readAttachments(r);
        FUZZ_CHECK(!r.ok() || attachments.size() <= kMaxAttachments);
        FUZZ_CHECK(r.ok() || attachments.isEmpty());
        checkRefusal(r);
    }
    objectRoundTrip<MessageAction>(map);
    objectRoundTrip<Photo>(map);
    objectRoundTrip<ChatSummary>(map);
    updateRoundTrip(map);
    requestsRoundTrip<
        api::SignUp, api::LogIn, api::Resume, api::LogOut, api::ListDevices, api::RevokeDevice,
        api::SearchUsers, api::GetUsers, api::OpenPrivateChat, api::ListChats, api::SendMessage,
        api::GetHistory, api::MarkReceived, api::MarkRead, api::GetState, api::GetDifference,
        api::Ping, api::SetChatPinned, api::ListPinnedChats, api::SetChatMuted, api::ListMutedChats,
        api::CreateGroup, api::AddGroupMembers, api::RemoveGroupMember, api::LeaveGroup,
        api::SetGroupTitle, api::SetGroupRole, api::PublishSecretKeys, api::UploadSecretPreKeys,
        api::ListSecretDevices, api::GetSecretBundle, api::SendSecretEnvelope, api::GetSecretQueue,
        api::AckSecretQueue, api::InviteContact, api::AcceptContact, api::DenyContact,
        api::CancelContactInvite, api::RemoveContact, api::ListContacts, api::SetBlocked,
        api::ListBlocked, api::GetProfiles, api::UpdateProfile, api::SetUsername,
        api::SetLastSeenPrivacy, api::CreateChannel, api::GetChannel, api::EditChannel,
        api::SubscribeChannel, api::UnsubscribeChannel, api::AddChannelSubscribers,
        api::SetChannelMuted, api::SetChannelRole, api::PostToChannel, api::GetChannelDifference,
        api::GetChannelHistory, api::ListChannels, api::SearchChannels, api::SetTyping,
        api::EditMessage, api::DeleteMessages, api::SaveDraft, api::GetDrafts, api::ForwardMessages,
        api::GetPresence, api::PinMessage, api::ExportInvite, api::RevokeInvite, api::CheckInvite,
        api::JoinByInvite, api::GetMessageReaders, api::CommentOnPost, api::GetComments,
        api::DeleteComment, api::CreateSupergroup, api::RemoveSupergroupMember, api::UpgradeGroup,
        api::GetSupergroupMembers, api::SetProfilePhoto, api::SetGroupPhoto, api::SetChannelPhoto>(
        map);
    resultsRoundTrip<
        api::Empty, api::AuthResult, api::DevicesResult, api::UsersResult, api::ChatResult,
        api::ChatsResult, api::SendResult, api::MessagesResult, api::PtsResult,
        api::DifferenceResult, api::PongResult, api::PinnedChatsResult, api::ChatMuteResult,
        api::MutedChatsResult, api::SecretKeysResult, api::SecretDevicesResult,
        api::SecretBundleResult, api::SecretSentResult, api::SecretEnvelope, api::SecretQueueResult,
        api::Profile, api::ProfilesResult, api::ProfileResult, api::ContactEntry,
        api::ContactResult, api::ContactsResult, api::BlockResult, api::BlockedResult, api::Channel,
        api::ChannelResult, api::ChannelsResult, api::SupergroupMembersResult, api::EditResult,
        api::DeleteResult, api::SaveDraftResult, api::DraftsPage, Draft, api::ForwardResult,
        ReplyTo, ForwardedFrom, api::UserStatus, api::PresenceResult, api::PinMessageResult,
        api::InviteLinkResult, api::InvitePreview, api::MessageReader, api::ReadersResult,
        api::Comment, api::CommentResult, api::CommentsResult, api::DeleteCommentResult>(map);
    secretEnvelopeUpdateRoundTrip(map);
    channelPushRoundTrip(map);
    postCommentsPushRoundTrip(map);
    channelSubscribersPushRoundTrip(map);
    typingUpdateRoundTrip(map);
    userStatusUpdateRoundTrip(map);
    if (depth >= kMaxDepth)
        return;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (it.value().isMap())
            readMap(it.value().toMap(), depth + 1);
        else if (it.value().isArray())
            for (const QCborValue &item : it.value().toArray())
                if (item.isMap())
                    readMap(item.toMap(), depth + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    QCborStreamReader reader(bytes);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || !value.isMap())
        return 0;
    readMap(value.toMap(), 0);
    return 0;
}
