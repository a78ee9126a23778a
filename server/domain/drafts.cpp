#include "server/domain/drafts.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

StoreResult<DraftChange> draftChange(RecordWriter &records, qint64 userId, qint64 chatId,
                                     const QString &text, qint64 now) {
    DraftChange result;
    const std::optional<protocol::Draft> existing = records.draft(userId, chatId);
    if (text.isEmpty()) {
        if (!existing) {
            // Nothing to clear: a retry, or a chat never drafted in. Outside the chat that is
            // still NOT_FOUND, so chat ids cannot be probed.
            if (!visibility::membership(records, chatId, userId))
                return StoreError::NotFound;
            result.callerPts = UpdateLog::currentPts(records, userId);
            return result;
        }
        records.deleteDraft(userId, chatId);
    } else {
        if (!visibility::membership(records, chatId, userId))
            return StoreError::NotFound;
        if (existing && existing->text == text) {
            result.date = existing->date; // a retry after a lost answer: nothing is written
            result.callerPts = UpdateLog::currentPts(records, userId);
            return result;
        }
        records.putDraft(userId, protocol::Draft{chatId, text, now});
        result.date = now;
    }
    result.updates.append(
        UpdateLog::append(records, userId, protocol::DraftUpdate{chatId, text, now}));
    result.callerPts = result.updates.last().logged.pts;
    return result;
}

} // namespace

void Drafts::save(qint64 userId, qint64 chatId, const QString &text, qint64 now,
                  std::function<void(StoreResult<DraftChange>)> done) {
    writeUnit<DraftChange>(
        m_store,
        [=](RecordWriter &records) { return draftChange(records, userId, chatId, text, now); },
        std::move(done));
}

StoreResult<DraftPage> Drafts::page(qint64 userId, qint64 afterChatId, int limit) {
    return readUnit<DraftPage>(m_store, [&](RecordReader &records) {
        // One row past the page says whether more remain.
        DraftPage page;
        page.drafts = records.draftsAfter(userId, afterChatId, limit + 1);
        page.final = page.drafts.size() <= limit;
        if (!page.final)
            page.drafts.removeLast();
        return StoreResult<DraftPage>(std::move(page));
    });
}

std::optional<UserUpdate> Drafts::clearOnSend(RecordWriter &records, qint64 userId, qint64 chatId,
                                              qint64 now) {
    if (!records.deleteDraft(userId, chatId))
        return std::nullopt;
    return UpdateLog::append(records, userId, protocol::DraftUpdate{chatId, QString(), now});
}

} // namespace msgr::server::domain
