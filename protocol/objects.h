#pragma once
//! The objects of docs/protocol.md §4 and their CBOR form.
#include <QCborMap>
#include <QList>
#include <QString>
#include <optional>

namespace msgr::protocol {

struct User {
    qint64 id = 0;
    QString username;
    QString displayName;

    QCborMap toCbor() const;
    static std::optional<User> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const User &, const User &) = default;
};

struct Device {
    qint64 id = 0;
    QString name;
    qint64 createdAt = 0;
    qint64 lastSeenAt = 0;
    bool current = false;

    QCborMap toCbor() const;
    static std::optional<Device> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Device &, const Device &) = default;
};

//! A profile's, group's or channel's photo (docs/protocol.md §24): the file is fetched by id
//! over HTTP (§11); the thumbnail is what a list shows before that (empty: none).
struct Photo {
    QString fileId;       // kFileIdChars lowercase hex digits
    QByteArray thumbnail; // a small inline image (e.g. JPEG), 0..kMaxThumbnailBytes

    //! No photo: a letter avatar. (A plain value, not std::optional, where objects carry it:
    //! GCC 12 warns falsely about an optional's destructor deep inside Message.)
    bool isNone() const { return fileId.isEmpty(); }

    QCborMap toCbor() const;
    static std::optional<Photo> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Photo &, const Photo &) = default;
};

enum class ChatKind { Private, Group, Channel };
QString chatKindName(ChatKind kind);
std::optional<ChatKind> chatKindFromName(const QString &name);

struct Chat {
    qint64 id = 0;
    ChatKind kind = ChatKind::Private;
    QString title;
    QList<qint64> memberIds;
    qint64 createdAt = 0;
    qint64 ownerId = 0;         // groups: the member with every right (0: none, private chats)
    QList<qint64> adminIds{};   // groups: members who may manage it (without the owner)
    qint64 pinnedMessageId = 0; // §17.4: the message pinned in it (0: none; absent on the wire)
    qint64 migratedTo = 0;      // §23: the supergroup this group became (0: none; absent then)
    Photo photo{}; // §24: the group's photo (none: absent on the wire, a letter avatar)

    QCborMap toCbor() const;
    static std::optional<Chat> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Chat &, const Chat &) = default;
};

class MapReader;

//! What an attachment is, so a client picks its bubble (photo, player, voice, file).
enum class AttachmentKind { Photo, Video, Voice, Audio, File };
QString attachmentKindName(AttachmentKind kind);
std::optional<AttachmentKind> attachmentKindFromName(const QString &name);

//! A file attached to a message (docs/protocol.md §4, §11): the file itself is fetched by id
//! over HTTP; the message carries what a bubble shows before that.
struct Attachment {
    QString fileId; // the finished tus upload's id: kFileIdChars lowercase hex digits
    AttachmentKind kind = AttachmentKind::File;
    qint64 size = 0; // bytes, 0..kMaxFileBytes; the server checks it against the file
    QString mime;    // as the sender says, 0..kMaxMimeChars
    QString name;    // the file's name to show, 0..kMaxAttachmentNameChars
    std::optional<int> width, height; // pixels, 1..kMaxMediaDimension (photo, video)
    std::optional<qint64> durationMs; // 0..kMaxMediaDurationMs (video, voice, audio)
    QByteArray thumbnail;             // a small inline image, 0..kMaxThumbnailBytes
    QByteArray waveform;              // voice levels, 0..kMaxWaveformBytes

    QCborMap toCbor() const;
    static std::optional<Attachment> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Attachment &, const Attachment &) = default;
};

//! True for kFileIdChars lowercase hex digits: the only shape of a file (upload) id.
bool isFileId(QStringView id);

//! The optional Photo under `key` (a map; TOO_LARGE for a thumbnail past its cap, BAD_REQUEST
//! otherwise, recorded in `r` with the key's name). Absent: std::nullopt.
std::optional<Photo> readPhoto(MapReader &r, QLatin1StringView key);

//! The optional `attachments` array of a message or of messages.send: at most
//! kMaxAttachments, each checked field by field; a violation is recorded in `r` with its typed
//! code (TOO_LARGE for a count or size past its cap, BAD_REQUEST otherwise).
QList<Attachment> readAttachments(MapReader &r);
//! Inserts `attachments` into `map` when there are any (absent otherwise, so a text message's
//! frames stay as they were).
void insertAttachments(QCborMap &map, const QList<Attachment> &attachments);

//! What a service message records: a change to a group, shown in its history in order with
//! the messages. Such a message has no text.
enum class ActionKind {
    GroupCreated,
    TitleChanged,
    MembersAdded,
    MemberRemoved,
    MemberLeft,
    UpgradedTo,   // §23: the group became the supergroup `chatId` and takes no new messages
    PhotoChanged, // §24: the group's photo is now `photo`
    PhotoRemoved  // §24: the group has no photo any more
};
QString actionKindName(ActionKind kind);
std::optional<ActionKind> actionKindFromName(const QString &name);

struct MessageAction {
    ActionKind kind = ActionKind::GroupCreated;
    QList<qint64> userIds; // membersAdded: who was added; memberRemoved: who was removed
    QString title;         // groupCreated, titleChanged: the (new) title
    qint64 chatId = 0;     // upgradedTo: the supergroup (§23); 0 otherwise, absent on the wire
    Photo photo{};         // photoChanged: the new photo (§24); none otherwise

    QCborMap toCbor() const;
    static std::optional<MessageAction> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const MessageAction &, const MessageAction &) = default;
};

//! What a reply quotes (docs/protocol.md §19), filled by the server from the quoted message so
//! it cannot be forged: its id in the same chat, its sender, the start of its text as it was
//! when the reply was sent.
struct ReplyTo {
    qint64 messageId = 0;
    qint64 senderId = 0;
    QString excerpt; // 0..kMaxReplyExcerptChars

    QCborMap toCbor() const;
    static std::optional<ReplyTo> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ReplyTo &, const ReplyTo &) = default;
};

//! Who first wrote a forwarded message (docs/protocol.md §19), filled by the server; a forward
//! of a forward keeps the first author.
struct ForwardedFrom {
    qint64 senderId = 0;
    QString senderName; // their display name when forwarded, 0..kMaxDisplayNameChars
    qint64 date = 0;    // the original's date, ms since the epoch

    QCborMap toCbor() const;
    static std::optional<ForwardedFrom> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ForwardedFrom &, const ForwardedFrom &) = default;
};

struct Message {
    qint64 id = 0;
    qint64 chatId = 0;
    qint64 senderId = 0;
    qint64 date = 0; // ms since the Unix epoch, UTC
    QString text;
    qint64 randomId = 0;                   // only in the sender's copies; 0 elsewhere
    QList<Attachment> attachments = {};    // 0..kMaxAttachments
    std::optional<MessageAction> action{}; // a service message (its sender is who acted)
    qint64 editedAt = 0; // ms since the epoch of the last messages.edit; 0: never edited (§16)
    std::optional<ReplyTo> replyTo{};             // §19: the message this one answers
    std::optional<ForwardedFrom> forwardedFrom{}; // §19: a forwarded copy's first author
    qint64 commentCount = 0; // §22: comments on a channel post, as of the answer (0: none)

    QCborMap toCbor() const;
    static std::optional<Message> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Message &, const Message &) = default;
};

struct ChatSummary {
    Chat chat;
    std::optional<Message> lastMessage;
    qint64 unreadCount = 0;
    qint64 readInboxMaxId = 0;
    qint64 readOutboxMaxId = 0;
    qint64 deliveredMaxId = 0;

    QCborMap toCbor() const;
    static std::optional<ChatSummary> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChatSummary &, const ChatSummary &) = default;
};

} // namespace msgr::protocol
