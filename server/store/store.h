#pragma once
//! The server's storage interface: records in, records out, no chat rules. SqliteStore
//! (embedded, no setup) implements it now; a PostgreSQL store fits behind it later. Who is a
//! member, who gets which update, what a viewer may see and how read positions move are the
//! domain's (server/domain/), which runs its operations as units of this interface.
//!
//! A read unit runs on the calling thread against one consistent snapshot; a write unit is
//! queued to the store's writer and runs inside one SAVEPOINT of a group-commit transaction,
//! so a domain operation's rows and its update-log entries are written all or nothing.
//! All methods of Store are thread-safe; a RecordReader/RecordWriter is valid only inside
//! the unit it was handed to.
//!
//! Every record call tells "not found" (an empty optional or list) apart from "failed": a
//! storage failure throws StoreFailure, the unit is abandoned (a write is rolled back) and
//! the operation answers StoreError::Internal, never an empty answer, so a damaged database
//! cannot make a valid token look revoked or a chat look empty (docs/protocol.md §3).
#include "protocol/objects.h"
#include "protocol/updates.h"
#include "server/store/channel_records.h"
#include "server/store/contact_records.h"
#include "server/store/group_records.h"
#include "server/store/photo_records.h"
#include "server/store/secret_records.h"
#include "server/store/upload_records.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <stdexcept>
#include <variant>

namespace msgr::server {

enum class StoreError {
    UsernameTaken,
    //! The user, chat or device does not exist, or the chat is one the caller is not a member
    //! of: both answer alike so chat ids cannot be probed (docs/protocol.md §3).
    NotFound,
    //! Reserved for acts a member may not do (none yet: every chat kind lets members write).
    Forbidden,
    Internal, // the database failed; nothing was written
    //! The write queue is full (a flood of writes): the write was refused at once and nothing
    //! was written; answered FLOOD_WAIT with retryAfterMs = kStoreBusyRetryMs.
    Busy,
};

inline constexpr StoreError kStoreBusy = StoreError::Busy;

//! How long a write refused with kStoreBusy should wait before it is tried again.
inline constexpr qint64 kStoreBusyRetryMs = 500;

template <typename T> using StoreResult = std::variant<T, StoreError>;

//! The error of a result, or null when it holds a value.
template <typename T> const StoreError *storeError(const StoreResult<T> &result) {
    return std::get_if<StoreError>(&result);
}

//! The storage failed inside a unit (I/O error, damaged page, broken constraint). Thrown by
//! record calls; the unit is abandoned and rolled back.
class StoreFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- records

struct Account {
    protocol::User user;
    QByteArray passwordHash; // Argon2id encoded string
};

struct SessionRef {
    qint64 userId = 0;
    qint64 deviceId = 0;
    qint64 lastSeenAt = 0; // ms since the epoch; for the idle expiry of tokens
};

struct ChatRecord {
    qint64 id = 0;
    protocol::ChatKind kind = protocol::ChatKind::Private;
    QString title;
    qint64 createdAt = 0;
    qint64 pinnedMessageId = 0; // §17.4 (0: none)
    protocol::Photo photo{};    // §24: the current photo, none without (schema 20)
};

//! A member's role, as stored (what each may do is the domain's: server/domain/groups.*).
enum class MemberRole { Member = 0, Admin = 1, Owner = 2 };

//! One member row of a chat: the member's own positions in it.
struct MemberRecord {
    qint64 chatId = 0;
    qint64 userId = 0;
    qint64 readInboxMaxId = 0; // read by this member up to here
    qint64 deliveredMaxId = 0; // stored by this member's devices up to here
    qint64 joinedAt = 0;
    MemberRole role = MemberRole::Member;
};

//! What sending into a chat reads about it: its kind, whether it is a supergroup or a group
//! upgraded to one, and its members. The writer keeps it in memory (writer_memory.h).
struct ChatRoster {
    protocol::ChatKind kind = protocol::ChatKind::Private;
    bool megagroup = false;           // a channel that is a supergroup (§23)
    std::optional<qint64> migratedTo; // a group upgraded to this supergroup (§23)
    QList<qint64> memberIds;          // chat_members, ascending
};

struct LogState {
    qint64 pts = 0;       // the last assigned
    qint64 oldestPts = 1; // the oldest still retained (pts + 1 when none is)
};

struct LogEntry {
    qint64 pts = 0;
    QByteArray body; // as the domain wrote it
};

//! A user's mute of one chat: until when (ms since the epoch, server clock).
struct ChatMuteRecord {
    qint64 chatId = 0;
    qint64 mutedUntil = 0;
};

//! Record reads. Each throws StoreFailure when the storage fails.
class RecordReader {
public:
    virtual ~RecordReader() = default;

    // users and devices
    virtual std::optional<Account> accountByUsername(const QString &username) = 0;
    virtual std::optional<protocol::User> user(qint64 userId) = 0;
    //! Users whose username starts with `prefix` (taken literally), by username.
    virtual QList<protocol::User> usersByUsernamePrefix(const QString &prefix, int limit) = 0;
    //! The device owning a token hash, unless revoked.
    virtual std::optional<SessionRef> liveDeviceByTokenHash(const QByteArray &tokenHash) = 0;
    //! The user's devices not revoked, oldest first (`current` is left false).
    virtual QList<protocol::Device> liveDevices(qint64 userId) = 0;

    // chats and members
    virtual std::optional<ChatRecord> chat(qint64 chatId) = 0;
    //! The chat stored under a unique key (e.g. the pair of a private chat).
    virtual std::optional<qint64> chatByUniqueKey(const QString &key) = 0;
    //! One query, whether or not the chat exists: a caller outside a chat learns nothing about
    //! it, not even from the time the answer takes.
    virtual std::optional<MemberRecord> member(qint64 chatId, qint64 userId) = 0;
    //! Ascending by user id.
    virtual QList<MemberRecord> members(qint64 chatId) = 0;
    //! Every member row of one user.
    virtual QList<MemberRecord> membershipsOf(qint64 userId) = 0;
    //! The chat's kind, supergroup facts and member ids; nullopt when there is no such chat.
    //! Inside a write unit it comes from the writer's memory when cached.
    virtual std::optional<ChatRoster> chatRoster(qint64 chatId) = 0;

    // messages (the stored copy, randomId included)
    virtual std::optional<protocol::Message> messageBySender(qint64 senderId, qint64 randomId) = 0;
    virtual std::optional<protocol::Message> lastMessage(qint64 chatId) = 0;
    //! Up to `limit` messages of the chat with id < beforeId, newest first.
    virtual QList<protocol::Message> messagesBefore(qint64 chatId, qint64 beforeId, int limit) = 0;
    //! The distinct senders of the chat's messages with afterId < id <= upToId.
    virtual QList<qint64> sendersBetween(qint64 chatId, qint64 afterId, qint64 upToId) = 0;
    //! Messages of the chat with id > afterId not sent by `notFrom` and not deleted by
    //! `notFrom` for themselves (the unread count of `notFrom`).
    virtual qint64 countMessagesAfter(qint64 chatId, qint64 afterId, qint64 notFrom) = 0;
    //! One message of the chat (the stored copy).
    virtual std::optional<protocol::Message> message(qint64 chatId, qint64 messageId) = 0;
    //! True when the user deleted the message for themselves only.
    virtual bool messageHiddenFor(qint64 userId, qint64 chatId, qint64 messageId) = 0;
    //! lastMessage and messagesBefore without what `viewerId` deleted for themselves.
    virtual std::optional<protocol::Message> lastMessageFor(qint64 viewerId, qint64 chatId) = 0;
    virtual QList<protocol::Message> messagesBeforeFor(qint64 viewerId, qint64 chatId,
                                                       qint64 beforeId, int limit) = 0;

    // update logs
    //! {0, 1} for a user without a log.
    virtual LogState logState(qint64 userId) = 0;
    //! Up to `limit` entries with pts > sincePts, ascending.
    virtual QList<LogEntry> logEntriesAfter(qint64 userId, qint64 sincePts, int limit) = 0;

    //! The user's pinned chat ids in the order last set (empty when none).
    virtual QList<qint64> pinnedChats(qint64 userId) = 0;
    //! The user's chats muted past `now`, by chat id, at most `limit`.
    virtual QList<ChatMuteRecord> mutedChats(qint64 userId, qint64 now, int limit) = 0;
    //! When the user's mute of the chat ends (0: no mute stored; it may have run out).
    virtual qint64 chatMutedUntil(qint64 userId, qint64 chatId) = 0;
    //! How many of the user's mutes last past `now`.
    virtual qint64 countMutedChats(qint64 userId, qint64 now) = 0;

    // drafts (docs/protocol.md §17.2)
    virtual std::optional<protocol::Draft> draft(qint64 userId, qint64 chatId) = 0;
    //! Up to `limit` of the user's drafts in chats they are a member of, with chatId > afterChatId,
    //! ascending by chatId.
    virtual QList<protocol::Draft> draftsAfter(qint64 userId, qint64 afterChatId, int limit) = 0;

    // media uploads (upload_records.h)
    virtual std::optional<UploadRecord> upload(const QString &id) = 0;
    //! The user's uploads whose last byte has not arrived and that have not expired at `now`
    //! (counted and summed), and the user's finished uploads (summed).
    virtual UploadUsage uploadUsage(qint64 ownerId, qint64 now) = 0;
    //! Up to `limit` unfinished uploads expired at `now`, oldest expiry first.
    virtual QStringList expiredUploads(qint64 now, int limit) = 0;

    // secret chats: key directory and relay (secret_records.h)
    virtual std::optional<SecretDeviceRecord> secretDevice(qint64 deviceId) = 0;
    //! The user's devices that are not revoked and have published keys.
    virtual QList<SecretDeviceActivity> secretDevicesOf(qint64 userId) = 0;
    virtual qint64 countOneTimePreKeys(qint64 deviceId) = 0;
    virtual bool hasOneTimePreKey(qint64 deviceId, qint64 keyId) = 0;
    virtual SecretQueueUsage secretQueueUsage(qint64 deviceId) = 0;
    //! Up to `limit` envelopes of the device with id > afterId and createdAt >= notBefore,
    //! ascending by id.
    virtual QList<SecretEnvelopeRecord> secretEnvelopesAfter(qint64 deviceId, qint64 afterId,
                                                             qint64 notBefore, int limit) = 0;
    //! True when a message carrying the file was sent in a chat, channel or supergroup `userId`
    //! is a member of now, or posted in a public channel (anyone reads those, §15.8).
    virtual bool fileSharedWith(const QString &fileId, qint64 userId) = 0;
    //! True when any message carries the file, or it is or was a photo (§24).
    virtual bool fileAttached(const QString &fileId) = 0;

    // profiles, contacts, invitations, blocks (contact_records.h)
    virtual std::optional<ProfileRecord> profile(qint64 userId) = 0;
    //! Since when `contactId` is a contact of `userId`; nullopt when not.
    virtual std::optional<qint64> contactSince(qint64 userId, qint64 contactId) = 0;
    virtual qint64 countContacts(qint64 userId) = 0;
    //! Up to `limit` contacts of the user with a user id > afterUserId, ascending.
    virtual QList<ContactRow> contactsAfter(qint64 userId, qint64 afterUserId, int limit) = 0;
    virtual std::optional<InviteRecord> invite(qint64 fromId, qint64 toId) = 0;
    virtual qint64 countPendingInvitesFrom(qint64 fromId) = 0;
    virtual qint64 countPendingInvitesTo(qint64 toId) = 0;
    //! Up to `limit` pending invitations to the user from a user id > afterUserId, ascending.
    virtual QList<InviteRecord> pendingInvitesTo(qint64 toId, qint64 afterUserId, int limit) = 0;
    //! Up to `limit` pending or denied invitations from the user to a user id > afterUserId.
    virtual QList<InviteRecord> openInvitesFrom(qint64 fromId, qint64 afterUserId, int limit) = 0;
    virtual bool isBlocked(qint64 userId, qint64 blockedId) = 0;
    virtual qint64 countBlocked(qint64 userId) = 0;
    //! Up to `limit` users the user blocked with an id > afterUserId, ascending.
    virtual QList<qint64> blockedAfter(qint64 userId, qint64 afterUserId, int limit) = 0;

    // channels (channel_records.h)
    virtual std::optional<ChannelRecord> channel(qint64 channelId) = 0;
    //! The channel holding this (lower case) public name.
    virtual std::optional<qint64> channelByName(const QString &name) = 0;
    virtual std::optional<ChannelMemberRecord> channelMember(qint64 channelId, qint64 userId) = 0;
    //! The owner and admins (role above Member), ascending by user id: an index range, not a
    //! walk over every subscriber.
    virtual QList<ChannelMemberRecord> channelStaff(qint64 channelId) = 0;
    //! Up to `limit` subscriptions of the user with a channel id > afterChannelId, ascending.
    virtual QList<ChannelMemberRecord> channelSubscriptionsOf(qint64 userId, qint64 afterChannelId,
                                                              int limit) = 0;
    virtual qint64 countChannelSubscriptions(qint64 userId) = 0;
    //! Up to `limit` member rows of the channel with a user id > afterUserId, ascending: a range
    //! of the primary key, so a page costs the same wherever it starts.
    virtual QList<ChannelMemberRecord> channelMembersAfter(qint64 channelId, qint64 afterUserId,
                                                           int limit) = 0;
    //! The supergroup a group was upgraded to (docs/protocol.md §23), if it was.
    virtual std::optional<qint64> groupMigratedTo(qint64 groupId) = 0;
    //! The first member (by join time, then id) of a channel with the given role.
    virtual std::optional<qint64> firstChannelMemberWithRole(qint64 channelId, MemberRole role) = 0;
    //! Up to `limit` public channels whose search text contains `foldedQuery` (taken
    //! literally), most subscribers first.
    virtual QList<ChannelRecord> searchPublicChannels(const QString &foldedQuery, int limit) = 0;
    //! Up to `limit` entries of the channel's log with pts > sincePts, ascending.
    virtual QList<LogEntry> channelLogEntriesAfter(qint64 channelId, qint64 sincePts,
                                                   int limit) = 0;
    //! Post comments (§22): one comment, by id or by its author's randomId.
    virtual std::optional<ChannelCommentRecord> channelComment(qint64 commentId) = 0;
    virtual std::optional<ChannelCommentRecord> channelCommentBySender(qint64 senderId,
                                                                       qint64 randomId) = 0;
    //! Whether the author's comment sent with `randomId` was deleted (the id stays taken).
    virtual bool channelCommentRandomIdRetired(qint64 senderId, qint64 randomId) = 0;
    //! Up to `limit` comments of the post with id < beforeId, newest first.
    virtual QList<ChannelCommentRecord> channelCommentsBefore(qint64 channelId, qint64 postId,
                                                              qint64 beforeId, int limit) = 0;
    //! Up to `limit` comments of the post with id > afterId, oldest first.
    virtual QList<ChannelCommentRecord> channelCommentsAfter(qint64 channelId, qint64 postId,
                                                             qint64 afterId, int limit) = 0;
    //! The post's comment count and newest comment ({0, 0} when it has none): one key lookup.
    virtual PostThreadRecord postThread(qint64 channelId, qint64 postId) = 0;

    // group invite links and read marks (group_records.h)
    //! The live invite link whose token hashes to `tokenHash` (an index lookup).
    virtual std::optional<GroupInviteRecord>
    groupInviteByTokenHash(const QByteArray &tokenHash) = 0;
    virtual std::optional<GroupInviteRecord> groupInvite(qint64 chatId) = 0;
    //! For each user whose `kind` position moved past `messageId` in one retained mark (its
    //! range (fromId, maxId] holds the message): that move's time. Others are left out.
    virtual QList<ReadMarkTime> readMarkTimes(qint64 chatId, ReadMarkKind kind,
                                              qint64 messageId) = 0;

    // photos (photo_records.h)
    //! The subject's current photo, if it has one.
    virtual std::optional<PhotoRecord> photo(PhotoSubject subject, qint64 subjectId) = 0;
    //! Every subject `fileId` is or was the photo of (an index lookup).
    virtual QList<PhotoUse> photoUses(const QString &fileId) = 0;
};

//! Record writes, inside a write unit. Each throws StoreFailure when the storage fails.
class RecordWriter : public RecordReader {
public:
    //! The new user's id.
    virtual qint64 insertUser(const QString &username, const QString &displayName,
                              const QByteArray &passwordHash, qint64 now) = 0;
    //! The new device's id.
    virtual qint64 insertDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                                qint64 now) = 0;
    //! Marks a live device of this user revoked; false when there is none.
    virtual bool revokeDevice(qint64 userId, qint64 deviceId, qint64 now) = 0;

    //! The new chat's id; `uniqueKey` may be empty (none).
    virtual qint64 insertChat(protocol::ChatKind kind, const QString &title, qint64 now,
                              const QString &uniqueKey) = 0;
    //! A member row with both positions at 0.
    virtual void insertMember(qint64 chatId, qint64 userId, qint64 now, MemberRole role) = 0;
    //! False when the user was not a member.
    virtual bool deleteMember(qint64 chatId, qint64 userId) = 0;
    virtual void setMemberRole(qint64 chatId, qint64 userId, MemberRole role) = 0;
    virtual void setChatTitle(qint64 chatId, const QString &title) = 0;
    virtual void setReadInboxMaxId(qint64 chatId, qint64 userId, qint64 maxId) = 0;
    virtual void setDeliveredMaxId(qint64 chatId, qint64 userId, qint64 maxId) = 0;

    //! Stores `message` (its id is ignored) under the next message id, which it returns, and
    //! links each of its attachments' files to it (fileSharedWith).
    virtual qint64 insertMessage(const protocol::Message &message) = 0;
    //! insertMessage unless its sender already stored a message with its randomId: then
    //! nothing is written, no id is taken, and it returns nullopt (messageBySender finds the
    //! stored one). The unique (sender_id, random_id) index decides, in the insert itself.
    virtual std::optional<qint64> insertMessageOnce(const protocol::Message &message) = 0;
    //! Replaces a message's text and records when (messages.edit).
    virtual void setMessageText(qint64 chatId, qint64 messageId, const QString &text,
                                qint64 editedAt) = 0;
    //! "Delete for me": false when the user had already hidden it.
    virtual bool hideMessage(qint64 userId, qint64 chatId, qint64 messageId) = 0;
    //! "Delete for everyone": the message, its file links and who hid it; false when there was
    //! no such message.
    virtual bool deleteMessage(qint64 chatId, qint64 messageId) = 0;

    //! Starts the empty log of a new user (pts 0).
    virtual void createLog(qint64 userId) = 0;
    //! Appends `body` to the user's log under its next pts, which it returns. Throws when the
    //! user has no log.
    virtual qint64 appendLogEntry(qint64 userId, const QByteArray &body) = 0;
    //! appendLogEntry for each (user, body) in order, in as few statements as it can (one
    //! multi-row INSERT for a private message's two entries); the pts in the same order.
    virtual QList<qint64> appendLogEntries(const QList<std::pair<qint64, QByteArray>> &entries) = 0;

    //! Replaces the user's pinned chats with `chatIds`, kept in that order.
    virtual void setPinnedChats(qint64 userId, const QList<qint64> &chatIds) = 0;
    //! Sets the message pinned in the chat (0: none).
    virtual void setChatPinnedMessage(qint64 chatId, qint64 messageId) = 0;
    //! Stores the user's mute of the chat until `mutedUntil`, or removes it (0).
    virtual void setChatMutedUntil(qint64 userId, qint64 chatId, qint64 mutedUntil) = 0;
    //! Removes the user's mutes that ended at or before `now`.
    virtual void deleteEndedMutes(qint64 userId, qint64 now) = 0;

    //! Inserts or replaces the user's draft in draft.chatId (text not empty).
    virtual void putDraft(qint64 userId, const protocol::Draft &draft) = 0;
    //! False when the user had no draft there.
    virtual bool deleteDraft(qint64 userId, qint64 chatId) = 0;

    // media uploads (upload_records.h)
    virtual void insertUpload(const UploadRecord &upload) = 0;
    //! Moves an unfinished upload's offset; false when there is no such unfinished upload.
    virtual bool setUploadOffset(const QString &id, qint64 offset) = 0;
    //! Marks the upload finished (offset = length) with its content hash.
    virtual bool finishUpload(const QString &id, const QString &sha256) = 0;
    virtual bool deleteUpload(const QString &id) = 0;

    // secret chats: key directory and relay (secret_records.h)
    //! Inserts or replaces the device's published keys.
    virtual void putSecretDevice(const SecretDeviceRecord &device) = 0;
    virtual void insertOneTimePreKey(qint64 deviceId, const OneTimePreKeyRecord &key) = 0;
    //! Removes and returns the device's one-time pre-key with the lowest id (none left: empty).
    virtual std::optional<OneTimePreKeyRecord> takeOneTimePreKey(qint64 deviceId) = 0;
    virtual void deleteOneTimePreKeys(qint64 deviceId) = 0;
    //! Stores the envelope (its id is ignored) and returns its id.
    virtual qint64 insertSecretEnvelope(const SecretEnvelopeRecord &envelope) = 0;
    //! Deletes the device's envelopes with id <= maxId; how many were deleted.
    virtual qint64 deleteSecretEnvelopesUpTo(qint64 deviceId, qint64 maxId) = 0;
    //! Deletes every envelope (of any device) created before `cutoff`; how many.
    virtual qint64 deleteSecretEnvelopesBefore(qint64 cutoff) = 0;
    //! Deletes the device's keys, one-time pre-keys and queue (signed out, revoked).
    virtual void deleteSecretDevice(qint64 deviceId) = 0;

    // profiles, contacts, invitations, blocks (contact_records.h)
    //! The caller checked that no other user has `username`.
    virtual void setUsername(qint64 userId, const QString &username) = 0;
    virtual void setProfileFields(qint64 userId, const QString &displayName, const QString &about,
                                  int lastSeenPrivacy) = 0;
    virtual void insertContact(qint64 userId, qint64 contactId, qint64 since) = 0;
    //! False when it was not a contact.
    virtual bool deleteContact(qint64 userId, qint64 contactId) = 0;
    //! Inserts or replaces the invitation of (fromId, toId).
    virtual void putInvite(const InviteRecord &invite) = 0;
    virtual bool deleteInvite(qint64 fromId, qint64 toId) = 0;
    virtual void insertBlock(qint64 userId, qint64 blockedId, qint64 now) = 0;
    virtual bool deleteBlock(qint64 userId, qint64 blockedId) = 0;

    // channels (channel_records.h)
    //! The chat row (kind channel) and the channel row with an empty log; the new id. `name`
    //! empty: private. `searchText` is what channels.search matches (the domain folds it).
    virtual qint64 insertChannel(const QString &title, const QString &about, const QString &name,
                                 const QString &searchText, qint64 now) = 0;
    virtual void setChannelInfo(qint64 channelId, const QString &title, const QString &about,
                                const QString &searchText) = 0;
    //! A subscriber row; the channel's subscriber count goes up by one.
    virtual void insertChannelMember(qint64 channelId, qint64 userId, MemberRole role,
                                     qint64 now) = 0;
    //! False when the user was not subscribed; else the count goes down by one.
    virtual bool deleteChannelMember(qint64 channelId, qint64 userId) = 0;
    virtual void setChannelMemberRole(qint64 channelId, qint64 userId, MemberRole role) = 0;
    virtual void setChannelMuted(qint64 channelId, qint64 userId, bool muted) = 0;
    //! Marks a channel as a supergroup (§23); set once, at creation.
    virtual void setChannelMegagroup(qint64 channelId) = 0;
    //! Records that a group became a supergroup (§23): one row, the group's pointer.
    virtual void insertGroupMigration(qint64 groupId, qint64 supergroupId) = 0;
    //! Appends `body` to the channel's own log under its next pts, which it returns.
    virtual qint64 appendChannelLogEntry(qint64 channelId, const QByteArray &body) = 0;
    //! Deletes the channel log's entries with pts < oldestKept and records oldestKept as the
    //! oldest retained.
    virtual void trimChannelLog(qint64 channelId, qint64 oldestKept) = 0;
    //! Stores the comment (its id is ignored) and counts it on its post's thread row; the new
    //! id. Two rows, whatever the number of subscribers.
    virtual qint64 insertChannelComment(const ChannelCommentRecord &comment) = 0;
    //! Deletes the comment and uncounts it, keeping its author's randomId taken; false when
    //! there was none.
    virtual bool deleteChannelComment(qint64 commentId) = 0;

    // group invite links and read marks (group_records.h)
    //! Sets the chat's one invite link, replacing (so revoking) the one before.
    virtual void putGroupInvite(const GroupInviteRecord &invite) = 0;
    //! False when the chat had no live link.
    virtual bool deleteGroupInvite(qint64 chatId) = 0;
    //! Records that the member's `kind` position moved from `fromId` to `maxId` at `at`,
    //! keeping only that member's newest `keep` marks of that kind.
    virtual void insertReadMark(qint64 chatId, qint64 userId, ReadMarkKind kind, qint64 fromId,
                                qint64 maxId, qint64 at, int keep) = 0;

    // photos (photo_records.h)
    //! Makes `photo` the subject's current photo (none: removes it); the one before stays
    //! recorded as a past photo of the subject.
    virtual void setPhoto(PhotoSubject subject, qint64 subjectId,
                          const std::optional<PhotoRecord> &photo, qint64 now) = 0;

    //! Rows inserted, updated or deleted through this writer's connection so far (SQLite's
    //! total_changes): the domain reports what one operation cost, for tests and benchmarks.
    virtual qint64 rowsChanged() = 0;
};

class Store {
public:
    virtual ~Store() = default;

    //! Runs `unit` now, on the calling thread, against one consistent snapshot. False when the
    //! storage failed (the unit threw StoreFailure or no connection could be had).
    virtual bool read(const std::function<void(RecordReader &)> &unit) = 0;

    enum class Admission {
        Queued,
        Busy,    // the write queue is full: refused at once, `complete` is not called
        Closing, // the store is shutting down: refused at once, `complete` is not called
    };
    //! Whether a write unit may run more than once in its batch: Allowed when all it does is
    //! read and write through its RecordWriter and compute its own result (no other state
    //! changed, nothing sent), so that running it again after a rollback is the same as
    //! running it once. Such units cost less (one SAVEPOINT for a run of them).
    enum class Rerun { Never, Allowed };
    //! Queues a write unit. It runs on the writer thread inside a transaction with others;
    //! returning false (or throwing StoreFailure) rolls back that unit alone. `complete` runs
    //! ON THE WRITER THREAD after the batch, in commit order: committed=false when the batch
    //! as a whole was not kept. A caller on another thread hops back itself.
    virtual Admission write(std::function<bool(RecordWriter &)> unit,
                            std::function<void(bool committed)> complete, Rerun rerun) = 0;
    Admission write(std::function<bool(RecordWriter &)> unit,
                    std::function<void(bool committed)> complete) {
        return write(std::move(unit), std::move(complete), Rerun::Never);
    }

    //! Records device activity; coalesced, written with a later batch, never refused for a
    //! full queue (the idle expiry of tokens depends on it), never moved backwards.
    virtual void touchDevice(qint64 deviceId, qint64 lastSeenAt) = 0;

    //! True when the database reads its real tables and the last write batch committed
    //! (for /healthz).
    virtual bool healthy() = 0;
};

} // namespace msgr::server
