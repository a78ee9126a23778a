#pragma once
//! Rows of the client's local database as the rest of the client sees them. Plain values, no
//! wire types: core maps protocol objects to these (core/sync/record_mapping.h).
#include <QList>
#include <QString>

#include <algorithm>
#include <optional>

namespace msgr::storage {

//! Delivery state of an outgoing message as the user sees it (one clock, one tick, two ticks...).
enum class OutgoingState { None, Pending, Sent, Delivered, Read, Failed };

//! Why the server refused an outgoing message for good, stored as its number in messages.failed
//! (0: not failed): append only, never renumber.
enum class SendFailure : int {
    None = 0,
    Refused = 1,        //!< any other refusal (e.g. a malformed request)
    TooLong = 2,        //!< TOO_LARGE: longer than the server's limit; retrying cannot help
    Blocked = 3,        //!< USER_BLOCKED: one of the two blocked the other
    ChatGone = 4,       //!< NOT_FOUND: the chat is gone or the user is no longer in it
    NotAllowed = 5,     //!< FORBIDDEN: e.g. writing to a channel without the right
    PeerDeviceGone = 6, //!< secret chats: the peer's device no longer exists on the server
};

//! Stored as its number (chats.kind): append only, never renumber.
enum class ChatKind { Private = 0, Group = 1, Channel = 2 };

//! What a group's service message records (messages.action_kind, schema 24): stored as its
//! number, append only; the same order as protocol::ActionKind (core/sync/record_mapping.h).
enum class ActionKind : int {
    None = -1, //!< an ordinary message
    GroupCreated = 0,
    TitleChanged = 1,
    MembersAdded = 2,
    MemberRemoved = 3,
    MemberLeft = 4,
    UpgradedTo = 5,   //!< §23: the group became a supergroup; its id is actionUserIds' only entry
    PhotoChanged = 6, //!< §24: the group's photo changed; its file id is in actionTitle
    PhotoRemoved = 7, //!< §24: the group's photo was removed
};

//! A user's, group's or channel's photo as stored (photos, schema 30; docs/protocol.md §24):
//! the server's file id (empty: none, a letter avatar) and its small inline thumbnail.
struct PhotoRecord {
    QString fileId;
    QByteArray thumbnail; //!< a small image (e.g. JPEG) shown before the file; may be empty
    bool isNone() const { return fileId.isEmpty(); }
    bool operator==(const PhotoRecord &) const = default;
};

//! Whose photo a photos row is (photos.subject_kind): stored as its number, append only.
enum class PhotoSubject : int {
    User = 0, //!< a user's profile photo, by user id
    Chat = 1, //!< a group's or channel's (supergroup's) photo, by chat id
};

struct UserRecord {
    qint64 id = 0;
    QString username;
    QString displayName;
};

//! The signed-in user's role in a chat (chats.self_role): stored as its number, append only.
//! Unknown: stored before the client kept roles (schema 22), until the server next lists it.
enum class ChatRole { Unknown = -1, Member = 0, Admin = 1, Owner = 2 };

//! One member of a chat as stored (chat_members, schema 24), in the server's order.
struct ChatMemberRecord {
    qint64 userId = 0;
    ChatRole role = ChatRole::Member;
    bool operator==(const ChatMemberRecord &) const = default;
};

//! What the server says a chat is (written by ChatsTable::store).
struct ChatInfo {
    qint64 id = 0;
    ChatKind kind = ChatKind::Private;
    QString title;
    QList<qint64> memberIds;    // in the server's order; one chat_members row each
    qint64 pinnedMessageId = 0; // the pinned message's server id (0: none; §17.4)
    qint64 ownerId = 0;         // groups: the owner (0: none or not a group)
    QList<qint64> adminIds{};   // groups: the admins, without the owner
    //! The chat's photo as the server says (none: removed); nullopt: not told, keep the stored.
    std::optional<PhotoRecord> photo{};
};

//! A chat's read and delivery marks as the server reports them (ChatsTable::setMarks).
struct ChatMarks {
    int unreadCount = 0;
    qint64 readInboxMaxId = 0;
    qint64 readOutboxMaxId = 0;
    qint64 deliveredMaxId = 0;
};

struct ChatRecord {
    qint64 id = 0;
    ChatKind kind = ChatKind::Private;
    QString title;
    QList<qint64> memberIds;
    qint64 peerUserId = 0; // private chats: the other member (self for Saved Messages)
    qint64 readInboxMaxId = 0;
    qint64 readOutboxMaxId = 0;
    qint64 deliveredMaxId = 0;
    int unreadCount = 0;
    // the newest message, sent or pending
    qint64 lastMessageLocalId = 0;
    QString lastText;
    qint64 lastDate = 0; // ms since epoch; also the chat list's sort key
    qint64 lastSenderId = 0;
    OutgoingState lastState = OutgoingState::None;
    //! The kind of the last message's first attachment; -1 when it has none.
    int lastAttachmentKind = -1;
    int pinnedPosition = -1; // 0: the top of the pinned chats; -1: not pinned (PinsTable)
    //! When the user's mute of the chat ends (ms since the epoch; 0: never muted). It may lie in
    //! the past: the chat list compares it with the clock (MutesTable).
    qint64 mutedUntil = 0;
    qint64 pinnedMessageId = 0; //!< the pinned message's server id (0: none; §17.4)
    //! The signed-in user's role (groups: owner, admin or member; private chats: member).
    ChatRole selfRole = ChatRole::Unknown;
    //! When the chat's draft was written (ms since the epoch; 0: no draft, or an empty one).
    qint64 draftDate = 0;
    //! A channel that is a supergroup (§23): its members write, forward into it, reply in it.
    bool megagroup = false;
    //! The photo's file id (schema 30): the group's or channel's own, a private chat's peer's
    //! profile photo; empty: a letter avatar.
    QString photoFileId;
    //! The chat list's sort key, as Telegram's: its newest activity, the last message or a
    //! draft written after it.
    qint64 activityDate() const { return std::max(lastDate, draftDate); }
};

//! What a stored attachment is (message_attachments.kind). Stored as its number: append only,
//! never renumber; the same order as protocol::AttachmentKind (core/sync/record_mapping.h).
enum class AttachmentKind : int { Photo = 0, Video = 1, Voice = 2, Audio = 3, File = 4 };

//! One file attached to a message (message_attachments, schema 12): what its bubble shows
//! before the file is fetched. A pending message's attachment may still be uploading: then
//! `fileId` is empty and `uploadId` names the uploads row that will give it.
struct AttachmentRecord {
    QString fileId; //!< the server's file id; empty while the upload runs
    AttachmentKind kind = AttachmentKind::File;
    qint64 size = 0;
    QString mime;
    QString name;
    int width = 0;          //!< pixels; 0: unknown
    int height = 0;         //!< pixels; 0: unknown
    qint64 durationMs = -1; //!< -1: none
    QByteArray thumbnail;   //!< a small inline image (JPEG), empty when none
    QByteArray waveform;    //!< voice levels, empty when none
    qint64 uploadId = 0;    //!< the uploads row sending it (outgoing), 0 otherwise
    bool operator==(const AttachmentRecord &) const = default;
};

struct MessageRecord {
    qint64 localId = 0;  // stable row id, also for pending messages
    qint64 serverId = 0; // 0 while pending; unique within its chat only
    qint64 chatId = 0;
    qint64 senderId = 0;
    qint64 date = 0;
    QString text;
    qint64 randomId = 0; // set on messages this account sent
    bool pending = false;
    //! The server refused it for good (pending forever), and why; None otherwise.
    SendFailure failure = SendFailure::None;
    qint64 sortKey = 0;  // order within the chat (message_order.h); set by the store
    qint64 editedAt = 0; // when the sender last edited it (docs/protocol.md §16); 0: never
    QList<AttachmentRecord> attachments; // in the message's order (message_attachments)
    //! docs/protocol.md §19, schema 18. A reply: the quoted message's server id (0: not a
    //! reply), its sender and the start of its text (the server's copy once sent).
    qint64 replyToId = 0;
    qint64 replySenderId = 0;
    QString replyExcerpt;
    //! A forwarded copy: who first wrote it (0: not forwarded), their name then, and when.
    qint64 forwardSenderId = 0;
    QString forwardSenderName;
    qint64 forwardDate = 0;
    //! A group's service message (schema 24): what changed, the users and the title it names.
    ActionKind actionKind = ActionKind::None;
    QList<qint64> actionUserIds;
    QString actionTitle;
    bool isService() const { return actionKind != ActionKind::None; }
    //! Every attachment has its file id: a pending message can go to the server.
    bool attachmentsUploaded() const {
        for (const AttachmentRecord &a : attachments)
            if (a.fileId.isEmpty())
                return false;
        return true;
    }
};

struct SearchHit {
    qint64 chatId = 0;
    qint64 localId = 0;
    qint64 serverId = 0;
    qint64 date = 0;
    QString snippet;
};

//! What the sync engine needs to resume.
struct AccountState {
    qint64 userId = 0;
    qint64 deviceId = 0;
    QString username;
    QString token; // secret: kept only inside the encrypted database
    qint64 pts = 0;
};

//! The user's choices kept in the profile (inside the encrypted file, so nobody who can write
//! to the profile folder but lacks the key can change them).
struct ProfileSettings {
    //! The user allowed unencrypted ws:// to a server that is not on this machine.
    bool allowInsecureTransport = false;
    //! The proxy (core/net/proxy_settings.h): its mode's number (0 off, 1 system, 2 SOCKS5,
    //! 3 HTTP), and for a custom one the address and the optional credentials. The password is
    //! a secret: it is kept here, inside the encrypted file, and nowhere else.
    int proxyMode = 0;
    QString proxyHost;
    int proxyPort = 0;
    QString proxyUserName;
    QString proxyPassword;
    bool operator==(const ProfileSettings &) const = default;
};

//! Where a file upload stands (uploads.state). Stored as its number: append only, never renumber.
enum class UploadState : int {
    Active = 0, //!< wants to run: queued, sending, or waiting to retry
    Paused = 1, //!< the user paused it
    Done = 2,   //!< the server has every byte (the file id is the upload URL's last segment)
    Failed = 3, //!< will not go on by itself (the local file changed or vanished, or refused)
};

//! One upload as the client keeps it (uploads, schema 8): enough to resume after a restart
//! from the offset the server confirmed, and to notice that the local file changed meanwhile.
struct UploadRecord {
    qint64 id = 0; //!< local id
    QString localPath;
    qint64 size = 0;
    qint64 mtimeMs = 0; //!< the file's modification time when the upload was added
    QString fileName;
    QString mimeType;
    QString uploadUrl; //!< the tus upload URL; empty until the server created it
    qint64 confirmedOffset = 0;
    UploadState state = UploadState::Active;
    QString error; //!< why it failed (state Failed)
    qint64 createdMs = 0;
    bool operator==(const UploadRecord &) const = default;
};

//! Where a file download stands (downloads.state). Stored as its number: append only.
enum class DownloadState : int {
    Active = 0, //!< wants to run: queued, receiving, or waiting to retry
    Paused = 1, //!< the user paused it
    Done = 2,   //!< the whole file is in the cache
    Failed = 3, //!< will not go on by itself (refused by the server, too large)
};

//! One download as the client keeps it (downloads, schema 11): the cache file's key and how
//! far it is committed, enough to resume after a restart with Range and If-Range.
struct DownloadRecord {
    qint64 id = 0; //!< local id
    QString fileId;
    QString fileName;
    qint64 size = 0;        //!< the file's length as the server said (or the attachment, before)
    QByteArray etag;        //!< the server's strong ETag once an answer came; empty before
    QString cacheName;      //!< the cache file's name in the profile's media cache folder
    QByteArray fileKey;     //!< the cache file's key (secret: only in the encrypted database)
    QByteArray streamState; //!< the cache stream's state at the commit (secret); empty when done
    qint64 plainBytes = 0;  //!< file bytes committed to the cache
    qint64 fileBytes = 0;   //!< the cache file's length at that commit
    DownloadState state = DownloadState::Active;
    QString error;
    qint64 createdMs = 0;
    bool operator==(const DownloadRecord &) const = default;
};

//! What one committed batch changed, so models apply row diffs instead of reloading.
struct ChangeSet {
    QList<qint64> changedChatIds;          // chat list rows to refresh (created or changed)
    QList<MessageRecord> insertedMessages; // new rows (server or pending)
    QList<MessageRecord> updatedMessages;  // e.g. pending -> sent (matched by localId)
    QList<qint64> removedMessageIds;       // local ids (a cancelled pending message)
    QList<qint64> chatsWithNewPositions;   // delivered/read marks moved
    // Files (server file ids) that no stored message refers to any more since this change
    // (the last message carrying them was deleted): their media-cache copies can go.
    QStringList releasedFileIds;
    bool reset = false; // only after a tooLong reload
    bool isEmpty() const {
        return changedChatIds.isEmpty() && insertedMessages.isEmpty() &&
               updatedMessages.isEmpty() && removedMessageIds.isEmpty() &&
               chatsWithNewPositions.isEmpty() && releasedFileIds.isEmpty() && !reset;
    }
};

} // namespace msgr::storage
