#include "server/domain/read_state.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <algorithm>

namespace msgr::server::domain {

namespace {

enum class Position { Delivered, Read };

//! The position `maxId` asks for, held to the chat's newest message; nullopt when it would
//! not move the member's current one forward.
std::optional<qint64> advance(RecordReader &records, const MemberRecord &member, Position position,
                              qint64 maxId) {
    const auto last = records.lastMessage(member.chatId);
    const qint64 target = std::min(maxId, last ? last->id : 0);
    const qint64 current =
        position == Position::Read ? member.readInboxMaxId : member.deliveredMaxId;
    if (target <= current)
        return std::nullopt;
    return target;
}

StoreResult<PositionChange> move(RecordWriter &records, Position position, qint64 userId,
                                 qint64 chatId, qint64 maxId) {
    const std::optional<MemberRecord> own = visibility::membership(records, chatId, userId);
    if (!own)
        return StoreError::NotFound;
    PositionChange change;
    if (const auto moved = advance(records, *own, position, maxId)) {
        if (position == Position::Read) {
            records.setReadInboxMaxId(chatId, userId, *moved);
            change.updates.append(
                UpdateLog::append(records, userId, protocol::ReadInboxUpdate{chatId, *moved}));
        } else {
            records.setDeliveredMaxId(chatId, userId, *moved);
        }
        for (const MemberRecord &other : records.members(chatId)) {
            if (other.userId == userId)
                continue;
            const protocol::Update update =
                position == Position::Read
                    ? protocol::Update(protocol::ReadOutboxUpdate{chatId, *moved})
                    : protocol::Update(protocol::DeliveredUpdate{chatId, *moved});
            change.updates.append(UpdateLog::append(records, other.userId, update));
        }
    }
    change.callerPts = UpdateLog::currentPts(records, userId);
    return change;
}

} // namespace

void ReadState::markDelivered(qint64 userId, qint64 chatId, qint64 maxId,
                              std::function<void(StoreResult<PositionChange>)> done) {
    writeUnit<PositionChange>(
        m_store,
        [=](RecordWriter &records) {
            return move(records, Position::Delivered, userId, chatId, maxId);
        },
        std::move(done));
}

void ReadState::markRead(qint64 userId, qint64 chatId, qint64 maxId,
                         std::function<void(StoreResult<PositionChange>)> done) {
    writeUnit<PositionChange>(
        m_store,
        [=](RecordWriter &records) { return move(records, Position::Read, userId, chatId, maxId); },
        std::move(done));
}

} // namespace msgr::server::domain
