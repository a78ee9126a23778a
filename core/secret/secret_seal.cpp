#include "core/secret/secret_seal.h"

#include "crypto/secret/pre_key_message.h"
#include "crypto/secret/ratchet_session.h"
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/sodium.h"

namespace msgr::core::secret {

namespace cs = crypto::secret;

std::optional<QByteArray> sealForPeer(storage::WriteTransaction &tx, storage::SecretSessionRow &row,
                                      const SecretPayload &payload, QString *error, bool *damaged) {
    cs::Result<cs::RatchetState> state = cs::decodeRatchetState(row.state.view());
    if (!state.ok()) {
        *damaged = true;
        *error = QStringLiteral("the secret chat's state is damaged (%1)")
                     .arg(QLatin1String(cs::secretErrorName(state.error())));
        return std::nullopt;
    }
    cs::RatchetSession session = cs::RatchetSession::fromState(std::move(state).value());
    QByteArray plaintext = encodePayload(payload);
    cs::Result<QByteArray> encrypted = session.encrypt(plaintext);
    crypto::wipe(plaintext); // a file payload holds its file's key
    if (!encrypted.ok()) {
        *error = QStringLiteral("cannot encrypt (%1)")
                     .arg(QLatin1String(cs::secretErrorName(encrypted.error())));
        return std::nullopt;
    }
    QByteArray envelope = encrypted.value();
    if (!row.preKeyMessage.isEmpty()) {
        // The peer has not answered: it may not have the session yet, so this message carries
        // the handshake too (whichever arrives first opens it).
        cs::Result<cs::PreKeyMessage> wrapper = cs::decodePreKeyMessage(row.preKeyMessage);
        tx.must(wrapper.ok(), "read back our own pre-key message");
        wrapper->message = envelope;
        envelope = cs::encodePreKeyMessage(wrapper.value());
    }
    row.state = cs::encodeRatchetState(session.state());
    storage::SecretTable::storeSession(tx, row);
    return envelope;
}

} // namespace msgr::core::secret
