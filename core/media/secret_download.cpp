#include "core/media/secret_download.h"

#include "crypto/secret/file_stream_seal.h"
#include "crypto/sodium.h"
#include "storage/tables/secret_attachments_table.h"

#include <QCoreApplication>
#include <QFile>

namespace msgr::core {

namespace cs = crypto::secret;

std::optional<SecretDownloadKey> secretDownloadKeyFor(storage::ReadTransaction &tx,
                                                      const QString &fileId) {
    const std::optional<storage::SecretAttachmentRow> row =
        storage::SecretAttachmentsTable::byFileId(tx, fileId);
    if (!row)
        return std::nullopt;
    return SecretDownloadKey{row->key, row->header, row->plainSize, row->plainHash,
                             row->cipherSha256};
}

std::optional<OpenedSecretCache> openSecretCache(const QString &sealedPath,
                                                 const crypto::SecureBytes &cacheKey,
                                                 const SecretDownloadKey &secret,
                                                 const QString &plainPath, QString *error) {
    OpenedSecretCache out;
    out.key = crypto::newFileStreamKey();
    CacheError cacheError = CacheError::Io;
    std::optional<CacheWriter> writer = CacheWriter::create(plainPath, out.key, &cacheError);
    if (!writer) {
        *error = cacheErrorText(cacheError);
        return std::nullopt;
    }
    cs::SecretFileOpener opener(secret.key, secret.header, secret.plainSize, secret.plainHash);
    cs::SecretFileError refused = opener.error();
    bool written = true;
    QByteArray plain;
    const std::optional<CacheError> read =
        readCacheFile(sealedPath, cacheKey, [&](QByteArrayView sealed) {
            plain.clear();
            refused = opener.feed(sealed, &plain);
            written = refused != cs::SecretFileError::None || writer->append(plain);
            return refused == cs::SecretFileError::None && written;
        });
    if (!read && written && refused == cs::SecretFileError::None) {
        plain.clear();
        refused = opener.finish(&plain);
        written =
            refused != cs::SecretFileError::None || (writer->append(plain) && writer->finish());
    }
    crypto::wipe(plain);
    if (refused != cs::SecretFileError::None) {
        *error =
            QCoreApplication::translate(
                "SecretDownload", "The file was damaged or tampered with: it was not kept (%1).")
                .arg(QLatin1String(cs::secretFileErrorName(refused)));
    } else if (!written) {
        *error = cacheErrorText(CacheError::Io);
    } else if (read) {
        *error = cacheErrorText(*read);
    } else {
        out.commit = writer->commitPoint();
        return out;
    }
    writer.reset();
    QFile::remove(plainPath);
    return std::nullopt;
}

} // namespace msgr::core
