#include "server/domain/blocking.h"

namespace msgr::server::domain::blocking {

std::optional<Refusal> refusal(RecordReader &records, qint64 actorId, qint64 targetId) {
    if (actorId == targetId)
        return std::nullopt;
    if (records.isBlocked(targetId, actorId))
        return Refusal{protocol::ErrorCode::UserBlocked,
                       QStringLiteral("the user does not accept this from you")};
    if (records.isBlocked(actorId, targetId))
        return Refusal{protocol::ErrorCode::UserBlocked,
                       QStringLiteral("you blocked this user: unblock them first")};
    return std::nullopt;
}

std::optional<Refusal> privateChatRefusal(RecordReader &records, qint64 chatId, qint64 senderId) {
    const std::optional<ChatRoster> roster = records.chatRoster(chatId);
    if (!roster)
        return std::nullopt;
    return privateChatRefusal(records, *roster, senderId);
}

std::optional<Refusal> privateChatRefusal(RecordReader &records, const ChatRoster &roster,
                                          qint64 senderId) {
    if (roster.kind != protocol::ChatKind::Private)
        return std::nullopt;
    for (const qint64 memberId : roster.memberIds) {
        if (memberId != senderId)
            return refusal(records, senderId, memberId);
    }
    return std::nullopt; // the chat with oneself
}

} // namespace msgr::server::domain::blocking
