#include "server/domain/pinned_messages.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;

PinnedMessageChange pinRefusal(ErrorCode code, QString message) {
    PinnedMessageChange change;
    change.refused = Refusal{code, std::move(message)};
    return change;
}

StoreResult<PinnedMessageChange> pinnedMessageChange(RecordWriter &records, qint64 callerId,
                                                     qint64 chatId, qint64 messageId, bool pin) {
    const std::optional<MemberRecord> own = visibility::membership(records, chatId, callerId);
    const std::optional<ChatRecord> chat = records.chat(chatId);
    if (!own || !chat)
        return StoreError::NotFound;
    if (chat->kind == protocol::ChatKind::Channel)
        return pinRefusal(ErrorCode::BadRequest,
                          QStringLiteral("messages cannot be pinned in a channel"));
    if (chat->kind == protocol::ChatKind::Group && own->role == MemberRole::Member)
        return pinRefusal(ErrorCode::Forbidden,
                          QStringLiteral("only the group's owner and admins may pin messages"));
    const qint64 after = pin ? messageId : 0;
    if (pin) {
        const std::optional<protocol::Message> message = records.message(chatId, messageId);
        // Hidden for the caller: as if it did not exist, as in their history.
        if (!message || records.messageHiddenFor(callerId, chatId, messageId))
            return pinRefusal(ErrorCode::NotFound,
                              QStringLiteral("no message %1 in this chat").arg(messageId));
        if (message->action)
            return pinRefusal(ErrorCode::BadRequest,
                              QStringLiteral("a service message cannot be pinned"));
    }
    PinnedMessageChange result;
    result.chatId = chatId;
    // Unpinning another message than the pinned one, or the state already there: a retry.
    if ((!pin && chat->pinnedMessageId != messageId) || chat->pinnedMessageId == after) {
        result.messageId = chat->pinnedMessageId;
        result.callerPts = UpdateLog::currentPts(records, callerId);
        return result;
    }
    records.setChatPinnedMessage(chatId, after);
    result.messageId = after;
    const protocol::ChatPinnedMessageUpdate update{chatId, after};
    for (const MemberRecord &member : records.members(chatId)) {
        result.updates.append(UpdateLog::append(records, member.userId, update));
        if (member.userId == callerId)
            result.callerPts = result.updates.last().logged.pts;
    }
    return result;
}

} // namespace

void PinnedMessages::setPinned(qint64 callerId, qint64 chatId, qint64 messageId, bool pin,
                               std::function<void(StoreResult<PinnedMessageChange>)> done) {
    writeUnit<PinnedMessageChange>(
        m_store,
        [=](RecordWriter &records) {
            return pinnedMessageChange(records, callerId, chatId, messageId, pin);
        },
        std::move(done));
}

} // namespace msgr::server::domain
