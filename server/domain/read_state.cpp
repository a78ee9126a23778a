#include "server/domain/read_state.h"

#include "server/domain/read_list.h"
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
                                 qint64 chatId, qint64 maxId, qint64 now) {
    const std::optional<MemberRecord> own = visibility::membership(records, chatId, userId);
    if (!own)
        return StoreError::NotFound;
    PositionChange change;
    if (const auto moved = advance(records, *own, position, maxId)) {
        const qint64 previous =
            position == Position::Read ? own->readInboxMaxId : own->deliveredMaxId;
        if (position == Position::Read) {
            records.setReadInboxMaxId(chatId, userId, *moved);
            change.updates.append(
                UpdateLog::append(records, userId, protocol::ReadInboxUpdate{chatId, *moved}));
        } else {
            records.setDeliveredMaxId(chatId, userId, *moved);
        }
        // In a group only the senders of what was just read (or received) are told: telling
        // every member would cost members^2 log rows per message and flood the logs of
        // members who wrote nothing. A private chat tells its other member, as always.
        const std::optional<ChatRecord> chat = records.chat(chatId);
        // A small group keeps when each position moved, for messages.readers (§21).
        if (chat && ReadList::keepsMarks(records, *chat))
            records.insertReadMark(chatId, userId,
                                   position == Position::Read ? ReadMarkKind::Read
                                                              : ReadMarkKind::Delivered,
                                   previous, *moved, now, kReadMarksKept);
        QList<qint64> told;
        if (chat && chat->kind == protocol::ChatKind::Group) {
            for (const qint64 sender : records.sendersBetween(chatId, previous, *moved))
                if (visibility::membership(records, chatId, sender)) // not one who has left
                    told.append(sender);
        } else {
            for (const MemberRecord &m : records.members(chatId))
                told.append(m.userId);
        }
        for (const qint64 otherId : told) {
            if (otherId == userId)
                continue;
            const protocol::Update update =
                position == Position::Read
                    ? protocol::Update(protocol::ReadOutboxUpdate{chatId, *moved})
                    : protocol::Update(protocol::DeliveredUpdate{chatId, *moved});
            change.updates.append(UpdateLog::append(records, otherId, update));
        }
    }
    change.callerPts = UpdateLog::currentPts(records, userId);
    return change;
}

} // namespace

void ReadState::markDelivered(qint64 userId, qint64 chatId, qint64 maxId, qint64 now,
                              std::function<void(StoreResult<PositionChange>)> done) {
    writeUnit<PositionChange>(
        m_store,
        [=](RecordWriter &records) {
            return move(records, Position::Delivered, userId, chatId, maxId, now);
        },
        std::move(done));
}

void ReadState::markRead(qint64 userId, qint64 chatId, qint64 maxId, qint64 now,
                         std::function<void(StoreResult<PositionChange>)> done) {
    writeUnit<PositionChange>(
        m_store,
        [=](RecordWriter &records) {
            return move(records, Position::Read, userId, chatId, maxId, now);
        },
        std::move(done));
}

} // namespace msgr::server::domain
