#pragma once
//! Where the bytes of media live, apart from their records (the Store). The embedded
//! implementation is a directory (local_blob_store.h); the shape fits an object store (S3:
//! a multipart upload per partial, a key per content hash) later.
//!
//! An upload grows a partial object by appends at its durable offset; when the last byte is
//! there, finish() hashes the whole object and files it under its SHA-256, once per content.
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace msgr::server::media {

//! Appends to one partial upload from a known offset. One user at a time (the upload's lock).
class PartWriter {
public:
    virtual ~PartWriter() = default;
    virtual bool write(const char *data, size_t size) = 0;
    //! Makes everything written durable; true when it is.
    virtual bool sync() = 0;
    //! Drops everything written through this writer: the partial is back at its start offset.
    virtual bool rollback() = 0;
    //! The offset after the bytes written so far.
    virtual qint64 offset() const = 0;
};

//! Reads one finished file (a download). One user at a time; the file stays readable while
//! open even if it were unlinked.
class BlobReader {
public:
    virtual ~BlobReader() = default;
    virtual qint64 size() const = 0;
    //! Up to `size` bytes at `offset` into `data`: the count read, 0 past the end, -1 on a
    //! failure.
    virtual qint64 read(qint64 offset, char *data, size_t size) = 0;
};

class BlobStore {
public:
    virtual ~BlobStore() = default;

    //! Opens (creating) the partial of `uploadId` and cuts it to `offset`: bytes past the
    //! recorded offset (written before a crash, never committed) are not part of the upload.
    virtual std::unique_ptr<PartWriter> openPart(const QString &uploadId, qint64 offset) = 0;
    //! Hashes the complete partial (`length` bytes) and files it under its SHA-256; when that
    //! content is already stored, the partial is dropped instead (one copy per content). The
    //! hex hash, or nullopt when the partial is missing, short, or cannot be filed. Slow (reads
    //! the whole file): not on a connection thread.
    virtual std::optional<QString> finish(const QString &uploadId, qint64 length) = 0;
    //! finish() when the caller hashed the bytes as they were written (RunningHashes): files
    //! the complete partial (`length` bytes) under `sha256` (hex) without reading it. Cheap.
    virtual std::optional<QString> fileHashed(const QString &uploadId, qint64 length,
                                              const QString &sha256) = 0;
    //! tus concatenation: writes the complete partials `parts` (id and length each), one after
    //! the other, as the content of the new upload `uploadId`, hashes it on the way and files it
    //! as finish() does. The parts stay: the caller drops them once the records no longer name
    //! them. nullopt when a part is missing or short, or the result cannot be filed (nothing of
    //! `uploadId` is left then). Slow (reads and writes every byte): not on a connection thread.
    struct Part {
        QString uploadId;
        qint64 length = 0;
    };
    virtual std::optional<QString> concatenate(const QString &uploadId,
                                               const QList<Part> &parts) = 0;
    //! Drops a partial (termination); nothing when there is none.
    virtual void removePart(const QString &uploadId) = 0;
    //! Opens the finished file stored under `sha256` (hex); nullptr when it is not there.
    virtual std::unique_ptr<BlobReader> openBlob(const QString &sha256) = 0;
};

} // namespace msgr::server::media
