#include "server/domain/supergroup_messages.h"

#include "server/domain/channel_rows.h"
#include "server/domain/forwards.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

StoreResult<SupergroupMessagesChange> refuseSupergroupAct(protocol::ErrorCode code,
                                                          const QString &message) {
    return channel_rows::refuse<SupergroupMessagesChange>(code, message);
}

//! The supergroup as the caller opens it to act on its messages: NotFound for none (or a
//! private one they are not in, alike), refused FORBIDDEN for a public one they did not join.
std::variant<channel_rows::Opened, StoreResult<SupergroupMessagesChange>>
openForActing(RecordReader &records, qint64 chatId, qint64 callerId) {
    std::optional<channel_rows::Opened> opened =
        channel_rows::openChannel(records, chatId, callerId);
    if (!opened || !opened->record.megagroup)
        return StoreResult<SupergroupMessagesChange>(StoreError::NotFound);
    if (!opened->caller)
        return refuseSupergroupAct(protocol::ErrorCode::Forbidden,
                                   QStringLiteral("join the supergroup to act in it"));
    return std::move(*opened);
}

//! Who edits in a channel's log: a supergroup's members (their own messages, §23.8) and a
//! broadcast channel's owner and admins (their own posts, §15.8; a demoted admin no more).
std::variant<channel_rows::Opened, StoreResult<SupergroupMessagesChange>>
openForEditing(RecordReader &records, qint64 chatId, qint64 callerId) {
    std::optional<channel_rows::Opened> opened =
        channel_rows::openChannel(records, chatId, callerId);
    if (!opened)
        return StoreResult<SupergroupMessagesChange>(StoreError::NotFound);
    if (opened->record.megagroup && !opened->caller)
        return refuseSupergroupAct(protocol::ErrorCode::Forbidden,
                                   QStringLiteral("join the supergroup to act in it"));
    if (!opened->record.megagroup && !opened->callerManages())
        return refuseSupergroupAct(protocol::ErrorCode::Forbidden,
                                   QStringLiteral("only the owner and admins edit posts"));
    return std::move(*opened);
}

StoreResult<SupergroupMessagesChange> editInSupergroup(RecordWriter &records, qint64 callerId,
                                                       qint64 chatId, qint64 messageId,
                                                       const QString &text, qint64 now,
                                                       qint64 windowMs, qint64 retention) {
    auto opening = openForEditing(records, chatId, callerId);
    if (auto *answer = std::get_if<StoreResult<SupergroupMessagesChange>>(&opening))
        return std::move(*answer);
    const auto &opened = std::get<channel_rows::Opened>(opening);
    std::optional<protocol::Message> message = records.message(chatId, messageId);
    if (!message)
        return StoreError::NotFound;
    if (message->action)
        return refuseSupergroupAct(protocol::ErrorCode::BadRequest,
                                   QStringLiteral("a service message cannot be edited"));
    if (message->senderId != callerId)
        return refuseSupergroupAct(protocol::ErrorCode::Forbidden,
                                   QStringLiteral("only its sender may edit a message"));
    if (now - message->date > windowMs)
        return refuseSupergroupAct(
            protocol::ErrorCode::Forbidden,
            QStringLiteral("a message can be edited only within %1 ms of sending").arg(windowMs));
    if (text.isEmpty() && message->attachments.isEmpty())
        return refuseSupergroupAct(protocol::ErrorCode::BadRequest,
                                   QStringLiteral("field 'text' is shorter than 1 character"));
    SupergroupMessagesChange change;
    change.channelPts = opened.record.pts;
    if (message->text == text) { // a retry: nothing changes, nothing is logged
        change.message = visibility::forViewer(*message, callerId);
        return change;
    }
    records.setMessageText(chatId, messageId, text, now);
    message->text = text;
    message->editedAt = now;
    change.logged.append(channel_rows::appendToChannel(
        records, opened.record, protocol::MessageEditedUpdate{visibility::forViewer(*message, 0)},
        retention));
    change.channelPts = change.logged.last().logged.pts;
    change.message = visibility::forViewer(*message, callerId);
    return change;
}

StoreResult<SupergroupMessagesChange> removeInSupergroup(RecordWriter &records, qint64 callerId,
                                                         qint64 chatId, const QList<qint64> &ids,
                                                         protocol::api::DeleteScope scope,
                                                         qint64 retention) {
    auto opening = openForActing(records, chatId, callerId);
    if (auto *answer = std::get_if<StoreResult<SupergroupMessagesChange>>(&opening))
        return std::move(*answer);
    const auto &opened = std::get<channel_rows::Opened>(opening);
    if (scope != protocol::api::DeleteScope::Everyone)
        return refuseSupergroupAct(
            protocol::ErrorCode::BadRequest,
            QStringLiteral("a supergroup's messages are deleted for everyone (scope: everyone)"));
    const bool manages = opened.callerManages();
    QList<qint64> present;
    for (const qint64 id : channel_rows::distinctIds(ids)) {
        const std::optional<protocol::Message> message = records.message(chatId, id);
        if (!message)
            continue; // already gone: a retry
        // One's own messages at any age (Telegram's supergroups); anyone's for the staff.
        const bool own = message->senderId == callerId && !message->action;
        if (!own && !manages)
            return refuseSupergroupAct(
                protocol::ErrorCode::Forbidden,
                QStringLiteral("message %1 may not be deleted: only one's own, or by the "
                               "supergroup's owner and admins")
                    .arg(id));
        present.append(id);
    }
    SupergroupMessagesChange change;
    change.channelPts = opened.record.pts;
    for (const qint64 id : std::as_const(present)) {
        if (records.deleteMessage(chatId, id))
            change.messageIds.append(id);
    }
    if (change.messageIds.isEmpty())
        return change;
    change.logged.append(channel_rows::appendToChannel(
        records, opened.record, protocol::MessagesDeletedUpdate{chatId, change.messageIds},
        retention));
    change.channelPts = change.logged.last().logged.pts;
    return change;
}

StoreResult<SupergroupMessagesChange>
forwardIntoSupergroup(RecordWriter &records, qint64 senderId, qint64 fromChatId,
                      const QList<qint64> &messageIds, qint64 toChatId,
                      const QList<qint64> &randomIds, qint64 now, qint64 retention) {
    SupergroupMessagesChange change;
    // A retry gets the stored copies back (a forward is written all or nothing).
    for (const qint64 randomId : randomIds) {
        if (auto existing = records.messageBySender(senderId, randomId))
            change.messageIds.append(existing->id);
    }
    auto opening = openForActing(records, toChatId, senderId);
    if (auto *answer = std::get_if<StoreResult<SupergroupMessagesChange>>(&opening))
        return std::move(*answer);
    const auto &opened = std::get<channel_rows::Opened>(opening);
    change.channelPts = opened.record.pts;
    if (!change.messageIds.isEmpty()) {
        change.duplicate = true;
        return change;
    }
    if (!visibility::membership(records, fromChatId, senderId) &&
        !SupergroupMessages::mayForwardFrom(records, fromChatId, senderId))
        return StoreError::NotFound;
    QList<protocol::Message> originals;
    originals.reserve(messageIds.size());
    for (const qint64 id : messageIds) {
        std::optional<protocol::Message> original = records.message(fromChatId, id);
        if (!original || records.messageHiddenFor(senderId, fromChatId, id))
            return refuseSupergroupAct(
                protocol::ErrorCode::NotFound,
                QStringLiteral("messageIds: no message %1 in this chat").arg(id));
        if (original->action)
            return refuseSupergroupAct(
                protocol::ErrorCode::BadRequest,
                QStringLiteral("messageIds: %1 is a service message").arg(id));
        originals.append(std::move(*original));
    }
    for (qsizetype i = 0; i < originals.size(); ++i) {
        protocol::Message copy =
            forwards::copyOf(records, originals.at(i), senderId, toChatId, randomIds.at(i), now);
        // insertMessage links the files to the supergroup: its members may fetch them.
        copy.id = records.insertMessage(copy);
        change.messageIds.append(copy.id);
        // Each append re-reads the log state: the record's pts moves with every entry.
        const std::optional<ChannelRecord> record = records.channel(toChatId);
        if (!record)
            throw StoreFailure("a supergroup vanished inside its own unit");
        change.logged.append(channel_rows::appendToChannel(
            records, *record, protocol::NewMessageUpdate{visibility::forViewer(copy, 0)},
            retention));
    }
    if (!change.logged.isEmpty())
        change.channelPts = change.logged.last().logged.pts;
    return change;
}

} // namespace

bool SupergroupMessages::mayForwardFrom(RecordReader &records, qint64 chatId, qint64 userId) {
    const std::optional<ChannelRecord> record = records.channel(chatId);
    return record && record->megagroup && records.channelMember(chatId, userId).has_value();
}

void SupergroupMessages::edit(qint64 callerId, qint64 chatId, qint64 messageId, const QString &text,
                              qint64 now, Done done) {
    const qint64 windowMs = m_limits.editWindowMs;
    const qint64 retention = m_channels.logRetention();
    m_channels.logged<SupergroupMessagesChange>(
        [=](RecordWriter &records) {
            return editInSupergroup(records, callerId, chatId, messageId, text, now, windowMs,
                                    retention);
        },
        std::move(done));
}

void SupergroupMessages::remove(qint64 callerId, qint64 chatId, const QList<qint64> &messageIds,
                                protocol::api::DeleteScope scope, Done done) {
    const qint64 retention = m_channels.logRetention();
    m_channels.logged<SupergroupMessagesChange>(
        [=](RecordWriter &records) {
            return removeInSupergroup(records, callerId, chatId, messageIds, scope, retention);
        },
        std::move(done));
}

void SupergroupMessages::forwardInto(qint64 senderId, qint64 fromChatId,
                                     const QList<qint64> &messageIds, qint64 toChatId,
                                     const QList<qint64> &randomIds, qint64 now, Done done) {
    const qint64 retention = m_channels.logRetention();
    m_channels.logged<SupergroupMessagesChange>(
        [=](RecordWriter &records) {
            return forwardIntoSupergroup(records, senderId, fromChatId, messageIds, toChatId,
                                         randomIds, now, retention);
        },
        std::move(done));
}

} // namespace msgr::server::domain
