#pragma once
//! What a member does to messages of a supergroup (docs/protocol.md §23.8): edit their own,
//! delete their own (and, as owner or admin, anyone's), forward into it. A supergroup's
//! messages live in its own log (§15.3), so each act appends one entry there
//! (`messageEdited`, `messagesDeleted`, a `newMessage` per forwarded copy), however many members
//! it has, and the entry goes live to the supergroup's topic. messages.edit, messages.delete and
//! messages.forward route here for a supergroup id (the `toSupergroup` flags of
//! MessageActions and Forwards), as messages.send routes to Channels::post.
//!
//! Thread-safe; writes go through Channels::logged, so the channel-log cache takes the entries
//! in commit order before `done` runs on the store's writer thread.
#include "protocol/api/message_actions.h"
#include "server/domain/channels.h"
#include "server/domain/message_actions.h"

namespace msgr::server::domain {

//! The outcome of one act; `logged` are the entries of the supergroup's log to push.
struct SupergroupMessagesChange {
    std::optional<Refusal> refused; // set: nothing was written
    protocol::Message message;      // edit: the message as it is now
    QList<qint64> messageIds;       // delete: those removed; forward: the copies, in order
    bool duplicate = false;         // forward: a randomId was used before: nothing written
    qint64 channelPts = 0;          // the supergroup's pts after the act
    QList<ChannelLogged> logged;
};

class SupergroupMessages {
public:
    SupergroupMessages(Channels &channels, MessageActionLimits limits)
        : m_channels(channels), m_limits(limits) {}

    using Done = std::function<void(StoreResult<SupergroupMessagesChange>)>;

    //! The sender's own message within the edit window (§16), in a supergroup or a channel
    //! (its owner's and admins' own posts, §15.8; the files stay). NotFound for one the caller
    //! cannot read or a message it does not hold; refused FORBIDDEN (someone else's, too old,
    //! not a member; in a channel, not its owner or an admin), BAD_REQUEST (a service message,
    //! no text left and no files).
    void edit(qint64 callerId, qint64 chatId, qint64 messageId, const QString &text, qint64 now,
              Done done);
    //! For everyone only (a supergroup keeps no per-member history: scope "me" is BAD_REQUEST):
    //! one's own messages at any age, anyone's for the owner and admins; otherwise FORBIDDEN and
    //! nothing deleted. Ids naming no message of the supergroup are skipped (a retry).
    void remove(qint64 callerId, qint64 chatId, const QList<qint64> &messageIds,
                protocol::api::DeleteScope scope, Done done);
    //! Copies of `messageIds` of `fromChatId` (a chat or supergroup the sender is in) sent by a
    //! member into supergroup `toChatId`, all or nothing, deduplicated on
    //! (sender, randomId) as Forwards::forward is.
    void forwardInto(qint64 senderId, qint64 fromChatId, const QList<qint64> &messageIds,
                     qint64 toChatId, const QList<qint64> &randomIds, qint64 now, Done done);

    //! Whether `userId` may forward out of supergroup `chatId`: its members only, of a public
    //! one too, since a copy shares its files with the target chat and a supergroup's files are
    //! for its members (§23.8). Inside a store unit.
    static bool mayForwardFrom(RecordReader &records, qint64 chatId, qint64 userId);

private:
    Channels &m_channels;
    MessageActionLimits m_limits;
};

} // namespace msgr::server::domain
