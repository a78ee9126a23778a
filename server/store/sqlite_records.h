#pragma once
//! The record reads and writes of store.h in SQL, on one connection: a read-only one for a
//! read unit (inside a deferred transaction, one snapshot) or the writer's inside a write
//! unit's SAVEPOINT. Storage only: no chat rule is decided here. Each call throws
//! sqlite::Error (a StoreFailure).
#include "server/store/store.h"
#include "server/store/write_queue.h"

namespace msgr::server::sqlite {

class Records final : public RecordWriter {
public:
    //! Reads only: the writer calls must not be reached (SqliteStore hands it out as a
    //! RecordReader).
    explicit Records(Connection &db) : m_db(db), m_context(nullptr) {}
    //! Inside a write unit of the writer's batch.
    explicit Records(WriteContext &context) : m_db(context.db), m_context(&context) {}

    std::optional<Account> accountByUsername(const QString &username) override;
    std::optional<protocol::User> user(qint64 userId) override;
    QList<protocol::User> usersByUsernamePrefix(const QString &prefix, int limit) override;
    std::optional<SessionRef> liveDeviceByTokenHash(const QByteArray &tokenHash) override;
    QList<protocol::Device> liveDevices(qint64 userId) override;

    std::optional<ChatRecord> chat(qint64 chatId) override;
    std::optional<qint64> chatByUniqueKey(const QString &key) override;
    std::optional<MemberRecord> member(qint64 chatId, qint64 userId) override;
    QList<MemberRecord> members(qint64 chatId) override;
    QList<MemberRecord> membershipsOf(qint64 userId) override;
    std::optional<ChatRoster> chatRoster(qint64 chatId) override;

    std::optional<protocol::Message> messageBySender(qint64 senderId, qint64 randomId) override;
    std::optional<protocol::Message> lastMessage(qint64 chatId) override;
    QList<protocol::Message> messagesBefore(qint64 chatId, qint64 beforeId, int limit) override;
    QList<qint64> sendersBetween(qint64 chatId, qint64 afterId, qint64 upToId) override;
    qint64 countMessagesAfter(qint64 chatId, qint64 afterId, qint64 notFrom) override;
    // sqlite_message_actions.cpp
    std::optional<protocol::Message> message(qint64 chatId, qint64 messageId) override;
    bool messageHiddenFor(qint64 userId, qint64 chatId, qint64 messageId) override;
    std::optional<protocol::Message> lastMessageFor(qint64 viewerId, qint64 chatId) override;
    QList<protocol::Message> messagesBeforeFor(qint64 viewerId, qint64 chatId, qint64 beforeId,
                                               int limit) override;

    LogState logState(qint64 userId) override;
    QList<LogEntry> logEntriesAfter(qint64 userId, qint64 sincePts, int limit) override;
    QList<qint64> pinnedChats(qint64 userId) override; // sqlite_pins.cpp
    // sqlite_mutes.cpp
    QList<ChatMuteRecord> mutedChats(qint64 userId, qint64 now, int limit) override;
    qint64 chatMutedUntil(qint64 userId, qint64 chatId) override;
    qint64 countMutedChats(qint64 userId, qint64 now) override;
    std::optional<protocol::Draft> draft(qint64 userId,
                                         qint64 chatId) override; // sqlite_drafts.cpp
    QList<protocol::Draft> draftsAfter(qint64 userId, qint64 afterChatId,
                                       int limit) override; // sqlite_drafts.cpp

    // media uploads: sqlite_upload_records.cpp
    std::optional<UploadRecord> upload(const QString &id) override;
    UploadUsage uploadUsage(qint64 ownerId, qint64 now) override;
    QStringList expiredUploads(qint64 now, int limit) override;
    bool fileSharedWith(const QString &fileId, qint64 userId) override;
    bool fileAttached(const QString &fileId) override;

    // secret chats: sqlite_secret_records.cpp
    std::optional<SecretDeviceRecord> secretDevice(qint64 deviceId) override;
    QList<SecretDeviceActivity> secretDevicesOf(qint64 userId) override;
    qint64 countOneTimePreKeys(qint64 deviceId) override;
    bool hasOneTimePreKey(qint64 deviceId, qint64 keyId) override;
    SecretQueueUsage secretQueueUsage(qint64 deviceId) override;
    QList<SecretEnvelopeRecord> secretEnvelopesAfter(qint64 deviceId, qint64 afterId,
                                                     qint64 notBefore, int limit) override;

    // profiles, contacts, invitations, blocks: sqlite_contact_records.cpp
    std::optional<ProfileRecord> profile(qint64 userId) override;
    std::optional<qint64> contactSince(qint64 userId, qint64 contactId) override;
    qint64 countContacts(qint64 userId) override;
    QList<ContactRow> contactsAfter(qint64 userId, qint64 afterUserId, int limit) override;
    std::optional<InviteRecord> invite(qint64 fromId, qint64 toId) override;
    qint64 countPendingInvitesFrom(qint64 fromId) override;
    qint64 countPendingInvitesTo(qint64 toId) override;
    QList<InviteRecord> pendingInvitesTo(qint64 toId, qint64 afterUserId, int limit) override;
    QList<InviteRecord> openInvitesFrom(qint64 fromId, qint64 afterUserId, int limit) override;
    bool isBlocked(qint64 userId, qint64 blockedId) override;
    qint64 countBlocked(qint64 userId) override;
    QList<qint64> blockedAfter(qint64 userId, qint64 afterUserId, int limit) override;

    // channels: sqlite_channel_records.cpp
    std::optional<ChannelRecord> channel(qint64 channelId) override;
    std::optional<qint64> channelByName(const QString &name) override;
    std::optional<ChannelMemberRecord> channelMember(qint64 channelId, qint64 userId) override;
    QList<ChannelMemberRecord> channelStaff(qint64 channelId) override;
    QList<ChannelMemberRecord> channelSubscriptionsOf(qint64 userId, qint64 afterChannelId,
                                                      int limit) override;
    qint64 countChannelSubscriptions(qint64 userId) override;
    QList<ChannelMemberRecord> channelMembersAfter(qint64 channelId, qint64 afterUserId,
                                                   int limit) override;
    std::optional<qint64> groupMigratedTo(qint64 groupId) override;
    std::optional<qint64> firstChannelMemberWithRole(qint64 channelId, MemberRole role) override;
    QList<ChannelRecord> searchPublicChannels(const QString &foldedQuery, int limit) override;
    QList<LogEntry> channelLogEntriesAfter(qint64 channelId, qint64 sincePts, int limit) override;
    // post comments: sqlite_comment_records.cpp
    std::optional<ChannelCommentRecord> channelComment(qint64 commentId) override;
    std::optional<ChannelCommentRecord> channelCommentBySender(qint64 senderId,
                                                               qint64 randomId) override;
    bool channelCommentRandomIdRetired(qint64 senderId, qint64 randomId) override;
    QList<ChannelCommentRecord> channelCommentsBefore(qint64 channelId, qint64 postId,
                                                      qint64 beforeId, int limit) override;
    QList<ChannelCommentRecord> channelCommentsAfter(qint64 channelId, qint64 postId,
                                                     qint64 afterId, int limit) override;
    PostThreadRecord postThread(qint64 channelId, qint64 postId) override;

    qint64 insertUser(const QString &username, const QString &displayName,
                      const QByteArray &passwordHash, qint64 now) override;
    qint64 insertDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                        qint64 now) override;
    bool revokeDevice(qint64 userId, qint64 deviceId, qint64 now) override;
    qint64 insertChat(protocol::ChatKind kind, const QString &title, qint64 now,
                      const QString &uniqueKey) override;
    void insertMember(qint64 chatId, qint64 userId, qint64 now, MemberRole role) override;
    bool deleteMember(qint64 chatId, qint64 userId) override;
    void setMemberRole(qint64 chatId, qint64 userId, MemberRole role) override;
    void setChatTitle(qint64 chatId, const QString &title) override;
    void setReadInboxMaxId(qint64 chatId, qint64 userId, qint64 maxId) override;
    void setDeliveredMaxId(qint64 chatId, qint64 userId, qint64 maxId) override;
    qint64 insertMessage(const protocol::Message &message) override;
    std::optional<qint64> insertMessageOnce(const protocol::Message &message) override;
    // sqlite_message_actions.cpp
    void setMessageText(qint64 chatId, qint64 messageId, const QString &text,
                        qint64 editedAt) override;
    bool hideMessage(qint64 userId, qint64 chatId, qint64 messageId) override;
    bool deleteMessage(qint64 chatId, qint64 messageId) override;
    void createLog(qint64 userId) override;
    qint64 appendLogEntry(qint64 userId, const QByteArray &body) override;
    QList<qint64> appendLogEntries(const QList<std::pair<qint64, QByteArray>> &entries) override;
    void setPinnedChats(qint64 userId, const QList<qint64> &chatIds) override; // sqlite_pins.cpp
    // sqlite_mutes.cpp
    void setChatMutedUntil(qint64 userId, qint64 chatId, qint64 mutedUntil) override;
    void setChatPinnedMessage(qint64 chatId, qint64 messageId) override;
    void deleteEndedMutes(qint64 userId, qint64 now) override;
    void putDraft(qint64 userId, const protocol::Draft &draft) override; // sqlite_drafts.cpp
    bool deleteDraft(qint64 userId, qint64 chatId) override;             // sqlite_drafts.cpp
    // sqlite_group_records.cpp
    std::optional<GroupInviteRecord> groupInviteByTokenHash(const QByteArray &tokenHash) override;
    std::optional<GroupInviteRecord> groupInvite(qint64 chatId) override;
    QList<ReadMarkTime> readMarkTimes(qint64 chatId, ReadMarkKind kind, qint64 messageId) override;
    void putGroupInvite(const GroupInviteRecord &invite) override;
    bool deleteGroupInvite(qint64 chatId) override;
    void insertReadMark(qint64 chatId, qint64 userId, ReadMarkKind kind, qint64 fromId,
                        qint64 maxId, qint64 at, int keep) override;
    // sqlite_photo_records.cpp
    std::optional<PhotoRecord> photo(PhotoSubject subject, qint64 subjectId) override;
    QList<PhotoUse> photoUses(const QString &fileId) override;
    void setPhoto(PhotoSubject subject, qint64 subjectId, const std::optional<PhotoRecord> &photo,
                  qint64 now) override;
    void insertUpload(const UploadRecord &upload) override;
    bool setUploadOffset(const QString &id, qint64 offset) override;
    bool finishUpload(const QString &id, const QString &sha256) override;
    bool deleteUpload(const QString &id) override;
    void putSecretDevice(const SecretDeviceRecord &device) override;
    void insertOneTimePreKey(qint64 deviceId, const OneTimePreKeyRecord &key) override;
    std::optional<OneTimePreKeyRecord> takeOneTimePreKey(qint64 deviceId) override;
    void deleteOneTimePreKeys(qint64 deviceId) override;
    qint64 insertSecretEnvelope(const SecretEnvelopeRecord &envelope) override;
    qint64 deleteSecretEnvelopesUpTo(qint64 deviceId, qint64 maxId) override;
    qint64 deleteSecretEnvelopesBefore(qint64 cutoff) override;
    void deleteSecretDevice(qint64 deviceId) override;
    void setUsername(qint64 userId, const QString &username) override;
    void setProfileFields(qint64 userId, const QString &displayName, const QString &about,
                          int lastSeenPrivacy) override;
    void insertContact(qint64 userId, qint64 contactId, qint64 since) override;
    bool deleteContact(qint64 userId, qint64 contactId) override;
    void putInvite(const InviteRecord &invite) override;
    bool deleteInvite(qint64 fromId, qint64 toId) override;
    void insertBlock(qint64 userId, qint64 blockedId, qint64 now) override;
    bool deleteBlock(qint64 userId, qint64 blockedId) override;
    qint64 insertChannel(const QString &title, const QString &about, const QString &name,
                         const QString &searchText, qint64 now) override;
    void setChannelInfo(qint64 channelId, const QString &title, const QString &about,
                        const QString &searchText) override;
    void insertChannelMember(qint64 channelId, qint64 userId, MemberRole role, qint64 now) override;
    bool deleteChannelMember(qint64 channelId, qint64 userId) override;
    void setChannelMemberRole(qint64 channelId, qint64 userId, MemberRole role) override;
    void setChannelMuted(qint64 channelId, qint64 userId, bool muted) override;
    void setChannelMegagroup(qint64 channelId) override;
    void insertGroupMigration(qint64 groupId, qint64 supergroupId) override;
    qint64 appendChannelLogEntry(qint64 channelId, const QByteArray &body) override;
    void trimChannelLog(qint64 channelId, qint64 oldestKept) override;
    qint64 insertChannelComment(const ChannelCommentRecord &comment) override;
    bool deleteChannelComment(qint64 commentId) override;
    qint64 rowsChanged() override;

private:
    //! The writer's context; throws when this is a read-only Records.
    WriteContext &writing();
    //! insertMessage's body; with `unlessSent` a (sender, randomId) already stored writes
    //! nothing, gives the id back and answers nullopt.
    std::optional<qint64> storeMessage(const protocol::Message &message, bool unlessSent);

    Connection &m_db;
    WriteContext *m_context;
};

//! Moves devices' last_seen_at forward (deviceId -> time). Writer thread.
void touchDevices(Connection &db, const QHash<qint64, qint64> &lastSeen);
//! Keeps only the newest `retention` entries of each log that grew in this batch (a storage
//! bound, docs/server.md; the domain answers tooLong past it). Writer thread.
void trimLogs(WriteContext &context, int retention);
//! Stores what the writer's memory handed out in this batch (writer_memory.h): each grown
//! log's pts and oldest pts, and the message id sequence. Writer thread, before the commit.
void flushCounters(WriteContext &context);

} // namespace msgr::server::sqlite
