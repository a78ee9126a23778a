// Session's "Change passphrase" (Settings): kept apart from the state machine in session.cpp.
#include "core/account/session.h"

#include "crypto/secure_bytes.h"

namespace msgr::core {
namespace {

//! The UTF-8 bytes in guarded memory; the temporary QByteArray is zeroed in place. The QString
//! belongs to QML and cannot be wiped.
crypto::SecureBytes guarded(const QString &text) {
    QByteArray utf8 = text.toUtf8();
    return crypto::SecureBytes::takeFrom(utf8);
}

} // namespace

void Session::changePassphrase(const QString &oldPassphrase, const QString &newPassphrase,
                               const QString &repeated) {
    const auto refuse = [this](const QString &message) {
        emit passphraseChangeFinished(false, message);
    };
    if (m_passphraseChanging)
        return refuse(tr("The passphrase is being changed already"));
    if (m_keychainAvailable || !m_storeOpen)
        return refuse(tr("This profile's key is kept in the system keychain, not under a "
                         "passphrase"));
    if (oldPassphrase.isEmpty())
        return refuse(tr("Enter the current passphrase"));
    if (newPassphrase.size() < kMinPassphraseChars)
        return refuse(tr("A passphrase has at least %1 characters").arg(kMinPassphraseChars));
    if (newPassphrase != repeated)
        return refuse(tr("The new passphrases do not match"));
    if (newPassphrase == oldPassphrase)
        return refuse(tr("The new passphrase is the same as the current one"));
    m_passphraseChanging = true;
    emit passphraseChangingChanged();
    m_keys->changePassphrase(
        m_config.profileDir, guarded(oldPassphrase), guarded(newPassphrase), this,
        [this](platform::PassphraseKeyError error) {
            m_passphraseChanging = false;
            emit passphraseChangingChanged();
            using E = platform::PassphraseKeyError;
            switch (error) {
            case E::None:
                return emit passphraseChangeFinished(true, {});
            case E::WrongPassphrase:
                return emit passphraseChangeFinished(false, tr("Wrong current passphrase"));
            case E::OutOfMemory:
                return emit passphraseChangeFinished(
                    false, tr("Not enough memory to protect the passphrase; nothing changed"));
            case E::NotFound:
            case E::Malformed:
            case E::Io:
                break;
            }
            emit passphraseChangeFinished(
                false, tr("The key file could not be rewritten; the old passphrase still works"));
        },
        m_config.passphraseCost);
}

} // namespace msgr::core
