#include "core/drafts/draft_service.h"

#include "protocol/api/drafts.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"

#include <algorithm>

namespace msgr::core {

DraftService::DraftService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    m_floodRetry.setSingleShot(true);
    connect(&m_floodRetry, &QTimer::timeout, this, &DraftService::flush);
    // What was written offline goes first, then the list: the merge keeps rows still dirty,
    // so the order only saves a round of updates.
    connect(channel, &RequestChannel::authorized, this, [this] {
        flush();
        refresh();
    });
}

void DraftService::flush() {
    if (!m_channel || !m_channel->isAuthorized())
        return; // kept dirty in the store: the next authorized() sends it
    if (m_inFlight > 0) {
        m_again = true; // the rows read now could miss an edit stored after the read began
        return;
    }
    m_inFlight = 1;
    m_store->read([](storage::ReadTransaction &tx) { return storage::DraftsTable::dirty(tx); },
                  this, [this](const QList<storage::DraftRow> &rows) { sendRows(rows); });
}

void DraftService::sendRows(const QList<storage::DraftRow> &rows) {
    for (const storage::DraftRow &row : rows) {
        if (storage::isSecretChatId(row.chatId))
            continue; // never to the server (docs/protocol.md §12); such rows are not dirty
        ++m_inFlight;
        const qint64 chatId = row.chatId;
        const QString text = row.text;
        m_channel->call(
            api::SaveDraft{chatId, text}, this,
            [this, chatId, text](const api::Reply<api::SaveDraftResult> &reply) {
                if (reply.ok()) {
                    m_store->write(
                        [chatId, text, date = reply.value->date](storage::WriteTransaction &tx) {
                            storage::DraftsTable::markSent(tx, chatId, text, date);
                        },
                        this, [this, chatId, text] { emit draftSent(chatId, text); });
                } else if (reply.connectionLost) {
                    // Still dirty: sent again on the next authorized().
                } else if (reply.error.code == protocol::ErrorCode::FloodWait) {
                    m_floodRetry.start(
                        int(std::clamp<qint64>(reply.error.retryAfterMs, 1, 60'000)));
                } else if (reply.error.code == protocol::ErrorCode::Internal) {
                    m_floodRetry.start(5'000); // transient (§3): try again shortly
                } else {
                    // Refused for good: keep the text here, stop sending it. A later edit
                    // makes it dirty again and is tried afresh.
                    m_store->write(
                        [chatId, text](storage::WriteTransaction &tx) {
                            storage::DraftsTable::markSent(tx, chatId, text, 0);
                        },
                        this,
                        [this, chatId, code = protocol::errorCodeName(reply.error.code),
                         message = reply.error.message] {
                            emit draftRefused(chatId, code, message);
                        });
                }
                oneDone();
            });
    }
    oneDone(); // the read itself
}

void DraftService::oneDone() {
    if (--m_inFlight > 0)
        return;
    if (m_again) {
        m_again = false;
        flush();
    }
}

void DraftService::refresh() {
    if (!m_channel || !m_channel->isAuthorized())
        return;
    fetchPage(0, {}, 0);
}

void DraftService::fetchPage(qint64 offsetChatId, QList<storage::DraftRow> soFar, qint64 time) {
    // A failure keeps what is stored; the log's updates or the next authorized() fix it.
    m_channel->call(
        api::GetDrafts{offsetChatId}, this,
        [this, soFar = std::move(soFar), time](const api::Reply<api::DraftsPage> &reply) mutable {
            if (!reply.ok())
                return;
            // The first page's time: a draft acknowledged after it was read may be
            // missing from a later page without having been cleared.
            if (time == 0)
                time = reply.value->time;
            for (const protocol::Draft &d : reply.value->drafts)
                soFar.append(storage::DraftRow{d.chatId, d.text, d.date, false});
            if (!reply.value->final && !reply.value->drafts.isEmpty()) {
                fetchPage(reply.value->drafts.last().chatId, std::move(soFar), time);
                return;
            }
            m_store->write(
                [rows = std::move(soFar), time](storage::WriteTransaction &tx) {
                    storage::DraftsTable::applyList(tx, rows, time);
                },
                this, [this] { emit draftsFetched(); });
        });
}

} // namespace msgr::core
