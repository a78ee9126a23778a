#include "core/secret/secret_attachment_file.h"

#include "crypto/private_files.h"
#include "crypto/sodium.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace msgr::core::secret {

namespace cs = crypto::secret;

QString secretUploadDir(const QString &profileDir) {
    return QDir(profileDir).filePath(QStringLiteral("secret-uploads"));
}

std::optional<SealedFile> sealFileForUpload(const QString &sourcePath, const QString &tempDir,
                                            QString *error) {
    QFile source(sourcePath);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("SecretAttachments", "The file cannot be read.");
        return std::nullopt;
    }
    const qint64 size = source.size();
    if (size > cs::kMaxSecretFilePlainBytes) {
        *error = QCoreApplication::translate("SecretAttachments",
                                             "Files in secret chats are limited to 3.9 GiB.");
        return std::nullopt;
    }
    if (!crypto::ensurePrivateDirectory(tempDir)) {
        *error = QCoreApplication::translate("SecretAttachments",
                                             "The profile's folder cannot be written.");
        return std::nullopt;
    }
    SealedFile out;
    out.tempPath = QDir(tempDir).filePath(QString::fromLatin1(crypto::randomBytes(16).toHex()));
    QFile target(out.tempPath);
    // Created 0600 before a byte is written; a name nobody else has (128 random bits).
    const bool opened = crypto::ensurePrivateFile(out.tempPath) &&
                        target.open(QIODevice::WriteOnly | QIODevice::Truncate);
    cs::SecretFileSealer sealer;
    bool ok = opened;
    qint64 done = 0;
    QByteArray chunk;
    while (ok) {
        chunk = source.read(cs::kSecretFileChunkBytes);
        const bool final = done + chunk.size() >= size || chunk.isEmpty();
        if (chunk.isEmpty() && done < size) { // the file shrank, or a read failed
            ok = false;
            break;
        }
        const QByteArray sealed = sealer.seal(chunk, final);
        ok = target.write(sealed) == sealed.size();
        done += chunk.size();
        crypto::wipe(chunk);
        if (final)
            break;
    }
    ok = ok && target.flush() && done == size;
    target.close();
    if (!ok) {
        QFile::remove(out.tempPath);
        *error =
            QCoreApplication::translate("SecretAttachments", "The file could not be encrypted.");
        return std::nullopt;
    }
    out.key = sealer.key();
    out.header = sealer.header();
    out.digest = sealer.digest();
    return out;
}

} // namespace msgr::core::secret
