#pragma once
//! Message actions (docs/protocol.md §16): a sender edits their message within the edit window;
//! a member deletes messages for themselves, or for everyone (their own within the window; a
//! group's owner and admins anyone's, at any age). Each change is logged to every member it
//! concerns. Thread-safe: a write's `done` runs on the store's writer thread (see units.h).
#include "protocol/api/message_actions.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

struct MessageActionLimits {
    //! How long after sending a sender may edit, or delete for everyone (--message-edit-window-ms).
    qint64 editWindowMs = protocol::api::kDefaultEditWindowMs;
};

struct EditedMessage {
    std::optional<Refusal> refused; // set: nothing was written
    protocol::Message message;      // as the caller sees it after the edit
    QList<UserUpdate> updates;      // messageEdited for every member still seeing it
    qint64 callerPts = 0;
    //! A supergroup or channel (§23.8, §15.8): nothing written; SupergroupMessages::edit.
    bool toSupergroup = false;
};

struct DeletedMessages {
    std::optional<Refusal> refused; // set: nothing was written
    QList<qint64> messageIds;       // removed by this call
    QList<UserUpdate> updates;      // messagesDeleted for the caller (me) or every member
    qint64 callerPts = 0;
    bool toSupergroup = false; // a supergroup (§23.8): nothing written; SupergroupMessages::remove
};

class MessageActions {
public:
    MessageActions(Store &store, MessageActionLimits limits) : m_store(store), m_limits(limits) {}

    //! NotFound when the caller is not a member or the chat has no such message (or the caller
    //! deleted it for themselves); refused (FORBIDDEN) for someone else's message or one past
    //! the window, (BAD_REQUEST) for a service message or an empty text without attachments.
    void edit(qint64 callerId, qint64 chatId, qint64 messageId, const QString &text, qint64 now,
              std::function<void(StoreResult<EditedMessage>)> done);
    //! NotFound when the caller is not a member. Ids naming no message of the chat are skipped.
    //! For everyone: refused (FORBIDDEN, nothing deleted) when one of them may not be deleted by
    //! the caller.
    void remove(qint64 callerId, qint64 chatId, const QList<qint64> &messageIds,
                protocol::api::DeleteScope scope, qint64 now,
                std::function<void(StoreResult<DeletedMessages>)> done);

private:
    Store &m_store;
    MessageActionLimits m_limits;
};

} // namespace msgr::server::domain
