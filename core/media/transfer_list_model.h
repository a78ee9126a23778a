#pragma once
//! The profile's file transfers for QML: one row per upload or download with its progress (bytes
//! done and total, rate, time left, state, error) as roles a delegate binds to, and pause / resume
//! / cancel. Rows change by dataChanged from the manager's throttled reports, never by a reset.
//!
//! Thread affinity: GUI thread. The managers live on their transfer threads; their reports
//! arrive here queued and the commands go there queued, so nothing here waits.
#include "core/media/transfer_progress.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class DownloadManager;
class UploadManager;

class TransferListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by the client's composition root over its UploadManager")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    //! Transfers still under way (queued, running, retrying): for a "3 uploads" badge.
    Q_PROPERTY(int activeCount READ activeCount NOTIFY activeCountChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        FileNameRole,
        LocalPathRole,
        FileIdRole,
        BytesDoneRole,
        BytesTotalRole,
        FractionRole, //!< 0..1
        BytesPerSecondRole,
        SecondsLeftRole, //!< -1: unknown
        StateRole,       //!< State
        ErrorRole,
        DirectionRole, //!< Direction
    };
    Q_ENUM(Role)
    //! TransferState as QML sees it.
    enum State {
        Queued = int(TransferState::Queued),
        Running = int(TransferState::Running),
        Retrying = int(TransferState::Retrying),
        Paused = int(TransferState::Paused),
        Done = int(TransferState::Done),
        Failed = int(TransferState::Failed),
    };
    Q_ENUM(State)
    //! TransferDirection as QML sees it; ids are per direction.
    enum Direction {
        Upload = int(TransferDirection::Upload),
        Download = int(TransferDirection::Download),
    };
    Q_ENUM(Direction)

    explicit TransferListModel(UploadManager *manager, DownloadManager *downloads = nullptr,
                               QObject *parent = nullptr);

    Q_INVOKABLE void addUpload(const QUrl &file);
    //! `direction` is a Direction (the row's DirectionRole); uploads by default.
    Q_INVOKABLE void pause(qint64 id, int direction = Upload);
    Q_INVOKABLE void resume(qint64 id, int direction = Upload);
    Q_INVOKABLE void cancel(qint64 id, int direction = Upload);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int activeCount() const;
    //! The row of transfer `id` of that direction, or -1.
    int rowOf(qint64 id, TransferDirection direction = TransferDirection::Upload) const;

    //! A report from the manager: the row is updated, or appended when new.
    void apply(const msgr::core::TransferProgress &progress);
    void remove(qint64 id, TransferDirection direction = TransferDirection::Upload);

signals:
    void countChanged();
    void activeCountChanged();

private:
    QPointer<UploadManager> m_manager;
    QPointer<DownloadManager> m_downloads;
    QList<TransferProgress> m_rows;
};

} // namespace msgr::core
