#include "server/domain/visibility.h"

namespace msgr::server::domain::visibility {

std::optional<MemberRecord> membership(RecordReader &records, qint64 chatId, qint64 viewerId) {
    return records.member(chatId, viewerId);
}

protocol::Message forViewer(protocol::Message message, qint64 viewerId) {
    if (message.senderId != viewerId)
        message.randomId = 0;
    return message;
}

} // namespace msgr::server::domain::visibility
