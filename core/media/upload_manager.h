#pragma once
//! The profile's file uploads: starts at most UploadSettings::maxConcurrent at once, keeps
//! every upload's state in the encrypted profile (UploadsTable) so it resumes after an app
//! restart, and reports progress as TransferProgress values, throttled (every
//! progressIntervalMs per transfer; state changes at once).
//!
//! Thread affinity: lives on a transfer thread of its own (never the GUI thread): construct it,
//! moveToThread(), then use the entry points below, which are thread-safe (each is queued to
//! that thread). Its QNetworkAccessManager is created there; setProxy() routes it. Destroy it on
//! its thread (deleteLater before the thread quits). Signals are emitted on the transfer thread;
//! connect them to GUI objects (queued).
#include "core/media/transfer_manager_base.h"
#include "core/media/transfer_progress.h"
#include "core/media/upload_settings.h"
#include "core/media/upload_transfer.h"

#include <QHash>
#include <functional>
#include <map>
#include <optional>

namespace msgr::storage {
class ProfileStore;
struct UploadPartRecord;
} // namespace msgr::storage

namespace msgr::core {

class UploadManager : public TransferManagerBase {
    Q_OBJECT
public:
    //! `store` must be open and outlive the manager.
    explicit UploadManager(storage::ProfileStore *store, UploadSettings settings = {},
                           QObject *parent = nullptr);
    ~UploadManager() override;

    // ---- thread-safe entry points (and setServer(), setProxy(), whenLoaded():
    // TransferManagerBase)
    //! Loads the profile's uploads, reports each (`transferChanged`), then `loaded()`, and
    //! starts the active ones. Call once, after setServer().
    void start();
    //! Adds an upload of the file at `localPath` (MIME type guessed from the file when empty).
    void addUpload(const QString &localPath, const QString &mimeType = {});
    //! Takes over an upload already stored in the profile (UploadsTable::insert in the job that
    //! also stored what waits for it, e.g. a pending message), and runs it. `growing`: its file
    //! is still being written (UploadsTable::setGrowing): it sends what grow() announces.
    void addStored(const storage::UploadRecord &record, bool growing = false);
    //! The row addUpload() would store for `localPath` (reads the file's metadata: not on the
    //! GUI thread); nothing, with `error` set, when the file cannot be uploaded.
    static std::optional<storage::UploadRecord> recordFor(const QString &localPath,
                                                          const QString &mimeType, QString *error);
    void pause(qint64 id);
    //! Also restarts a failed upload (from where the server stands).
    void resume(qint64 id);
    //! Stops it, deletes it on the server and from the profile; then `transferRemoved(id)`.
    void cancel(qint64 id);
    //! Upload `id`'s growing file (UploadsTable::setGrowing) has its first `bytes` final;
    //! `completeMtimeMs`: it is complete (UploadsTable::setGrown committed). Its waiting parts
    //! go. Nothing when there is no such upload (yet: addStored() and start() come first).
    void grow(qint64 id, qint64 bytes, std::optional<qint64> completeMtimeMs = std::nullopt);

signals:
    //! The file could not be added (unreadable, not a file, too large).
    void addRefused(const QString &localPath, const QString &reason);

private:
    void doAdd(const QString &localPath, const QString &mimeType);
    UploadTransfer *adopt(const storage::UploadRecord &record,
                          const QList<storage::UploadPartRecord> &parts, bool growing);
    void schedule() override;
    std::optional<TransferProgress> progressOf(qint64 id) const override;
    void forget(qint64 id) override;

    storage::ProfileStore *m_store;
    UploadEnvironment m_environment;
    bool m_scheduling = false;
    std::map<qint64, UploadTransfer *> m_transfers; // by id: oldest first
};

} // namespace msgr::core
