#include "core/secret/secret_writes.h"

#include "core/secret/secret_attachment_writes.h"
#include "core/secret/secret_key_check.h"
#include "core/secret/secret_logging.h"
#include "core/secret/secret_payload.h"
#include "core/secret/secret_seal.h"
#include "core/secret/secret_service_entries.h"
#include "core/secret/secret_timer_values.h"
#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/pre_key_bundle.h"
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/secret/session_start.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/sync_state_table.h"

namespace msgr::core::secret {
namespace {

namespace cs = crypto::secret;
using storage::SecretTable;

struct StoredKeys {
    qint64 deviceId = 0;
    cs::DeviceKeys keys;
};

std::optional<StoredKeys> loadKeys(storage::ReadTransaction &tx) {
    const std::optional<storage::SecretDeviceKeysRow> row = SecretTable::deviceKeys(tx);
    if (!row)
        return std::nullopt;
    cs::Result<cs::DeviceKeys> keys = cs::decodeDeviceKeys(row->keys.view());
    if (!keys.ok()) {
        qCWarning(lcSecret) << "stored secret-chat keys do not decode:"
                            << cs::secretErrorName(keys.error());
        return std::nullopt;
    }
    return StoredKeys{row->deviceId, std::move(keys).value()};
}

void storeKeys(storage::WriteTransaction &tx, qint64 deviceId, const cs::DeviceKeys &keys) {
    const crypto::SecureBytes bytes = cs::encodeDeviceKeys(keys);
    tx.must(!bytes.isEmpty(), "encode secret-chat keys");
    SecretTable::storeDeviceKeys(tx, deviceId, bytes);
}

//! The signed pre-keys still worth holding at `nowMs`: the newest, and each older one until
//! its successor has been out for the grace period (handshakes begun against it finish).
void dropExpiredSignedPreKeys(std::vector<cs::SignedPreKey> &held, qint64 nowMs) {
    std::vector<cs::SignedPreKey> kept;
    for (size_t i = 0; i < held.size(); ++i) {
        const bool newest = i + 1 == held.size();
        if (newest || held[i + 1].createdAtMs + cs::kSignedPreKeyGraceMs > nowMs)
            kept.push_back(std::move(held[i]));
    }
    while (static_cast<qsizetype>(kept.size()) > cs::kMaxHeldSignedPreKeys)
        kept.erase(kept.begin());
    held = std::move(kept);
}

void createChatRow(storage::WriteTransaction &tx, qint64 chatId, qint64 peerUserId) {
    QList<qint64> members{tx.selfUserId()};
    if (peerUserId != tx.selfUserId())
        members.append(peerUserId);
    storage::ChatsTable::store(tx, {chatId, storage::ChatKind::Private, QString(), members});
    // Its history is all here: never ask the server for older pages of it.
    storage::SyncStateTable::markHistoryComplete(tx, chatId);
}

Received refused(QString reason) {
    Received r;
    r.outcome = Received::Outcome::Refused;
    r.reason = std::move(reason);
    return r;
}

//! A decrypted plaintext of chat `chatId`: the message it carries, if any.
Received applyPlaintext(storage::WriteTransaction &tx, qint64 chatId, bool newChat,
                        const QByteArray &plaintext, const protocol::api::SecretEnvelope &e) {
    const std::optional<SecretPayload> payload = decodePayload(plaintext);
    if (!payload) // the state advanced (the key is spent) and stays stored; the bytes are dropped
        return refused(QStringLiteral("a payload this version does not read"));
    Received r;
    r.chatId = chatId;
    r.newChat = newChat;
    if (payload->kind == SecretPayload::Kind::Open) {
        r.outcome = Received::Outcome::Opened;
        return r;
    }
    if (payload->kind == SecretPayload::Kind::ReadNotice) {
        // The peer read these of our messages: their timers start now (the relay's time of the
        // notice, close to the peer's own start), so both copies expire together.
        for (qint64 seq : payload->seqs)
            if (const auto timer = storage::SecretStateTable::outgoingTimer(tx, chatId, seq)) {
                storage::SecretStateTable::startTimer(tx, timer->localId, e.date + timer->ttlMs);
                r.timersStarted = true;
            }
        r.outcome = Received::Outcome::Control;
        return r;
    }
    if (payload->kind == SecretPayload::Kind::TimerSetting) {
        storage::SecretStateTable::setTtl(tx, chatId, payload->ttlMs);
        r.message = addServiceEntry(tx, chatId, storage::SecretServiceKind::TimerSet,
                                    payload->ttlMs, false, e.date);
        r.outcome = Received::Outcome::Stored;
        return r;
    }
    if (carriesFile(payload->kind)) {
        r.message = storeReceivedFile(tx, chatId, *payload, e);
        r.outcome = Received::Outcome::Stored;
        return r;
    }
    storage::MessageRecord m;
    m.chatId = chatId;
    m.serverId = SecretTable::nextSeq(tx, chatId);
    m.senderId = e.fromUserId;
    m.date = e.date;
    m.text = payload->text;
    m = storage::MessagesTable::insertSent(tx, m);
    storage::ChatsTable::offerLastMessage(tx, m);
    storage::ChatsTable::countUnread(tx, chatId, m.serverId);
    if (payload->kind == SecretPayload::Kind::TimedText) // starts when the user reads it
        storage::SecretStateTable::addTimer(tx,
                                            {m.localId, chatId, payload->ttlMs, payload->seq, 0});
    r.outcome = Received::Outcome::Stored;
    r.message = m;
    return r;
}

//! Decrypts a ratchet message with a stored session; on success stores the new state (and,
//! for the initiator, forgets the pre-key envelope: the peer has the session).
std::optional<QByteArray> decryptWith(storage::WriteTransaction &tx, storage::SecretSessionRow row,
                                      QByteArrayView message, bool clearPreKeyMessage,
                                      cs::SecretError *error) {
    cs::Result<cs::RatchetState> state = cs::decodeRatchetState(row.state.view());
    if (!state.ok()) {
        *error = state.error();
        return std::nullopt;
    }
    cs::RatchetSession session = cs::RatchetSession::fromState(std::move(state).value());
    cs::Result<QByteArray> plaintext = session.decrypt(message);
    if (!plaintext.ok()) {
        *error = plaintext.error();
        return std::nullopt;
    }
    row.state = cs::encodeRatchetState(session.state());
    if (clearPreKeyMessage)
        row.preKeyMessage.clear();
    SecretTable::storeSession(tx, row);
    return std::move(plaintext).value();
}

Received receivePreKeyMessage(storage::WriteTransaction &tx,
                              const protocol::api::SecretEnvelope &e) {
    const cs::Result<cs::PreKeyMessage> message = cs::decodePreKeyMessage(e.envelope);
    if (!message.ok())
        return refused(QString::fromLatin1(cs::secretErrorName(message.error())));
    // The initiator repeats the pre-key envelope until we answer: the same ephemeral key and
    // identity name the session this device already accepted.
    for (const storage::SecretSessionRow &row :
         SecretTable::sessionsWith(tx, e.fromUserId, e.fromDeviceId)) {
        if (row.handshakeKey != message->ephemeralKey ||
            row.peerIdentity != message->initiator.bytes())
            continue;
        cs::SecretError error = cs::SecretError::None;
        const std::optional<QByteArray> plaintext =
            decryptWith(tx, row, message->message, false, &error);
        if (!plaintext)
            return refused(QString::fromLatin1(cs::secretErrorName(error)));
        return applyPlaintext(tx, row.chatId, false, *plaintext, e);
    }
    std::optional<StoredKeys> stored = loadKeys(tx);
    if (!stored)
        return refused(QStringLiteral("no secret-chat keys on this device"));
    cs::Result<cs::AcceptedSession> accepted = cs::acceptSession(
        stored->keys.identity, stored->keys.signedPreKeys, stored->keys.oneTimePreKeys, e.envelope);
    if (!accepted.ok())
        return refused(QString::fromLatin1(cs::secretErrorName(accepted.error())));
    if (accepted->usedOneTimePreKeyId) {
        // Its private half is deleted in this transaction: the same pre-key never opens a
        // second session (a replayed first message is refused as UnknownOneTimePreKey).
        stored->keys.oneTimePreKeys.take(*accepted->usedOneTimePreKeyId);
        storeKeys(tx, stored->deviceId, stored->keys);
    }
    storage::SecretSessionRow row;
    row.chatId = SecretTable::newChatId(tx);
    row.peerUserId = e.fromUserId;
    row.peerDeviceId = e.fromDeviceId;
    row.peerIdentity = accepted->peer.bytes();
    row.handshakeKey = message->ephemeralKey;
    row.state = cs::encodeRatchetState(accepted->session.state());
    row.createdMs = e.date;
    SecretTable::storeSession(tx, row);
    createChatRow(tx, row.chatId, e.fromUserId);
    checkPeerIdentity(tx, row.chatId, e.fromUserId, e.fromDeviceId, row.peerIdentity, e.date);
    return applyPlaintext(tx, row.chatId, true, accepted->plaintext, e);
}

Received receiveRatchetMessage(storage::WriteTransaction &tx,
                               const protocol::api::SecretEnvelope &e) {
    // Sessions with one peer device are few; decrypt() changes nothing unless the message
    // authenticates, so trying each is safe and finds the one whose keys it was made with.
    cs::SecretError error = cs::SecretError::Malformed;
    for (const storage::SecretSessionRow &row :
         SecretTable::sessionsWith(tx, e.fromUserId, e.fromDeviceId)) {
        const std::optional<QByteArray> plaintext =
            decryptWith(tx, row, e.envelope, !row.preKeyMessage.isEmpty(), &error);
        if (plaintext)
            return applyPlaintext(tx, row.chatId, false, *plaintext, e);
    }
    return refused(QString::fromLatin1(cs::secretErrorName(error)));
}

} // namespace

PublishWork prepareKeys(storage::WriteTransaction &tx, qint64 deviceId, qint64 nowMs) {
    if (deviceId <= 0)
        return {};
    std::optional<StoredKeys> stored = loadKeys(tx);
    bool changed = false;
    if (!stored || stored->deviceId != deviceId) {
        // A new device (or a first start): new keys. Another device's keys are never reused.
        stored = StoredKeys{deviceId, {}};
        stored->keys.identity = cs::DeviceIdentity::generate();
        stored->keys.signedPreKeys.push_back(
            cs::SignedPreKey::create(stored->keys.identity, 1, nowMs));
        changed = true;
    }
    std::vector<cs::SignedPreKey> &held = stored->keys.signedPreKeys;
    if (held.back().dueForRotation(nowMs)) {
        held.push_back(cs::SignedPreKey::create(stored->keys.identity, held.back().id + 1, nowMs));
        changed = true;
    }
    const size_t before = held.size();
    dropExpiredSignedPreKeys(held, nowMs);
    changed = changed || held.size() != before;
    if (changed)
        storeKeys(tx, deviceId, stored->keys);
    return {cs::encodePreKeyBundle(
        {stored->keys.identity.publicIdentity(), held.back().publicKey(), std::nullopt})};
}

bool resetIdentity(storage::WriteTransaction &tx, qint64 nowMs) {
    std::optional<StoredKeys> stored = loadKeys(tx);
    if (!stored)
        return false;
    const quint32 nextSignedId = stored->keys.signedPreKeys.back().id + 1;
    const quint32 nextOneTimeId = stored->keys.oneTimePreKeys.nextId();
    cs::DeviceKeys keys;
    keys.identity = cs::DeviceIdentity::generate();
    keys.signedPreKeys.push_back(cs::SignedPreKey::create(keys.identity, nextSignedId, nowMs));
    keys.oneTimePreKeys = cs::OneTimePreKeyPool::restore({}, nextOneTimeId);
    storeKeys(tx, stored->deviceId, keys);
    return true;
}

QList<protocol::api::SecretPreKey> addOneTimePreKeys(storage::WriteTransaction &tx, int count) {
    std::optional<StoredKeys> stored = loadKeys(tx);
    if (!stored || count <= 0)
        return {};
    cs::OneTimePreKeyPool &pool = stored->keys.oneTimePreKeys;
    const std::vector<cs::PublicOneTimePreKey> added = pool.generate(count);
    if (pool.size() > cs::kMaxHeldOneTimePreKeys) {
        // The oldest ones were handed out first (the server gives the lowest id) and their
        // initiators never wrote: past the limit they go.
        std::vector<cs::OneTimePreKey> keys = pool.keys();
        keys.erase(keys.begin(), keys.end() - cs::kMaxHeldOneTimePreKeys);
        pool = cs::OneTimePreKeyPool::restore(std::move(keys), pool.nextId());
    }
    storeKeys(tx, stored->deviceId, stored->keys);
    QList<protocol::api::SecretPreKey> out;
    for (const cs::PublicOneTimePreKey &key : added)
        out.append({qint64{key.id}, key.publicKey});
    return out;
}

StartedChat startChat(storage::WriteTransaction &tx, qint64 peerUserId, qint64 peerDeviceId,
                      QByteArrayView bundle, qint64 nowMs) {
    StartedChat out;
    const std::optional<StoredKeys> stored = loadKeys(tx);
    if (!stored) {
        out.error = QStringLiteral("this device has not made its secret-chat keys yet");
        return out;
    }
    const cs::Result<cs::PreKeyBundle> peer = cs::decodePreKeyBundle(bundle);
    if (!peer.ok()) {
        out.error = QStringLiteral("the peer's key bundle is unreadable (%1)")
                        .arg(QLatin1String(cs::secretErrorName(peer.error())));
        return out;
    }
    cs::Result<cs::StartedSession> started = cs::startSession(
        stored->keys.identity, peer.value(), nowMs, encodePayload(SecretPayload::opening()));
    if (!started.ok()) {
        out.error = QStringLiteral("the peer's keys were refused (%1)")
                        .arg(QLatin1String(cs::secretErrorName(started.error())));
        return out;
    }
    const cs::Result<cs::PreKeyMessage> message = cs::decodePreKeyMessage(started->preKeyMessage);
    tx.must(message.ok(), "read back our own pre-key message");
    storage::SecretSessionRow row;
    row.chatId = SecretTable::newChatId(tx);
    row.peerUserId = peerUserId;
    row.peerDeviceId = peerDeviceId;
    row.peerIdentity = peer->identity.bytes();
    row.handshakeKey = message->ephemeralKey;
    row.preKeyMessage = started->preKeyMessage;
    row.state = cs::encodeRatchetState(started->session.state());
    row.createdMs = nowMs;
    SecretTable::storeSession(tx, row);
    createChatRow(tx, row.chatId, peerUserId);
    checkPeerIdentity(tx, row.chatId, peerUserId, peerDeviceId, row.peerIdentity, nowMs);
    out.chatId = row.chatId;
    out.opening = SecretTable::addOutgoing(
        tx, {0, row.chatId, peerUserId, peerDeviceId, started->preKeyMessage, 0, 0});
    return out;
}

OutgoingText encryptText(storage::WriteTransaction &tx, qint64 chatId, const QString &text,
                         qint64 nowMs) {
    OutgoingText out;
    std::optional<storage::SecretSessionRow> row = SecretTable::session(tx, chatId);
    if (!row) {
        out.refusal = OutgoingText::Refusal::NoChat;
        out.error = QStringLiteral("no secret chat %1").arg(chatId);
        return out;
    }
    if (storage::SecretStateTable::chatState(tx, chatId).keyChanged) {
        out.refusal = OutgoingText::Refusal::KeyChanged;
        out.error = QStringLiteral("the peer's key changed: confirm the new key first");
        return out;
    }
    const qint64 ttlMs = storage::SecretStateTable::chatState(tx, chatId).ttlMs;
    const qint64 seq = SecretTable::nextSeq(tx, chatId);
    SecretPayload payload;
    payload.text = text;
    if (ttlMs > 0) { // self-destructing: the peer names it by our number when it reads it
        payload.kind = SecretPayload::Kind::TimedText;
        payload.ttlMs = ttlMs;
        payload.seq = seq;
    }
    bool damaged = false;
    const std::optional<QByteArray> envelope = sealForPeer(tx, *row, payload, &out.error, &damaged);
    if (!envelope) {
        out.refusal =
            damaged ? OutgoingText::Refusal::DamagedState : OutgoingText::Refusal::Encryption;
        return out;
    }

    storage::MessageRecord m;
    m.chatId = chatId;
    m.serverId = SecretTable::nextSeq(tx, chatId);
    m.senderId = tx.selfUserId();
    m.date = nowMs;
    m.text = text;
    m = storage::MessagesTable::insertSent(tx, m);
    tx.must(m.serverId == seq, "the message keeps the number it was sent with");
    storage::ChatsTable::offerLastMessage(tx, m);
    if (ttlMs > 0) // starts when the peer's read notice arrives
        storage::SecretStateTable::addTimer(tx, {m.localId, chatId, ttlMs, 0, 0});
    out.message = m;
    out.envelope = SecretTable::addOutgoing(
        tx, {0, chatId, row->peerUserId, row->peerDeviceId, *envelope, m.localId, m.serverId});
    return out;
}

OutgoingText setTimer(storage::WriteTransaction &tx, qint64 chatId, qint64 ttlMs, qint64 nowMs) {
    OutgoingText out;
    std::optional<storage::SecretSessionRow> row = SecretTable::session(tx, chatId);
    if (!row || !isAllowedTimer(ttlMs)) {
        out.refusal = OutgoingText::Refusal::NoChat;
        out.error = row ? QStringLiteral("not an allowed timer: %1 ms").arg(ttlMs)
                        : QStringLiteral("no secret chat %1").arg(chatId);
        return out;
    }
    if (storage::SecretStateTable::chatState(tx, chatId).keyChanged) {
        out.refusal = OutgoingText::Refusal::KeyChanged;
        out.error = QStringLiteral("the peer's key changed: confirm the new key first");
        return out;
    }
    SecretPayload payload;
    payload.kind = SecretPayload::Kind::TimerSetting;
    payload.ttlMs = ttlMs;
    bool damaged = false;
    const std::optional<QByteArray> envelope = sealForPeer(tx, *row, payload, &out.error, &damaged);
    if (!envelope) {
        out.refusal =
            damaged ? OutgoingText::Refusal::DamagedState : OutgoingText::Refusal::Encryption;
        return out;
    }
    storage::SecretStateTable::setTtl(tx, chatId, ttlMs);
    out.message =
        addServiceEntry(tx, chatId, storage::SecretServiceKind::TimerSet, ttlMs, true, nowMs);
    out.envelope =
        SecretTable::addOutgoing(tx, {0, chatId, row->peerUserId, row->peerDeviceId, *envelope,
                                      out.message.localId, out.message.serverId});
    return out;
}

ReadResult markRead(storage::WriteTransaction &tx, qint64 chatId, qint64 maxSeq, qint64 nowMs) {
    ReadResult out;
    storage::ChatsTable::raiseReadInbox(tx, chatId, maxSeq);
    const QList<storage::SecretTimerRow> read =
        storage::SecretStateTable::unreadTimersUpTo(tx, chatId, maxSeq);
    if (read.isEmpty())
        return out;
    std::optional<storage::SecretSessionRow> row = SecretTable::session(tx, chatId);
    if (!row)
        return out;
    SecretPayload notice;
    notice.kind = SecretPayload::Kind::ReadNotice;
    for (const storage::SecretTimerRow &timer : read) {
        storage::SecretStateTable::startTimer(tx, timer.localId, nowMs + timer.ttlMs);
        notice.seqs.append(timer.peerSeq);
    }
    out.timersStarted = true;
    // One notice per kMaxReadNoticeSeqs messages; the first carries the rest's numbers too
    // only up to the limit, so longer reads queue several envelopes (the last one returned).
    for (qsizetype at = 0; at < notice.seqs.size(); at += kMaxReadNoticeSeqs) {
        SecretPayload part = notice;
        part.seqs = notice.seqs.mid(at, kMaxReadNoticeSeqs);
        QString error;
        bool damaged = false;
        const std::optional<QByteArray> envelope = sealForPeer(tx, *row, part, &error, &damaged);
        if (!envelope) { // our copies still expire; the peer's wait for its own reading
            qCWarning(lcSecret) << "read notice not sent:" << error;
            return out;
        }
        out.notice = SecretTable::addOutgoing(
            tx, {0, chatId, row->peerUserId, row->peerDeviceId, *envelope, 0, 0});
    }
    return out;
}

Received receiveEnvelope(storage::WriteTransaction &tx, const protocol::api::SecretEnvelope &e) {
    if (!SecretTable::deviceKeys(tx))
        return refused(QStringLiteral("no secret-chat keys on this device"));
    if (e.id <= SecretTable::lastEnvelopeId(tx)) {
        Received r;
        r.outcome = Received::Outcome::AlreadyProcessed;
        return r;
    }
    // Whatever follows, this envelope is done once this job commits: a refused one can never
    // decrypt later (a replayed key is gone, a tampered one never authenticates), so it is
    // acknowledged and dropped rather than kept blocking the queue; the session is unchanged.
    SecretTable::setLastEnvelopeId(tx, e.id);
    switch (classifyEnvelope(e.envelope)) {
    case EnvelopeKind::PreKeyMessage:
        return receivePreKeyMessage(tx, e);
    case EnvelopeKind::RatchetMessage:
        return receiveRatchetMessage(tx, e);
    case EnvelopeKind::Unknown:
        break;
    }
    return refused(QStringLiteral("not an envelope this version reads"));
}

} // namespace msgr::core::secret
