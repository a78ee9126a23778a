#include "platform/passphrase_key_file.h"

#include "crypto/private_files.h"
#include "platform/platform_logging.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace msgr::platform {
namespace {

constexpr qint64 kMaxWrappedFileBytes = 4096; // a wrapped key is about 150 bytes

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

QString wrappedKeyPath(const QString &profileDirectory) {
    return QDir(profileDirectory).filePath(QStringLiteral("key.wrapped"));
}

bool hasWrappedKey(const QString &profileDirectory) {
    return QFile::exists(wrappedKeyPath(profileDirectory));
}

PassphraseKeyResult writeWrappedKey(const QString &profileDirectory, QByteArrayView key,
                                    QByteArrayView passphrase, crypto::KeyWrapCost cost) {
    const crypto::KeyWrapResult wrapped = crypto::wrapKey(key, passphrase, cost);
    if (!wrapped.ok())
        return {wrapped.error == crypto::KeyWrapError::OutOfMemory ? PassphraseKeyError::OutOfMemory
                                                                   : PassphraseKeyError::Malformed,
                {}};
    if (!crypto::ensurePrivateDirectory(profileDirectory))
        return {PassphraseKeyError::Io, {}};
    QSaveFile file(wrappedKeyPath(profileDirectory));
    // The mode is set on the temporary file before anything is written to it and before
    // commit() renames it (afterwards QSaveFile has no file name and setPermissions fails). A
    // replaced file would otherwise pass its old, possibly wider, mode on.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly) ||
        file.write(wrapped.data) != wrapped.data.size() || !file.commit()) {
        qCWarning(lcPlatform) << "cannot write the wrapped key:" << file.errorString();
        return {PassphraseKeyError::Io, {}};
    }
    return {};
}

PassphraseKeyResult readWrappedKey(const QString &profileDirectory, QByteArrayView passphrase) {
    QFile file(wrappedKeyPath(profileDirectory));
    if (!file.exists())
        return {PassphraseKeyError::NotFound, {}};
    // Written 0600 by this build; narrowed if an older build left it readable by others.
    crypto::restrictToOwner(file.fileName());
    if (!file.open(QIODevice::ReadOnly))
        return {PassphraseKeyError::Io, {}};
    if (file.size() > kMaxWrappedFileBytes)
        return {PassphraseKeyError::Malformed, {}};
    const crypto::KeyWrapResult unwrapped = crypto::unwrapKey(file.readAll(), passphrase);
    switch (unwrapped.error) {
    case crypto::KeyWrapError::None:
        return {PassphraseKeyError::None, unwrapped.key};
    case crypto::KeyWrapError::WrongPassphrase:
        return {PassphraseKeyError::WrongPassphrase, {}};
    case crypto::KeyWrapError::OutOfMemory:
        return {PassphraseKeyError::OutOfMemory, {}};
    default:
        return {PassphraseKeyError::Malformed, {}};
    }
}

PassphraseKeyResult changeWrappedKeyPassphrase(const QString &profileDirectory,
                                               QByteArrayView oldPassphrase,
                                               QByteArrayView newPassphrase,
                                               crypto::KeyWrapCost cost) {
    PassphraseKeyResult opened = readWrappedKey(profileDirectory, oldPassphrase);
    if (!opened.ok())
        return {opened.error, {}};
    // The database stays as it is: only the wrapping of its key changes.
    PassphraseKeyResult written =
        writeWrappedKey(profileDirectory, opened.key.view(), newPassphrase, cost);
    opened.key.wipe();
    return {written.error, {}};
}

} // namespace msgr::platform
