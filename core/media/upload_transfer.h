#pragma once
//! One file's upload over tus: create, PATCH one part at a time (each with its SHA-256) from
//! the offset the server confirmed, HEAD after anything went wrong, retry with backoff. Every
//! confirmed offset is written to the profile (UploadsTable), so an upload resumes after a
//! lost connection, a server restart or an app restart without resending confirmed parts.
//! A part is read from the file when it is sent (at most UploadSettings::partSize in memory).
//!
//! Thread affinity: the UploadManager's thread (the transfer thread), like its
//! QNetworkAccessManager. Created and owned by UploadManager.
#include "core/media/rate_meter.h"
#include "core/media/transfer_progress.h"
#include "core/media/upload_settings.h"
#include "core/net/reconnect_backoff.h"
#include "storage/records.h"

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
} // namespace msgr::storage

namespace msgr::core {

//! What every transfer of one manager shares; owned by the manager, read by the transfers.
struct UploadEnvironment {
    QNetworkAccessManager *network = nullptr;
    storage::ProfileStore *store = nullptr;
    UploadSettings settings;
    QUrl server; //!< http(s)://host:port of the account's server
    QString token;
};

class UploadTransfer : public QObject {
    Q_OBJECT
public:
    UploadTransfer(storage::UploadRecord record, const UploadEnvironment *environment,
                   QObject *parent = nullptr);
    ~UploadTransfer() override;

    qint64 id() const { return m_record.id; }
    TransferState state() const { return m_state; }
    //! Holds one of the manager's slots (sending, or waiting to retry).
    bool isActive() const {
        return m_state == TransferState::Running || m_state == TransferState::Retrying;
    }
    TransferProgress progress() const;

    //! Queued -> Running: asks the server where the upload stands (or creates it), then sends.
    void start();
    //! Stops at once (the part in flight is abandoned; the server keeps only whole parts).
    void pause();
    //! Paused or Failed -> Queued: the manager starts it when a slot is free.
    void resume();
    //! Stops, deletes the upload on the server, removes the row; then `removed()`.
    void cancel();

signals:
    void stateChanged();
    //! Bytes moved (throttled by the manager before it reaches the GUI).
    void progressed();
    //! The server refused the session token: the transfer is Queued again.
    void unauthorized();
    //! After cancel(): gone from the server (or the server could not be asked) and the profile.
    void removed();

private:
    void setState(TransferState state, const QString &error = {});
    //! Why the local file cannot be sent any more, if it cannot.
    std::optional<QString> fileProblem() const;
    void create();
    void askOffset();
    void sendPart();
    void onCreated(QNetworkReply &reply);
    void onOffset(QNetworkReply &reply);
    void onPartAnswered(QNetworkReply &reply, qint64 offset, qint64 length);
    //! What an answer other than success means: retry, ask the offset, start over or fail.
    void onRefused(QNetworkReply &reply);
    void retryLater(const QString &reason, std::optional<int> delayMs = std::nullopt);
    void confirm(qint64 offset);
    void complete();
    void fail(const QString &reason);
    void sendDelete(int attempt);
    void abandonRequest();
    //! `reply` becomes the one request in flight; `then` runs with it when it finishes.
    void watch(QNetworkReply *reply, std::function<void(QNetworkReply &)> then);
    void persist(std::function<void(storage::WriteTransaction &, qint64 id)> write);

    storage::UploadRecord m_record;
    const UploadEnvironment *m_environment;
    TransferState m_state = TransferState::Queued;
    QString m_error;
    QPointer<QNetworkReply> m_reply;
    qint64 m_partSent = 0; // bytes of the part in flight that left this machine
    int m_checksumRefusals = 0;
    int m_recreations = 0;
    bool m_cancelled = false;
    ReconnectBackoff m_backoff;
    QTimer m_retryTimer;
    RateMeter m_rate;
};

} // namespace msgr::core
