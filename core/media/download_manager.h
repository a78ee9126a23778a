#pragma once
//! The profile's file downloads into its encrypted media cache: starts at most
//! DownloadSettings::maxConcurrent at once, keeps every download's state in the encrypted
//! profile (DownloadsTable) so it resumes after an app restart, reports progress as
//! TransferProgress values (direction Download), throttled like the uploads', and writes a
//! cached file out decrypted only where the user asked ("Save as").
//!
//! Thread affinity: lives on a transfer thread of its own (never the GUI thread): construct it,
//! moveToThread(), then use the entry points below, which are thread-safe (each is queued to
//! that thread). Its QNetworkAccessManager is created there; setProxy() routes it. Destroy it on
//! its thread (deleteLater before the thread quits). Signals are emitted on the transfer thread;
//! connect them to GUI objects (queued).
#include "core/media/download_settings.h"
#include "core/media/download_transfer.h"
#include "core/media/storage_figures.h"
#include "core/media/transfer_manager_base.h"
#include "core/media/transfer_progress.h"

#include <functional>
#include <map>
#include <optional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

//! The largest file readIntoMemory() decrypts (a photo to show, not a film).
inline constexpr qint64 kMaxReadIntoMemoryBytes = 64 * 1024 * 1024;

class DownloadManager : public TransferManagerBase {
    Q_OBJECT
public:
    //! `store` must be open and outlive the manager; `cacheDir` is the profile's media cache
    //! folder (made 0700 at start).
    DownloadManager(storage::ProfileStore *store, const QString &cacheDir,
                    DownloadSettings settings = {}, QObject *parent = nullptr);
    ~DownloadManager() override;

    // ---- thread-safe entry points (and setServer(), setProxy(), whenLoaded():
    // TransferManagerBase)
    //! Loads the profile's downloads, reports each (`transferChanged`), then `loaded()`, and
    //! starts the active ones. Call once, after setServer().
    void start();
    //! Downloads file `fileId` (an attachment's) into the cache, unless the profile has it
    //! already (then that download is reported again, and a failed one resumed). `size` is the
    //! attachment's; the server's answer is what counts. An add before start() has loaded the
    //! profile's downloads waits for the load.
    void addDownload(const QString &fileId, const QString &fileName, qint64 size);
    void pause(qint64 id);
    void resume(qint64 id);
    //! Stops it and removes the cache file and the row; then `transferRemoved(id)`.
    void cancel(qint64 id);
    //! Writes the finished download's file, decrypted, to `targetPath` (replaced atomically);
    //! then `saved`. A cache file that does not read back (damaged, cut off) is dropped and
    //! the file downloaded again; `saved` reports the error.
    void saveAs(qint64 id, const QString &targetPath);
    //! Decrypts the finished download of `fileId` into memory (at most kMaxReadIntoMemoryBytes)
    //! on the transfer thread, for a viewer: nothing plain is written anywhere. `done` runs on
    //! the thread of `receiver` (unless it was destroyed) with the bytes, or empty bytes and
    //! the reason. A damaged cache file is dropped and downloaded again, as for saveAs.
    void readIntoMemory(const QString &fileId, QObject *receiver,
                        std::function<void(QByteArray bytes, QString error)> done);
    //! Where the finished download of `fileId` is cached and its key, for a player that
    //! decrypts it as it reads (DecryptingMediaDevice); `done` runs on `receiver`'s thread with
    //! them, or an empty path and the reason.
    void locateCached(const QString &fileId, QObject *receiver,
                      std::function<void(QString path, QByteArray key, QString error)> done);

    //! Measures the profile's disk use (storage_figures.h) on the transfer thread, once the
    //! downloads are loaded: the cache from the downloads it runs, the rest from the files
    //! of `profileDirectory`. `done` runs on `receiver`'s thread (unless it was destroyed).
    void measure(const QString &profileDirectory, QObject *receiver,
                 std::function<void(StorageFigures)> done);
    //! "Clear cache": removes every finished download of a chat that is not secret (its
    //! cache file and its row, as cancel() does: the file is fetched again when next wanted).
    //! Kept: downloads not finished (a file being fetched), secret chats' files (the server
    //! may not have them any more), and everything that is not the cache (the database,
    //! uploads). Saving or reading a file runs on this same thread, so none is cut off midway.
    void clearCache(QObject *receiver, std::function<void(CacheClearing)> done);
    //! The messages carrying these files were deleted and no stored message refers to them
    //! any more: their downloads stop and their cache files and rows go, as cancel() does
    //! (once the profile's downloads are loaded). A secret chat's file is its timers' own.
    void forgetFiles(const QStringList &fileIds);

signals:
    //! The file id was refused before a download (not a file id).
    void addRefused(const QString &fileId, const QString &reason);
    //! After saveAs: `error` empty on success.
    void saved(qint64 id, const QString &targetPath, const QString &error);

private:
    void doAdd(const QString &fileId, const QString &fileName, qint64 size);
    void doSave(qint64 id, const QString &targetPath);
    //! A finished download of a non-secret chat: its cache file can be fetched again.
    static bool isClearable(const DownloadTransfer *transfer);
    //! Cancels every transfer `pick` chooses (its file, its row; transferRemoved follows),
    //! after `beforeCancel` saw it; how many.
    qsizetype cancelWhere(const std::function<bool(const DownloadTransfer *)> &pick,
                          const std::function<void(const DownloadTransfer &)> &beforeCancel = {});
    //! A stored download and, for a secret chat's file, its key (read in the same job).
    struct Loaded {
        storage::DownloadRecord record;
        std::optional<SecretDownloadKey> secret;
        Loaded withId(qint64 id) && {
            record.id = id;
            return std::move(*this);
        }
    };
    DownloadTransfer *adopt(const storage::DownloadRecord &record,
                            const std::optional<SecretDownloadKey> &secret = {});
    void schedule() override;
    std::optional<TransferProgress> progressOf(qint64 id) const override;
    void forget(qint64 id) override;

    storage::ProfileStore *m_store;
    DownloadEnvironment m_environment;
    bool m_scheduling = false;
    std::map<qint64, DownloadTransfer *> m_transfers; // by id: oldest first
};

} // namespace msgr::core
