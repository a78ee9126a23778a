#include "core/secret/secret_key_check.h"

#include "core/secret/secret_logging.h"
#include "core/secret/secret_service_entries.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"

namespace msgr::core::secret {

using storage::SecretStateTable;

bool checkPeerIdentity(storage::WriteTransaction &tx, qint64 chatId, qint64 peerUserId,
                       qint64 peerDeviceId, const QByteArray &identity, qint64 nowMs) {
    const std::optional<QByteArray> accepted =
        SecretStateTable::acceptedIdentity(tx, peerUserId, peerDeviceId);
    if (!accepted) {
        SecretStateTable::acceptIdentity(tx, peerUserId, peerDeviceId, identity);
        return false;
    }
    if (*accepted == identity)
        return false;
    qCWarning(lcSecret) << "the identity key of user" << peerUserId << "device" << peerDeviceId
                        << "changed: secret chat" << chatId << "waits for the user's confirmation";
    SecretStateTable::setKeyChanged(tx, chatId, true);
    addServiceEntry(tx, chatId, storage::SecretServiceKind::KeyChanged, 0, false, nowMs);
    return true;
}

ConfirmOutcome confirmKeyChange(storage::WriteTransaction &tx, qint64 chatId, qint64 nowMs) {
    const std::optional<storage::SecretSessionRow> session =
        storage::SecretTable::session(tx, chatId);
    if (!session)
        return ConfirmOutcome::NoSuchChat;
    if (!SecretStateTable::chatState(tx, chatId).keyChanged)
        return ConfirmOutcome::NothingToConfirm;
    SecretStateTable::acceptIdentity(tx, session->peerUserId, session->peerDeviceId,
                                     session->peerIdentity);
    SecretStateTable::setKeyChanged(tx, chatId, false);
    addServiceEntry(tx, chatId, storage::SecretServiceKind::KeyConfirmed, 0, true, nowMs);
    return ConfirmOutcome::Confirmed;
}

} // namespace msgr::core::secret
