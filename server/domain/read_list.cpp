#include "server/domain/read_list.h"

#include "server/domain/units.h"
#include "server/domain/visibility.h"

#include <QHash>
#include <algorithm>

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;
using protocol::api::MessageReader;
using protocol::api::ReaderState;

StoreResult<ReadersAnswer> refuseReadList(ErrorCode code, const QString &message) {
    ReadersAnswer answer;
    answer.refused = Refusal{code, message};
    return answer;
}

QHash<qint64, qint64> timesOf(RecordReader &records, qint64 chatId, ReadMarkKind kind,
                              qint64 messageId) {
    QHash<qint64, qint64> times;
    for (const ReadMarkTime &t : records.readMarkTimes(chatId, kind, messageId))
        times.insert(t.userId, t.at);
    return times;
}

StoreResult<ReadersAnswer> list(RecordReader &records, qint64 callerId, qint64 chatId,
                                qint64 messageId) {
    if (!visibility::membership(records, chatId, callerId))
        return StoreError::NotFound;
    const std::optional<ChatRecord> chat = records.chat(chatId);
    if (!chat)
        return StoreError::Internal;
    if (chat->kind != protocol::ChatKind::Group)
        return refuseReadList(ErrorCode::BadRequest, QStringLiteral("read lists are for groups"));
    const std::optional<protocol::Message> message = records.message(chatId, messageId);
    if (!message || records.messageHiddenFor(callerId, chatId, messageId))
        return StoreError::NotFound;
    if (message->senderId != callerId)
        return refuseReadList(ErrorCode::Forbidden,
                              QStringLiteral("only the sender sees who read a message"));
    const QList<MemberRecord> members = records.members(chatId);
    if (members.size() > protocol::api::kMaxReadListMembers)
        return refuseReadList(ErrorCode::LimitExceeded,
                              QStringLiteral("read lists are kept for groups of at most %1 members")
                                  .arg(protocol::api::kMaxReadListMembers));
    const QHash<qint64, qint64> readAt = timesOf(records, chatId, ReadMarkKind::Read, messageId);
    const QHash<qint64, qint64> deliveredAt =
        timesOf(records, chatId, ReadMarkKind::Delivered, messageId);
    ReadersAnswer answer;
    for (const MemberRecord &m : members) {
        if (m.userId == callerId)
            continue;
        MessageReader reader{m.userId, ReaderState::Sent, 0};
        if (m.readInboxMaxId >= messageId) {
            reader.state = ReaderState::Read;
            reader.at = readAt.value(m.userId, 0);
        } else if (m.deliveredMaxId >= messageId) {
            reader.state = ReaderState::Delivered;
            reader.at = deliveredAt.value(m.userId, 0);
        }
        answer.readers.append(reader);
    }
    std::sort(answer.readers.begin(), answer.readers.end(),
              [](const MessageReader &a, const MessageReader &b) { return a.userId < b.userId; });
    return answer;
}

} // namespace

StoreResult<ReadersAnswer> ReadList::readers(qint64 callerId, qint64 chatId, qint64 messageId) {
    return readUnit<ReadersAnswer>(
        m_store, [&](RecordReader &records) { return list(records, callerId, chatId, messageId); });
}

bool ReadList::keepsMarks(RecordReader &records, const ChatRecord &chat) {
    return chat.kind == protocol::ChatKind::Group &&
           records.members(chat.id).size() <= protocol::api::kMaxReadListMembers;
}

} // namespace msgr::server::domain
