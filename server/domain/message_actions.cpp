#include "server/domain/message_actions.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {
using protocol::ErrorCode;
using protocol::api::DeleteScope;

Refusal actionRefusal(ErrorCode code, QString message) {
    return Refusal{code, std::move(message)};
}

QString windowText(qint64 windowMs) {
    return windowMs % 3'600'000 == 0 ? QStringLiteral("%1 h").arg(windowMs / 3'600'000)
                                     : QStringLiteral("%1 ms").arg(windowMs);
}

//! Whether `caller` (a member, `own` their row) may delete `message` for everyone: their own
//! within the window, or anything in a group they own or administer (as Telegram's admins).
bool mayDeleteForEveryone(RecordReader &records, const MemberRecord &own,
                          const protocol::Message &message, qint64 now, qint64 windowMs) {
    if (message.senderId == own.userId && !message.action && now - message.date <= windowMs)
        return true;
    if (own.role != MemberRole::Admin && own.role != MemberRole::Owner)
        return false;
    const std::optional<ChatRecord> chat = records.chat(own.chatId);
    return chat && chat->kind == protocol::ChatKind::Group;
}

//! The ids once each, in the order given.
QList<qint64> distinct(const QList<qint64> &ids) {
    QList<qint64> out;
    for (const qint64 id : ids)
        if (!out.contains(id)) // at most kMaxDeleteIds: quadratic is nothing
            out.append(id);
    return out;
}
} // namespace

void MessageActions::edit(qint64 callerId, qint64 chatId, qint64 messageId, const QString &text,
                          qint64 now, std::function<void(StoreResult<EditedMessage>)> done) {
    const qint64 windowMs = m_limits.editWindowMs;
    writeUnit<EditedMessage>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<EditedMessage> {
            // A supergroup's message or a channel's post: its own log takes the edit (§23.8,
            // §15.8); the post keeps its files, only the text changes.
            if (const auto channel = records.channel(chatId)) {
                EditedMessage routed;
                routed.toSupergroup = true;
                return routed;
            }
            if (!visibility::membership(records, chatId, callerId))
                return StoreError::NotFound;
            std::optional<protocol::Message> message = records.message(chatId, messageId);
            if (!message || records.messageHiddenFor(callerId, chatId, messageId))
                return StoreError::NotFound;
            EditedMessage edited;
            if (message->action)
                edited.refused = actionRefusal(
                    ErrorCode::BadRequest, QStringLiteral("a service message cannot be edited"));
            else if (message->senderId != callerId)
                edited.refused = actionRefusal(
                    ErrorCode::Forbidden, QStringLiteral("only its sender may edit a message"));
            else if (now - message->date > windowMs)
                edited.refused = actionRefusal(
                    ErrorCode::Forbidden,
                    QStringLiteral("a message can be edited only within %1 of sending")
                        .arg(windowText(windowMs)));
            else if (text.isEmpty() && message->attachments.isEmpty())
                edited.refused =
                    actionRefusal(ErrorCode::BadRequest,
                                  QStringLiteral("field 'text' is shorter than 1 character"));
            if (edited.refused)
                return edited;
            if (message->text == text) { // a retry: nothing changes, nothing is logged
                edited.message = std::move(*message);
                edited.callerPts = UpdateLog::currentPts(records, callerId);
                return edited;
            }
            records.setMessageText(chatId, messageId, text, now);
            message->text = text;
            message->editedAt = now;
            edited.message = *message;
            for (const MemberRecord &member : records.members(chatId)) {
                if (member.userId != callerId &&
                    records.messageHiddenFor(member.userId, chatId, messageId))
                    continue; // deleted for themselves: nothing to correct
                edited.updates.append(UpdateLog::append(
                    records, member.userId,
                    protocol::MessageEditedUpdate{visibility::forViewer(*message, member.userId)}));
                if (member.userId == callerId)
                    edited.callerPts = edited.updates.last().logged.pts;
            }
            return edited;
        },
        std::move(done));
}

void MessageActions::remove(qint64 callerId, qint64 chatId, const QList<qint64> &messageIds,
                            DeleteScope scope, qint64 now,
                            std::function<void(StoreResult<DeletedMessages>)> done) {
    const qint64 windowMs = m_limits.editWindowMs;
    writeUnit<DeletedMessages>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<DeletedMessages> {
            if (const auto channel = records.channel(chatId); channel && channel->megagroup) {
                DeletedMessages routed; // its own log takes the deletion (§23.8)
                routed.toSupergroup = true;
                return routed;
            }
            const std::optional<MemberRecord> own =
                visibility::membership(records, chatId, callerId);
            if (!own)
                return StoreError::NotFound;
            DeletedMessages deleted;
            QList<qint64> present;
            for (const qint64 id : distinct(messageIds)) {
                const std::optional<protocol::Message> message = records.message(chatId, id);
                if (!message)
                    continue; // already gone: a retry
                if (scope == DeleteScope::Everyone &&
                    !mayDeleteForEveryone(records, *own, *message, now, windowMs)) {
                    deleted.refused = actionRefusal(
                        ErrorCode::Forbidden,
                        QStringLiteral("message %1 may not be deleted for everyone: only one's "
                                       "own within %2 of sending, or by a group's admins")
                            .arg(id)
                            .arg(windowText(windowMs)));
                    return deleted;
                }
                present.append(id);
            }
            for (const qint64 id : present) {
                const bool removed = scope == DeleteScope::Everyone
                                         ? records.deleteMessage(chatId, id)
                                         : records.hideMessage(callerId, chatId, id);
                if (removed)
                    deleted.messageIds.append(id);
            }
            if (deleted.messageIds.isEmpty()) {
                deleted.callerPts = UpdateLog::currentPts(records, callerId);
                return deleted;
            }
            const protocol::MessagesDeletedUpdate update{chatId, deleted.messageIds};
            QList<qint64> told{callerId};
            if (scope == DeleteScope::Everyone) {
                told.clear();
                for (const MemberRecord &member : records.members(chatId))
                    told.append(member.userId);
            }
            for (const qint64 userId : told) {
                deleted.updates.append(UpdateLog::append(records, userId, update));
                if (userId == callerId)
                    deleted.callerPts = deleted.updates.last().logged.pts;
            }
            return deleted;
        },
        std::move(done));
}

} // namespace msgr::server::domain
