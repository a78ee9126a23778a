#include "server/domain/pins.h"

#include "protocol/api/pins.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

StoreResult<PinChange> pinChange(RecordWriter &records, qint64 userId, qint64 chatId, bool pinned) {
    PinChange result;
    result.chatIds = records.pinnedChats(userId);
    const bool isPinned = result.chatIds.contains(chatId);
    if (pinned && !isPinned) {
        if (!visibility::membership(records, chatId, userId))
            return StoreError::NotFound;
        if (result.chatIds.size() >= protocol::api::kMaxPinnedChats) {
            result.limitReached = true;
            result.callerPts = UpdateLog::currentPts(records, userId);
            return result;
        }
        result.chatIds.prepend(chatId); // most recently pinned first, as Telegram shows them
    } else if (!pinned && isPinned) {
        result.chatIds.removeAll(chatId);
    } else {
        result.callerPts = UpdateLog::currentPts(records, userId);
        return result; // already so: a retried request writes nothing
    }
    records.setPinnedChats(userId, result.chatIds);
    result.updates.append(
        UpdateLog::append(records, userId, protocol::PinnedChatsUpdate{result.chatIds}));
    result.callerPts = result.updates.last().logged.pts;
    return result;
}

} // namespace

void Pins::setPinned(qint64 userId, qint64 chatId, bool pinned,
                     std::function<void(StoreResult<PinChange>)> done) {
    writeUnit<PinChange>(
        m_store, [=](RecordWriter &records) { return pinChange(records, userId, chatId, pinned); },
        std::move(done));
}

StoreResult<PinnedChats> Pins::pinnedChats(qint64 userId) {
    return readUnit<PinnedChats>(m_store, [userId](RecordReader &records) {
        // One snapshot: the order and the pts it was read at belong together.
        return StoreResult<PinnedChats>(
            PinnedChats{records.pinnedChats(userId), UpdateLog::currentPts(records, userId)});
    });
}

} // namespace msgr::server::domain
