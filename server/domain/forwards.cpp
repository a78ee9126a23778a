#include "server/domain/forwards.h"

#include "server/domain/blocking.h"
#include "server/domain/supergroup_messages.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace forwards {
//! The copy of `original` that `senderId` sends to `toChatId`: its text and files, its first
//! author (kept through a forward of a forward), no quote (it would point into another chat).
protocol::Message copyOf(RecordReader &records, const protocol::Message &original, qint64 senderId,
                         qint64 toChatId, qint64 randomId, qint64 now) {
    protocol::Message copy{
        0, toChatId, senderId, now, original.text, randomId, original.attachments};
    if (original.forwardedFrom) {
        copy.forwardedFrom = original.forwardedFrom;
    } else {
        const std::optional<protocol::User> author = records.user(original.senderId);
        copy.forwardedFrom = protocol::ForwardedFrom{
            original.senderId, author ? author->displayName : QString(), original.date};
    }
    return copy;
}
} // namespace forwards

void Forwards::forward(qint64 senderId, qint64 fromChatId, const QList<qint64> &messageIds,
                       qint64 toChatId, const QList<qint64> &randomIds, qint64 now,
                       std::function<void(StoreResult<ForwardedMessages>)> done) {
    writeUnit<ForwardedMessages>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ForwardedMessages> {
            ForwardedMessages forwarded;
            // Into a supergroup: its own log takes the copies (§23.8).
            if (const auto target = records.channel(toChatId); target && target->megagroup) {
                forwarded.toSupergroup = true;
                return forwarded;
            }
            // A retry gets the stored copies back and changes nothing (a forward is written
            // all or nothing, so a retry finds every one of them).
            for (const qint64 randomId : randomIds) {
                if (auto existing = records.messageBySender(senderId, randomId))
                    forwarded.messageIds.append(existing->id);
            }
            if (!forwarded.messageIds.isEmpty()) {
                forwarded.duplicate = true;
                forwarded.senderPts = UpdateLog::currentPts(records, senderId);
                return forwarded;
            }
            // Out of a supergroup too: its members (§23.8).
            if ((!visibility::membership(records, fromChatId, senderId) &&
                 !SupergroupMessages::mayForwardFrom(records, fromChatId, senderId)) ||
                !visibility::membership(records, toChatId, senderId))
                return StoreError::NotFound;
            if (auto blocked = blocking::privateChatRefusal(records, toChatId, senderId)) {
                forwarded.refused = true;
                forwarded.refusal = std::move(*blocked);
                return forwarded;
            }
            // Every original first: nothing is written unless all of them may be forwarded.
            QList<protocol::Message> originals;
            originals.reserve(messageIds.size());
            for (const qint64 id : messageIds) {
                std::optional<protocol::Message> original = records.message(fromChatId, id);
                if (!original || records.messageHiddenFor(senderId, fromChatId, id)) {
                    forwarded.refused = true;
                    forwarded.refusal =
                        Refusal{protocol::ErrorCode::NotFound,
                                QStringLiteral("messageIds: no message %1 in this chat").arg(id)};
                    return forwarded;
                }
                if (original->action) {
                    forwarded.refused = true;
                    forwarded.refusal =
                        Refusal{protocol::ErrorCode::BadRequest,
                                QStringLiteral("messageIds: %1 is a service message").arg(id)};
                    return forwarded;
                }
                originals.append(std::move(*original));
            }
            const QList<MemberRecord> members = records.members(toChatId);
            for (qsizetype i = 0; i < originals.size(); ++i) {
                protocol::Message copy = forwards::copyOf(records, originals.at(i), senderId,
                                                          toChatId, randomIds.at(i), now);
                // insertMessage links the files to the target chat: its members may fetch them.
                copy.id = records.insertMessage(copy);
                forwarded.messageIds.append(copy.id);
                for (const MemberRecord &member : members) {
                    forwarded.updates.append(UpdateLog::append(
                        records, member.userId,
                        protocol::NewMessageUpdate{visibility::forViewer(copy, member.userId)}));
                    if (member.userId == senderId)
                        forwarded.senderPts = forwarded.updates.last().logged.pts;
                }
            }
            return forwarded;
        },
        std::move(done));
}

} // namespace msgr::server::domain
