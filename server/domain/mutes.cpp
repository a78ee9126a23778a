#include "server/domain/mutes.h"

#include "protocol/api/mutes.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

StoreResult<MuteChange> muteChange(RecordWriter &records, qint64 userId, qint64 chatId,
                                   qint64 mutedUntil, qint64 now) {
    records.deleteEndedMutes(userId, now); // keeps the limit about mutes that still matter
    MuteChange result;
    result.chatId = chatId;
    const qint64 before = records.chatMutedUntil(userId, chatId);
    if (before == mutedUntil) {
        result.mutedUntil = before;
        result.callerPts = UpdateLog::currentPts(records, userId);
        return result; // already so: a retried request writes nothing
    }
    if (mutedUntil > 0) {
        if (!visibility::membership(records, chatId, userId))
            return StoreError::NotFound;
        if (before == 0 && records.countMutedChats(userId, now) >= protocol::api::kMaxMutedChats) {
            result.limitReached = true;
            result.callerPts = UpdateLog::currentPts(records, userId);
            return result;
        }
    }
    records.setChatMutedUntil(userId, chatId, mutedUntil);
    result.mutedUntil = mutedUntil;
    result.updates.append(
        UpdateLog::append(records, userId, protocol::ChatMutedUpdate{chatId, mutedUntil}));
    result.callerPts = result.updates.last().logged.pts;
    return result;
}

} // namespace

void Mutes::setMutedUntil(qint64 userId, qint64 chatId, qint64 mutedUntil, qint64 now,
                          std::function<void(StoreResult<MuteChange>)> done) {
    writeUnit<MuteChange>(
        m_store,
        [=](RecordWriter &records) { return muteChange(records, userId, chatId, mutedUntil, now); },
        std::move(done));
}

StoreResult<MutedChats> Mutes::mutedChats(qint64 userId, qint64 now) {
    return readUnit<MutedChats>(m_store, [userId, now](RecordReader &records) {
        // One snapshot: the list and the pts it was read at belong together.
        return StoreResult<MutedChats>(
            MutedChats{records.mutedChats(userId, now, protocol::api::kMaxMutedChats),
                       UpdateLog::currentPts(records, userId)});
    });
}

} // namespace msgr::server::domain
