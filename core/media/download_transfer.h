#pragma once
//! One file's download into the encrypted media cache (media_cache.h): GET /files/<id> from
//! the bytes the cache holds on (Range, with If-Range: the ETag, so a changed file comes whole
//! and the cache starts over cleanly), bytes sealed into the cache as they arrive, the cache's
//! position written to the profile (DownloadsTable) every DownloadSettings::commitEveryBytes,
//! so a download resumes after a lost connection, a server restart or an app restart without
//! fetching again what the cache holds. Retries with backoff.
//!
//! Thread affinity: the DownloadManager's thread (a transfer thread), like its
//! QNetworkAccessManager. Created and owned by DownloadManager.
#include "core/media/download_settings.h"
#include "core/media/media_cache.h"
#include "core/media/rate_meter.h"
#include "core/media/secret_download.h"
#include "core/media/transfer_environment.h"
#include "core/media/transfer_progress.h"
#include "core/net/reconnect_backoff.h"
#include "storage/records.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

//! What every transfer of one manager shares; owned by the manager, read by the transfers.
struct DownloadEnvironment : TransferEnvironment {
    DownloadSettings settings;
    QString cacheDir; //!< the profile's media cache folder (0700)
};

class DownloadTransfer : public QObject {
    Q_OBJECT
public:
    DownloadTransfer(storage::DownloadRecord record, const DownloadEnvironment *environment,
                     QObject *parent = nullptr);
    ~DownloadTransfer() override;

    qint64 id() const { return m_record.id; }
    const storage::DownloadRecord &record() const { return m_record; }
    QString cachePath() const;
    TransferState state() const { return m_state; }
    bool isActive() const {
        return m_state == TransferState::Running || m_state == TransferState::Retrying;
    }
    TransferProgress progress() const;

    //! A secret chat's file (secret_download.h): fetched with its proof, opened and checked
    //! before it is Done. Set before start().
    void setSecret(SecretDownloadKey secret) { m_secret = std::move(secret); }
    bool isSecret() const { return m_secret.has_value(); }

    //! Queued -> Running: continues the cache file from its commit and asks for the rest.
    void start();
    //! Stops at once; what the cache holds up to its last commit is kept.
    void pause();
    //! Paused or Failed -> Queued.
    void resume();
    //! Stops, removes the cache file and the row; then `removed()`.
    void cancel();
    //! The cache file could not be read back (damaged, cut off): it is dropped and the file
    //! fetched again from the first byte under a new key.
    void dropCache(const QString &reason);

signals:
    void stateChanged();
    void progressed();
    //! The server refused the session token: the transfer is Queued again.
    void unauthorized();
    void removed();

private:
    void setState(TransferState state, const QString &error = {},
                  TransferFailure failure = TransferFailure::None);
    //! A new cache file under a new key, from the first byte.
    bool startOver();
    void request();
    void onHead();
    void onData();
    void onFinished();
    void retryLater(const QString &reason);
    //! An answer that does not fit, or a changed file: from the first byte, a few times.
    void restart(const QString &reason);
    void commit(bool force);
    void complete();
    //! A secret file's whole ciphertext is cached: opened into a new cache file, or refused.
    bool openSecret();
    void fail(const QString &reason, TransferFailure failure);
    void abandonRequest();

    storage::DownloadRecord m_record;
    const DownloadEnvironment *m_environment;
    TransferState m_state = TransferState::Queued;
    QString m_error;
    TransferFailure m_failure = TransferFailure::None;
    std::optional<CacheWriter> m_writer;
    std::optional<SecretDownloadKey> m_secret;
    QPointer<QNetworkReply> m_reply;
    bool m_bodyAccepted = false; // the current answer's head was checked and its body is ours
    qint64 m_committedPlain = 0; // plaintext bytes the profile has as committed
    int m_restarts = 0;
    bool m_cancelled = false;
    ReconnectBackoff m_backoff;
    QTimer m_retryTimer;
    RateMeter m_rate;
};

} // namespace msgr::core
