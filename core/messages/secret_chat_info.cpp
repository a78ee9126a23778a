#include "core/messages/secret_chat_info.h"

#include "core/messages/verification_qr_images.h"
#include "core/secret/secret_key_check.h"
#include "core/secret/secret_timer_values.h"
#include "core/secret/secret_verification.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/secret_state_table.h"

#include <QDateTime>
#include <QQmlEngine>
#include <QVariantMap>

namespace msgr::core {
namespace {

struct Snapshot {
    secret::Verification verification;
    storage::SecretChatState state;
};

// Every change of what this object shows (key changed or confirmed, timer set, on either
// device) writes a service entry, a row of sender 0, in the same job. Ordinary messages, which
// also change the chat's row, do not: reading the verification again (some 10,000 hashes) for
// each of them would be waste.
bool touches(const storage::ChangeSet &changes, qint64 chatId) {
    if (changes.reset)
        return true;
    for (const storage::MessageRecord &m : changes.insertedMessages)
        if (m.chatId == chatId && m.senderId == 0)
            return true;
    return false;
}

} // namespace

SecretChatInfo::SecretChatInfo(QObject *parent) : QObject(parent) {}

void SecretChatInfo::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    disconnect(m_storeChanges);
    m_context = context;
    VerificationQrImages::installInto(qmlEngine(this));
    if (m_context)
        m_storeChanges = connect(m_context->store(), &storage::ProfileStore::changed, this,
                                 [this](const storage::ChangeSet &changes) {
                                     if (m_chatId != 0 && touches(changes, m_chatId))
                                         reload();
                                 });
    emit contextChanged();
    reload();
}

void SecretChatInfo::setChatIdFromQml(double chatId) {
    const auto id = qint64(chatId);
    if (id == m_chatId)
        return;
    m_chatId = id;
    emit chatIdChanged();
    reload();
}

void SecretChatInfo::reload() {
    const quint64 generation = ++m_generation;
    if (!m_context || !storage::isSecretChatId(m_chatId)) {
        m_safetyNumber.clear();
        m_emoji.clear();
        m_code.clear();
        m_keyChanged = false;
        m_timerMs = 0;
        emit changed();
        return;
    }
    m_context->store()->read(
        [chatId = m_chatId](storage::ReadTransaction &tx) {
            return Snapshot{secret::readVerification(tx, chatId),
                            storage::SecretStateTable::chatState(tx, chatId)};
        },
        this,
        [this, generation](const Snapshot &snapshot) {
            if (generation != m_generation)
                return;
            const bool known = snapshot.verification.chatId != 0;
            m_safetyNumber = known ? snapshot.verification.groupedNumber : QString();
            m_emoji = known ? snapshot.verification.emoji : QString();
            m_code = known ? snapshot.verification.code : QString();
            m_keyChanged = snapshot.state.keyChanged;
            m_timerMs = snapshot.state.ttlMs;
            emit changed();
        });
}

QString SecretChatInfo::qrSource() const {
    return VerificationQrImages::urlFor(m_code);
}

QString SecretChatInfo::timerLabel() const {
    return secret::timerLabel(m_timerMs);
}

QVariantList SecretChatInfo::timerChoices() {
    QVariantList choices;
    for (qint64 ms : secret::allowedTimersMs())
        choices.append(QVariantMap{{QStringLiteral("ms"), double(ms)},
                                   {QStringLiteral("label"), secret::timerLabel(ms)}});
    return choices;
}

void SecretChatInfo::confirmNewKey() {
    if (!m_context || !storage::isSecretChatId(m_chatId))
        return;
    // The confirmation is a write like any other: the chat's change reloads this object.
    m_context->store()->write(
        [chatId = m_chatId, now = QDateTime::currentMSecsSinceEpoch()](
            storage::WriteTransaction &tx) { secret::confirmKeyChange(tx, chatId, now); });
}

void SecretChatInfo::setTimer(double ms) {
    if (!m_context || !storage::isSecretChatId(m_chatId))
        return;
    m_context->setSecretTimer(m_chatId, qint64(ms), this, [this](qint64 localId) {
        if (localId == 0)
            emit timerRefused();
    });
}

} // namespace msgr::core
