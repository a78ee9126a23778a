#pragma once
//! One file's upload over tus: create, PATCH one part at a time (each with its SHA-256) from
//! the offset the server confirmed, HEAD after anything went wrong, retry with backoff. Every
//! confirmed offset is written to the profile (UploadsTable), so an upload resumes after a
//! lost connection, a server restart or an app restart without resending confirmed parts.
//! A part is read from the file when it is sent (at most UploadSettings::partSize in memory
//! per lane).
//!
//! A large file (UploadSettings::parallelMinBytes) is cut into contiguous ranges, each sent as
//! a tus partial upload in a lane of its own, all lanes at once; once every lane is complete
//! the final upload names them (concatenation, docs/protocol.md §9). The split and each
//! partial's URL and offset are kept in the profile (UploadPartsTable, client migration 27) so
//! each lane resumes like a single upload. A small file is one lane: the single upload.
//!
//! A growing file (UploadsTable::setGrowing: a secret file sealed while it is uploaded) is sent
//! only as far as its producer announced (grow()): a part whose bytes are not all there
//! waits, and goes as soon as they are. Its size and mtime are checked once it is complete.
//!
//! Thread affinity: the UploadManager's thread (the transfer thread), like its
//! QNetworkAccessManager. Created and owned by UploadManager.
#include "core/media/rate_meter.h"
#include "core/media/transfer_environment.h"
#include "core/media/transfer_progress.h"
#include "core/media/upload_settings.h"
#include "core/net/reconnect_backoff.h"
#include "storage/records.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace msgr::storage {
class ProfileStore;
class WriteTransaction;
struct UploadPartRecord;
} // namespace msgr::storage

namespace msgr::core {

//! What every transfer of one manager shares; owned by the manager, read by the transfers.
struct UploadEnvironment : TransferEnvironment {
    UploadSettings settings;
};

class UploadTransfer : public QObject {
    Q_OBJECT
public:
    //! `parts`: the upload's partial uploads as stored (empty: a single upload, or not split
    //! yet); `growing`: its file is still being written (nothing of it is final until grow()).
    UploadTransfer(storage::UploadRecord record, const QList<storage::UploadPartRecord> &parts,
                   bool growing, const UploadEnvironment *environment, QObject *parent = nullptr);
    ~UploadTransfer() override;

    qint64 id() const { return m_record.id; }
    TransferState state() const { return m_state; }
    //! Holds one of the manager's slots (sending, or waiting to retry).
    bool isActive() const {
        return m_state == TransferState::Running || m_state == TransferState::Retrying;
    }
    TransferProgress progress() const;
    //! Unfinished uploads this transfer holds on the server, or will once it runs (its lanes).
    int serverUploadsHeld() const;

    //! Queued -> Running: asks the server where the upload stands (or creates it), then sends.
    //! `freeServerUploads`: how many more unfinished uploads the user may hold on the server
    //! (UploadSettings::serverUnfinishedCap less the other transfers'); a file not split yet
    //! gets at most that many partial uploads.
    void start(int freeServerUploads);
    //! Stops at once (the part in flight is abandoned; the server keeps only whole parts).
    void pause();
    //! Paused or Failed -> Queued: the manager starts it when a slot is free.
    void resume();
    //! Stops, deletes the upload on the server, removes the row; then `removed()`.
    void cancel();
    //! A growing file's first `bytes` are final; `completeMtimeMs`: it is complete, with this
    //! mtime (the row says so already). Waiting parts go.
    void grow(qint64 bytes, std::optional<qint64> completeMtimeMs);

signals:
    void stateChanged();
    //! Bytes moved (throttled by the manager before it reaches the GUI).
    void progressed();
    //! The server refused the session token: the transfer is Queued again.
    void unauthorized();
    //! After cancel(): gone from the server (or the server could not be asked) and the profile.
    void removed();

private:
    //! One tus upload of the file's bytes [begin, begin + length): the whole file (single
    //! upload) or one partial upload.
    struct Lane {
        qint64 begin = 0;
        qint64 length = 0;
        QString url; //!< empty until the server created it
        qint64 confirmed = 0;
        QPointer<QNetworkReply> reply; //!< its one request in flight
        qint64 sent = 0;               //!< bytes of the part in flight that left this machine
        int checksumRefusals = 0;
        int recreations = 0;  //!< created again in a row (the server lost it)
        bool waiting = false; //!< its next part's bytes are not all written yet (growing)
        bool active = false;  //!< started in this run (at most parallelParts incomplete ones)
        //! The part in flight and the one before it, read into again for later parts: a fresh
        //! 8 MiB buffer per part costs a page fault per 4 KiB as the file is read into it
        //! (bench/media_upload/RESULTS.md). Two, because the previous part's reply may still hold
        //! its bytes while the next part is read.
        QByteArray partBuffers[2];
        int nextPartBuffer = 0;
        bool complete() const { return !url.isEmpty() && confirmed == length; }
    };

    void setState(TransferState state, const QString &error = {});
    //! Why the local file cannot be sent any more, if it cannot.
    std::optional<QString> fileProblem() const;
    //! Cuts the file into lanes (once, before anything exists on the server).
    void split(int freeServerUploads);
    bool parallel() const { return m_parallel; }
    //! Where the upload goes on after a start, a retry or a restart: the final at once when the
    //! profile has every lane complete (its partial uploads may be consumed by a final whose
    //! answer was lost; sending the same final again finds it), else askLanes().
    void beginLanes();
    //! Every complete lane asks where it stands; of the others the first parallelParts ask (or
    //! are created), then send.
    void askLanes();
    //! Starts lanes in order until parallelParts incomplete ones are active.
    void activateLanes();
    void activate(int lane);
    bool allLanesComplete() const;
    void create(int lane);
    void askOffset(int lane);
    void sendPart(int lane);
    void onCreated(int lane, QNetworkReply &reply);
    void onOffset(int lane, QNetworkReply &reply);
    void onPartAnswered(int lane, QNetworkReply &reply, qint64 offset, qint64 length);
    //! A lane is complete: the upload is, when all are (a parallel one after its final).
    void laneComplete();
    //! Makes every lane's completion durable in the profile, then sends the final: a restart
    //! from here on knows to send the same final again rather than the parts.
    void sendFinal();
    void postFinal();
    void checkpoint(const char *point) const;
    void onFinal(QNetworkReply &reply);
    //! What an answer other than success means: retry, ask the offset, start over or fail.
    //! `lane` is -1 for the final upload's creation.
    void onRefused(int lane, QNetworkReply &reply);
    void retryLater(const QString &reason, std::optional<int> delayMs = std::nullopt);
    void confirm(int lane, qint64 offset);
    void setLaneUrl(int lane, const QString &url);
    qint64 confirmedBytes() const;
    //! Confirmed plus what of the parts in flight left this machine.
    qint64 doneBytes() const;
    void complete();
    void fail(const QString &reason);
    void sendDeletes();
    void sendDelete(int lane, int attempt);
    void abandonRequests();
    //! `reply` becomes lane `lane`'s request in flight (-1: the transfer's own); `then` runs
    //! with it when it finishes.
    void watch(int lane, QNetworkReply *reply, std::function<void(QNetworkReply &)> then);
    void persist(std::function<void(storage::WriteTransaction &, qint64 id)> write);

    storage::UploadRecord m_record;
    const UploadEnvironment *m_environment;
    TransferState m_state = TransferState::Queued;
    QString m_error;
    QList<Lane> m_lanes;             // empty until split()
    bool m_parallel = false;         // the lanes are partial uploads (UploadPartsTable)
    QPointer<QNetworkReply> m_reply; // the final upload's creation
    int m_deletesLeft = 0;           // cancel(): lanes whose DELETE has not answered
    int m_recreations = 0;           // the final refused as naming lost parts, in a row
    int m_generation = 0;            // abandonRequests() counts up: a late callback is stale
    bool m_cancelled = false;
    ReconnectBackoff m_backoff;
    QTimer m_retryTimer;
    RateMeter m_rate;
    bool m_growing = false; // the file is still being written
    qint64 m_available = 0; // a growing file's bytes that are final
};

} // namespace msgr::core
