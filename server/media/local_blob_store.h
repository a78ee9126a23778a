#pragma once
//! BlobStore on a local directory: <root>/partial/<upload id> while an upload grows,
//! <root>/blobs/<2 hex>/<sha256 hex> once finished. Directories 0700, files 0600: media are
//! the users' private files. Thread-safe (no state beyond the directory; one writer per
//! partial is the caller's rule).
#include "server/media/blob_store.h"

namespace msgr::server::media {

class LocalBlobStore final : public BlobStore {
public:
    //! Creates the directories; nullptr and `error` when it cannot.
    static std::unique_ptr<LocalBlobStore> open(const QString &root, QString *error);

    std::unique_ptr<PartWriter> openPart(const QString &uploadId, qint64 offset) override;
    std::optional<QString> finish(const QString &uploadId, qint64 length) override;
    std::optional<QString> fileHashed(const QString &uploadId, qint64 length,
                                      const QString &sha256) override;
    std::optional<QString> concatenate(const QString &uploadId, const QList<Part> &parts) override;
    void removePart(const QString &uploadId) override;
    std::unique_ptr<BlobReader> openBlob(const QString &sha256) override;

    QString blobPath(const QString &sha256) const;

private:
    explicit LocalBlobStore(QString root) : m_root(std::move(root)) {}
    QString partPath(const QString &uploadId) const;
    //! Files the complete partial of `uploadId` under `sha256`, or drops it when that content
    //! is stored already.
    std::optional<QString> fileUnder(const QString &uploadId, const QString &sha256);

    const QString m_root;
};

} // namespace msgr::server::media
