#include "core/secret/secret_chat_service.h"

#include "core/net/retry_policy.h"
#include "core/secret/secret_logging.h"
#include "core/secret/secret_writes.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QDateTime>
#include <QTimer>
#include <algorithm>

namespace msgr::core {

namespace api = protocol::api;
using secret::Received;

SecretChatService::SecretChatService(RequestChannel *channel, storage::ProfileStore *store,
                                     QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(m_channel, &RequestChannel::authorized, this, &SecretChatService::onAuthorized);
    connect(m_channel, &RequestChannel::unauthorized, this, [this] {
        ++m_generation;
        m_fetching = false;
        m_caughtUp = false;
        m_sending = false;
        m_held.clear();
    });
    connect(m_channel, &RequestChannel::updateReceived, this, &SecretChatService::onUpdate);
}

// ---------------------------------------------------------------- start

void SecretChatService::startChat(qint64 userId, qint64 deviceId, int tag) {
    if (!m_channel || !m_channel->isAuthorized()) {
        emit startFailed(tag, QStringLiteral("OFFLINE"), tr("not connected"));
        return;
    }
    // This device's id, to leave it out when the peer is the account itself.
    m_store->read(
        [](storage::ReadTransaction &tx) {
            const std::optional<storage::AccountState> account = storage::AccountTable::load(tx);
            return account ? account->deviceId : qint64{0};
        },
        this,
        [this, userId, deviceId, tag](qint64 ownDevice) {
            if (!m_channel || !m_channel->isAuthorized()) {
                emit startFailed(tag, QStringLiteral("OFFLINE"), tr("not connected"));
                return;
            }
            chooseDevice(userId, deviceId, ownDevice, tag);
        });
}

void SecretChatService::chooseDevice(qint64 userId, qint64 deviceId, qint64 ownDevice, int tag) {
    m_channel->call(
        api::ListSecretDevices{userId}, this,
        [this, userId, deviceId, ownDevice,
         tag](const api::Reply<api::SecretDevicesResult> &reply) {
            if (!reply.ok()) {
                emit startFailed(tag,
                                 reply.connectionLost ? QStringLiteral("OFFLINE")
                                                      : protocol::errorCodeName(reply.error.code),
                                 reply.connectionLost ? tr("not connected") : reply.error.message);
                return;
            }
            // Most recently active first: without a choice, the first, as Telegram does. Never
            // this very device (a chat with oneself is with one's other devices).
            qint64 chosen = 0;
            for (const api::SecretDeviceInfo &d : reply.value->devices) {
                if (userId == m_channel->userId() && d.deviceId == ownDevice)
                    continue;
                if (deviceId == 0 || d.deviceId == deviceId) {
                    chosen = d.deviceId;
                    break;
                }
            }
            if (!chosen) {
                emit startFailed(
                    tag, QStringLiteral("NO_DEVICE"),
                    deviceId ? tr("device %1 of that user has no secret-chat keys").arg(deviceId)
                             : tr("that user has no device with secret-chat keys"));
                return;
            }
            m_channel->call(
                api::GetSecretBundle{userId, chosen}, this,
                [this, userId, chosen, tag](const api::Reply<api::SecretBundleResult> &bundle) {
                    if (!bundle.ok()) {
                        emit startFailed(
                            tag,
                            bundle.connectionLost ? QStringLiteral("OFFLINE")
                                                  : protocol::errorCodeName(bundle.error.code),
                            bundle.connectionLost ? tr("not connected") : bundle.error.message);
                        return;
                    }
                    m_store->writeReturning(
                        [userId, chosen, bytes = bundle.value->bundle,
                         now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                            return secret::startChat(tx, userId, chosen, bytes, now);
                        },
                        this,
                        [this, tag](const secret::StartedChat &started) {
                            if (!started.chatId) {
                                emit startFailed(tag, QStringLiteral("KEYS"), started.error);
                                return;
                            }
                            m_startTags.insert(started.chatId, tag);
                            relay(started.opening);
                        });
                });
        });
}

// ---------------------------------------------------------------- send

void SecretChatService::relay(const storage::SecretOutboxRow &row) {
    const bool known = std::any_of(m_outbox.cbegin(), m_outbox.cend(),
                                   [&row](const auto &queued) { return queued.id == row.id; });
    if (!known)
        m_outbox.append(row);
    sendNext();
}

void SecretChatService::sendNext() {
    if (m_sending || m_outbox.isEmpty() || !m_channel || !m_channel->isAuthorized())
        return;
    m_sending = true;
    const storage::SecretOutboxRow row = m_outbox.first();
    m_channel->call(
        api::SendSecretEnvelope{row.peerUserId, row.peerDeviceId, row.envelope}, this,
        [this, row, generation = m_generation](const api::Reply<api::SecretSentResult> &reply) {
            if (generation != m_generation)
                return; // the link dropped meanwhile: the outbox is read again
            m_sending = false;
            if (reply.connectionLost)
                return;
            if (reply.ok()) {
                relayed(row);
                return;
            }
            const protocol::ErrorCode code = reply.error.code;
            if (isRetryable(code)) {
                QTimer::singleShot(retryDelayMs(reply.error), this, &SecretChatService::sendNext);
                return;
            }
            if (code == protocol::ErrorCode::LimitExceeded)
                return; // the peer's queue is full: kept, tried again after the next connect
            // Refused for good (the peer device is gone): the envelope can never be delivered.
            qCWarning(lcSecret) << "the relay refused an envelope for chat" << row.chatId << ":"
                                << protocol::errorCodeName(code);
            m_outbox.removeFirst();
            m_store->write([id = row.id](storage::WriteTransaction &tx) {
                storage::SecretTable::removeOutgoing(tx, id);
            });
            if (row.localId)
                emit sendFailed(row.localId, reply.error.message);
            if (const int tag = m_startTags.take(row.chatId); tag || row.localId == 0)
                emit startFailed(tag, protocol::errorCodeName(code), reply.error.message);
            sendNext();
        });
}

void SecretChatService::relayed(const storage::SecretOutboxRow &row) {
    m_outbox.removeFirst();
    m_store->write([id = row.id](storage::WriteTransaction &tx) {
        storage::SecretTable::removeOutgoing(tx, id);
    });
    if (row.localId)
        emit messageSent(row.localId, row.seq);
    const auto tag = m_startTags.constFind(row.chatId);
    if (row.localId == 0 && tag != m_startTags.constEnd())
        emit chatStarted(m_startTags.take(row.chatId), row.chatId);
    sendNext();
}

// ---------------------------------------------------------------- receive

void SecretChatService::onAuthorized() {
    ++m_generation;
    m_sending = false;
    m_caughtUp = false;
    m_held.clear();
    // The outbox as stored: whatever was committed but not relayed, in order.
    m_store->read([](storage::ReadTransaction &tx) { return storage::SecretTable::outbox(tx); },
                  this,
                  [this](const QList<storage::SecretOutboxRow> &rows) {
                      m_outbox = rows;
                      sendNext();
                  });
    m_fetching = true;
    fetchPage(0);
}

void SecretChatService::fetchPage(qint64 afterId) {
    m_channel->call(
        api::GetSecretQueue{afterId, api::kMaxSecretQueuePage}, this,
        [this, generation = m_generation](const api::Reply<api::SecretQueueResult> &reply) {
            if (generation != m_generation)
                return;
            if (!reply.ok()) {
                if (!reply.connectionLost)
                    qCWarning(lcSecret)
                        << "reading the secret queue failed:" << reply.error.message;
                finishFetch(); // the next authorization reads it again
                return;
            }
            const QList<api::SecretEnvelope> &envelopes = reply.value->envelopes;
            if (envelopes.isEmpty()) {
                finishFetch();
                return;
            }
            const qint64 lastId = envelopes.last().id;
            const bool final = reply.value->final;
            for (qsizetype i = 0; i + 1 < envelopes.size(); ++i)
                process(envelopes[i]);
            // The jobs commit in order: after the last one's commit, the page is stored.
            process(envelopes.last(), [this, generation, lastId, final] {
                ack(lastId);
                if (generation != m_generation)
                    return;
                if (final)
                    finishFetch();
                else
                    fetchPage(lastId);
            });
        });
}

void SecretChatService::finishFetch() {
    m_fetching = false;
    const QList<api::SecretEnvelope> held = std::exchange(m_held, {});
    for (const api::SecretEnvelope &e : held)
        process(e, [this, id = e.id] { ack(id); });
    m_caughtUp = true;
    // After the held ones' jobs: a read queued now answers once they committed.
    m_store->read([](storage::ReadTransaction &) { return true; }, this,
                  [this, generation = m_generation](bool) {
                      if (generation == m_generation && m_caughtUp)
                          emit caughtUp();
                  });
}

void SecretChatService::onUpdate(const protocol::UpdateFrame &frame) {
    if (frame.update.value(QStringLiteral("type")).toString() !=
        protocol::SecretEnvelopeUpdate::type)
        return;
    QString why;
    const std::optional<protocol::SecretEnvelopeUpdate> update =
        protocol::SecretEnvelopeUpdate::fromFields(frame.update, &why);
    if (!update) {
        qCWarning(lcSecret) << "malformed secretEnvelope push:" << why;
        return; // the queue keeps it: the next getQueue (after a reconnect) reads it
    }
    if (m_fetching) {
        m_held.append(update->envelope);
        return;
    }
    process(update->envelope, [this, id = update->envelope.id] { ack(id); });
}

void SecretChatService::process(const api::SecretEnvelope &e, std::function<void()> then) {
    m_store->writeReturning(
        [e](storage::WriteTransaction &tx) { return secret::receiveEnvelope(tx, e); }, this,
        [this, e, then = std::move(then)](const Received &r) {
            noteReceived(e, r);
            if (then)
                then();
        });
}

void SecretChatService::noteReceived(const api::SecretEnvelope &e, const Received &r) {
    switch (r.outcome) {
    case Received::Outcome::Refused:
        // Logged without content: the id, the sender and why.
        qCWarning(lcSecret) << "secret envelope" << e.id << "from user" << e.fromUserId << "device"
                            << e.fromDeviceId << "dropped:" << r.reason;
        break;
    case Received::Outcome::AlreadyProcessed:
        qCDebug(lcSecret) << "secret envelope" << e.id << "was processed before";
        break;
    case Received::Outcome::Control:
    case Received::Outcome::Opened:
    case Received::Outcome::Stored:
        if (r.newChat)
            emit peersSeen({e.fromUserId});
        break;
    }
    if (r.timersStarted)
        emit timersStarted();
}

void SecretChatService::ack(qint64 maxId) {
    if (!m_channel || !m_channel->isAuthorized())
        return; // the envelope comes again and is skipped by its id
    m_channel->call(api::AckSecretQueue{maxId}, this, [](const api::Reply<api::Empty> &) {});
}

} // namespace msgr::core
