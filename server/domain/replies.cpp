#include "server/domain/replies.h"

#include "protocol/limits.h"

namespace msgr::server::domain::replies {

QString excerptOf(const QString &text) {
    if (text.size() <= protocol::kMaxReplyExcerptChars)
        return text;
    qsizetype end = protocol::kMaxReplyExcerptChars;
    if (text.at(end - 1).isHighSurrogate())
        --end;
    return text.left(end);
}

std::variant<protocol::ReplyTo, Refusal> quote(RecordReader &records, qint64 chatId,
                                               qint64 senderId, qint64 replyToId) {
    const std::optional<protocol::Message> quoted = records.message(chatId, replyToId);
    // Hidden for the sender: as if it did not exist, as in their history.
    if (!quoted || records.messageHiddenFor(senderId, chatId, replyToId))
        return Refusal{protocol::ErrorCode::NotFound,
                       QStringLiteral("replyToId: no message %1 in this chat").arg(replyToId)};
    if (quoted->action)
        return Refusal{protocol::ErrorCode::BadRequest,
                       QStringLiteral("replyToId: a service message cannot be replied to")};
    return protocol::ReplyTo{quoted->id, quoted->senderId, excerptOf(quoted->text)};
}

} // namespace msgr::server::domain::replies
