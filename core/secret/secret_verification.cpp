#include "core/secret/secret_verification.h"

#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/safety_emoji.h"
#include "crypto/secret/safety_number.h"
#include "crypto/secret/verification_code.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"

namespace msgr::core::secret {

namespace cs = crypto::secret;

Verification readVerification(storage::ReadTransaction &tx, qint64 chatId) {
    const std::optional<storage::SecretSessionRow> session =
        storage::SecretTable::session(tx, chatId);
    const std::optional<storage::SecretDeviceKeysRow> keys = storage::SecretTable::deviceKeys(tx);
    if (!session || !keys)
        return {};
    const cs::Result<cs::DeviceKeys> decoded = cs::decodeDeviceKeys(keys->keys.view());
    if (!decoded.ok())
        return {};
    Verification out;
    out.chatId = chatId;
    out.peerUserId = session->peerUserId;
    out.peerDeviceId = session->peerDeviceId;
    out.ownIdentity = decoded->identity.publicIdentity().bytes();
    out.peerIdentity = session->peerIdentity;
    out.safetyNumber = cs::safetyNumber(out.ownIdentity, out.peerIdentity);
    out.groupedNumber = cs::groupSafetyNumber(out.safetyNumber);
    out.emojiIndices = cs::safetyEmojiIndices(out.safetyNumber);
    out.emoji = cs::safetyEmojiString(out.safetyNumber);
    out.code = cs::verificationCode(out.ownIdentity, out.peerIdentity);
    out.keyChanged = storage::SecretStateTable::chatState(tx, chatId).keyChanged;
    return out;
}

} // namespace msgr::core::secret
