#include "core/outbox/outbox.h"

#include "core/net/request_channel.h"
#include "core/net/retry_policy.h"
#include "core/outbox/send_failure.h"
#include "core/sync/record_mapping.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/channels.h"
#include "protocol/api/messages.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"
#include "storage/tables/messages_table.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOutbox, "msgr.core.outbox")

namespace msgr::core {

Outbox::Outbox(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(m_channel, &RequestChannel::authorized, this, &Outbox::pumpAll);
    // A send in flight is answered connectionLost; it stays at the head and goes again.
    connect(m_channel, &RequestChannel::unauthorized, this, [this] { m_inFlight.clear(); });
}

namespace {
//! Whether the chat is a subscribed channel (not a supergroup): its messages go as
//! channels.post. A supergroup's go as messages.send, which carries files and a quote (§23.8).
bool outboxChatIsChannel(storage::ReadTransaction &tx, qint64 chatId) {
    const auto channel = storage::ChannelsTable::load(tx, chatId);
    return channel.has_value() && !channel->megagroup;
}

//! The pending messages the store holds, with which of their chats are channels.
struct OutboxAtStart {
    QList<storage::MessageRecord> records;
    QSet<qint64> channelChats;
};
} // namespace

void Outbox::start() {
    // Refused messages stay pending in the store (they show as failed) but are never resent:
    // known before the outbox is read, so send() skips them.
    m_store->read(
        [](storage::ReadTransaction &tx) { return storage::MessagesTable::failed(tx, 0); }, this,
        [this](const QList<qint64> &failed) {
            for (qint64 localId : failed)
                m_known.insert(localId);
            // The pending messages and their chats' kinds in one read: one look per chat, not
            // one read per message.
            m_store->read(
                [](storage::ReadTransaction &tx) {
                    OutboxAtStart pending;
                    pending.records = storage::MessagesTable::outbox(tx);
                    QSet<qint64> looked;
                    for (const storage::MessageRecord &record : std::as_const(pending.records)) {
                        if (looked.contains(record.chatId))
                            continue;
                        looked.insert(record.chatId);
                        if (outboxChatIsChannel(tx, record.chatId))
                            pending.channelChats.insert(record.chatId);
                    }
                    return pending;
                },
                this,
                [this](const OutboxAtStart &pending) {
                    for (const storage::MessageRecord &record : pending.records) {
                        if (admit(record))
                            enqueue(record, pending.channelChats.contains(record.chatId));
                    }
                });
        });
}

void Outbox::send(const storage::MessageRecord &record) {
    if (!admit(record))
        return;
    // Whether the chat is a channel is the store's to say. Reads answer in order, so a chat's
    // messages stay in the order written.
    m_store->read([chatId = record.chatId](
                      storage::ReadTransaction &tx) { return outboxChatIsChannel(tx, chatId); },
                  this, [this, record](bool channel) { enqueue(record, channel); });
}

bool Outbox::admit(const storage::MessageRecord &record) {
    if (!record.attachmentsUploaded())
        return false; // handed again by the attachment uploads once each has its file id
    if (m_known.contains(record.localId))
        return false; // already queued (the stored outbox and a fresh send can race at start-up)
    m_known.insert(record.localId);
    m_forgotten.remove(record.localId);
    return true;
}

void Outbox::enqueue(const storage::MessageRecord &record, bool channel) {
    if (m_forgotten.remove(record.localId))
        return; // cancelled before it was queued
    if (channel)
        m_channelChats.insert(record.chatId);
    m_queues[record.chatId].append(record);
    pump(record.chatId);
}

void Outbox::retry(const storage::MessageRecord &record) {
    m_known.remove(record.localId);
    send(record);
}

void Outbox::forget(qint64 localId) {
    for (auto queue = m_queues.begin(); queue != m_queues.end(); ++queue) {
        for (qsizetype i = 0; i < queue->size(); ++i) {
            if (queue->at(i).localId != localId)
                continue;
            if (i == 0 && m_inFlight.contains(queue.key()))
                return; // on its way: the server's answer stores it as sent
            queue->removeAt(i);
            if (queue->isEmpty())
                m_queues.erase(queue);
            return;
        }
    }
    if (m_known.contains(localId))
        m_forgotten.insert(localId); // handed, its chat's kind still being read
}

void Outbox::pumpAll() {
    const QList<qint64> chats = m_queues.keys();
    for (qint64 chatId : chats)
        pump(chatId);
}

void Outbox::dropHead(qint64 chatId, qint64 localId) {
    auto queue = m_queues.find(chatId);
    if (queue != m_queues.end() && !queue->isEmpty() && queue->first().localId == localId)
        queue->removeFirst();
    if (queue != m_queues.end() && queue->isEmpty())
        m_queues.erase(queue);
}

void Outbox::pump(qint64 chatId) {
    // One send in flight per chat keeps the chat's order; chats proceed independently.
    if (!m_channel->isAuthorized() || m_inFlight.contains(chatId))
        return;
    auto queue = m_queues.constFind(chatId);
    if (queue == m_queues.cend() || queue->isEmpty())
        return;
    const storage::MessageRecord head = queue->first();
    m_inFlight.insert(chatId);
    const auto answered = [this, chatId, head](const api::Reply<api::SendResult> &reply) {
        if (reply.connectionLost)
            return; // stays at the head; resent with the same randomId after reconnecting
        m_inFlight.remove(chatId);
        if (reply.ok()) {
            m_store->write([message = reply.value->message](storage::WriteTransaction &tx) {
                SyncWrites::storeMessage(tx, message, false);
            });
            dropHead(chatId, head.localId);
            emit messageSent(head.localId, reply.value->message.id);
            pump(chatId);
            return;
        }
        if (isRetryable(reply.error.code)) {
            QTimer::singleShot(retryDelayMs(reply.error), this, [this, chatId] { pump(chatId); });
            return;
        }
        qCWarning(lcOutbox) << "message" << head.localId
                            << "refused:" << protocol::errorCodeName(reply.error.code);
        dropHead(chatId, head.localId);
        m_store->write([localId = head.localId,
                        reason = sendFailureFor(reply.error.code)](storage::WriteTransaction &tx) {
            storage::MessagesTable::markFailed(tx, localId, reason);
        });
        emit sendFailed(head.localId, reply.error.message);
        pump(chatId);
    };
    if (m_channelChats.contains(chatId)) { // a post, with its files (§15.8), answered as
                                           // messages.send is
        api::PostToChannel post{chatId, head.randomId, head.text};
        for (const storage::AttachmentRecord &attachment : head.attachments)
            post.attachments.append(toProtocolAttachment(attachment));
        m_channel->call(post, this, answered);
        return;
    }
    api::SendMessage request{chatId, head.randomId, head.text};
    request.replyToId = head.replyToId;
    for (const storage::AttachmentRecord &attachment : head.attachments)
        request.attachments.append(toProtocolAttachment(attachment));
    m_channel->call(request, this, answered);
}

} // namespace msgr::core
