#include "platform/passphrase_key_file.h"

#include "platform/platform_logging.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace msgr::platform {
namespace {

constexpr qint64 kMaxWrappedFileBytes = 4096; // a wrapped key is about 150 bytes

} // namespace

QString wrappedKeyPath(const QString &profileDirectory) {
    return QDir(profileDirectory).filePath(QStringLiteral("key.wrapped"));
}

bool hasWrappedKey(const QString &profileDirectory) {
    return QFile::exists(wrappedKeyPath(profileDirectory));
}

PassphraseKeyResult writeWrappedKey(const QString &profileDirectory, const QByteArray &key,
                                    const QByteArray &passphrase, crypto::KeyWrapCost cost) {
    const crypto::KeyWrapResult wrapped = crypto::wrapKey(key, passphrase, cost);
    if (!wrapped.ok())
        return {wrapped.error == crypto::KeyWrapError::OutOfMemory ? PassphraseKeyError::OutOfMemory
                                                                   : PassphraseKeyError::Malformed,
                {}};
    if (!QDir().mkpath(profileDirectory))
        return {PassphraseKeyError::Io, {}};
    QSaveFile file(wrappedKeyPath(profileDirectory));
    if (!file.open(QIODevice::WriteOnly) || file.write(wrapped.data) != wrapped.data.size() ||
        !file.commit()) {
        qCWarning(lcPlatform) << "cannot write the wrapped key:" << file.errorString();
        return {PassphraseKeyError::Io, {}};
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

PassphraseKeyResult readWrappedKey(const QString &profileDirectory, const QByteArray &passphrase) {
    QFile file(wrappedKeyPath(profileDirectory));
    if (!file.exists())
        return {PassphraseKeyError::NotFound, {}};
    if (!file.open(QIODevice::ReadOnly))
        return {PassphraseKeyError::Io, {}};
    if (file.size() > kMaxWrappedFileBytes)
        return {PassphraseKeyError::Malformed, {}};
    crypto::KeyWrapResult unwrapped = crypto::unwrapKey(file.readAll(), passphrase);
    switch (unwrapped.error) {
    case crypto::KeyWrapError::None:
        return {PassphraseKeyError::None, unwrapped.data};
    case crypto::KeyWrapError::WrongPassphrase:
        return {PassphraseKeyError::WrongPassphrase, {}};
    case crypto::KeyWrapError::OutOfMemory:
        return {PassphraseKeyError::OutOfMemory, {}};
    default:
        return {PassphraseKeyError::Malformed, {}};
    }
}

} // namespace msgr::platform
