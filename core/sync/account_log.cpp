#include "core/sync/account_log.h"

#include "core/net/request_channel.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/chats.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QPointer>

namespace msgr::core {

AccountLog::AccountLog(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {}

void AccountLog::loadPosition(QObject *context, std::function<void(qint64 pts)> done) {
    m_store->read(
        [](storage::ReadTransaction &tx) {
            const std::optional<storage::AccountState> account = storage::AccountTable::load(tx);
            return account ? account->pts : qint64(0);
        },
        context, std::move(done));
}

void AccountLog::fetchDifference(
    qint64 fromPts, QObject *context,
    std::function<void(const api::Reply<api::DifferenceResult> &)> done) {
    m_channel->call(api::GetDifference{fromPts, protocol::kMaxDifferenceSlice}, context,
                    std::move(done));
}

void AccountLog::reload(QObject *context, std::function<void(std::optional<qint64> pts)> done) {
    QPointer<QObject> receiver(context);
    m_channel->call(
        api::ListChats{}, this,
        [this, receiver, done = std::move(done)](const api::Reply<api::ChatsResult> &reply) {
            if (!receiver)
                return;
            if (!reply.ok()) {
                done(std::nullopt);
                return;
            }
            const QList<protocol::ChatSummary> chats = reply.value->chats;
            const qint64 pts = reply.value->pts;
            m_store->write(
                [chats, pts](storage::WriteTransaction &tx) {
                    SyncWrites::replaceChats(tx, chats, pts);
                },
                receiver.data(),
                [this, chats, pts, done] {
                    emit reloaded(chats);
                    done(pts);
                });
        });
}

void AccountLog::applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts,
                            QObject *context, std::function<void()> done) {
    // The synchroniser posts a difference's slices at once and waits for them: committed
    // without waiting for the batch delay.
    m_store->writeSoon(
        [slice, pts](storage::WriteTransaction &tx) { SyncWrites::applyUpdates(tx, slice, pts); },
        context, std::move(done));
}

} // namespace msgr::core
