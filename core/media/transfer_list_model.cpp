#include "core/media/transfer_list_model.h"

#include "core/media/download_manager.h"
#include "core/media/upload_manager.h"

#include <QUrl>

namespace msgr::core {
namespace {

bool underWay(const TransferProgress &p) {
    return p.state == TransferState::Queued || p.state == TransferState::Running ||
           p.state == TransferState::Retrying;
}

} // namespace

TransferListModel::TransferListModel(UploadManager *manager, DownloadManager *downloads,
                                     QObject *parent)
    : QAbstractListModel(parent), m_manager(manager), m_downloads(downloads) {
    if (manager) {
        connect(manager, &UploadManager::transferChanged, this, &TransferListModel::apply,
                Qt::QueuedConnection);
        connect(
            manager, &UploadManager::transferRemoved, this,
            [this](qint64 id) { remove(id, TransferDirection::Upload); }, Qt::QueuedConnection);
    }
    if (downloads) {
        connect(downloads, &DownloadManager::transferChanged, this, &TransferListModel::apply,
                Qt::QueuedConnection);
        connect(
            downloads, &DownloadManager::transferRemoved, this,
            [this](qint64 id) { remove(id, TransferDirection::Download); }, Qt::QueuedConnection);
    }
}

void TransferListModel::addUpload(const QUrl &file) {
    if (m_manager && file.isLocalFile())
        m_manager->addUpload(file.toLocalFile());
}

void TransferListModel::pause(qint64 id, int direction) {
    if (direction == Download) {
        if (m_downloads)
            m_downloads->pause(id);
    } else if (m_manager) {
        m_manager->pause(id);
    }
}

void TransferListModel::resume(qint64 id, int direction) {
    if (direction == Download) {
        if (m_downloads)
            m_downloads->resume(id);
    } else if (m_manager) {
        m_manager->resume(id);
    }
}

void TransferListModel::cancel(qint64 id, int direction) {
    if (direction == Download) {
        if (m_downloads)
            m_downloads->cancel(id);
    } else if (m_manager) {
        m_manager->cancel(id);
    }
}

int TransferListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TransferListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TransferProgress &p = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case FileNameRole:
        return p.fileName;
    case IdRole:
        return p.id;
    case LocalPathRole:
        return p.localPath;
    case FileIdRole:
        return p.fileId;
    case BytesDoneRole:
        return p.bytesDone;
    case BytesTotalRole:
        return p.bytesTotal;
    case FractionRole:
        return p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal)
                                : (p.state == TransferState::Done ? 1.0 : 0.0);
    case BytesPerSecondRole:
        return p.bytesPerSecond;
    case SecondsLeftRole:
        return p.secondsLeft;
    case StateRole:
        return int(p.state);
    case ErrorRole:
        return p.error;
    case DirectionRole:
        return int(p.direction);
    default:
        return {};
    }
}

QHash<int, QByteArray> TransferListModel::roleNames() const {
    return {{IdRole, "transferId"},
            {FileNameRole, "fileName"},
            {LocalPathRole, "localPath"},
            {FileIdRole, "fileId"},
            {BytesDoneRole, "bytesDone"},
            {BytesTotalRole, "bytesTotal"},
            {FractionRole, "fraction"},
            {BytesPerSecondRole, "bytesPerSecond"},
            {SecondsLeftRole, "secondsLeft"},
            {StateRole, "transferState"},
            {ErrorRole, "error"},
            {DirectionRole, "direction"}};
}

int TransferListModel::activeCount() const {
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), underWay));
}

int TransferListModel::rowOf(qint64 id, TransferDirection direction) const {
    for (qsizetype row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == id && m_rows.at(row).direction == direction)
            return int(row);
    return -1;
}

void TransferListModel::apply(const TransferProgress &progress) {
    const int before = activeCount();
    const int row = rowOf(progress.id, progress.direction);
    if (row < 0) {
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.append(progress);
        endInsertRows();
        emit countChanged();
    } else {
        m_rows[row] = progress;
        emit dataChanged(index(row), index(row));
    }
    if (activeCount() != before)
        emit activeCountChanged();
}

void TransferListModel::remove(qint64 id, TransferDirection direction) {
    const int row = rowOf(id, direction);
    if (row < 0)
        return;
    const int before = activeCount();
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    emit countChanged();
    if (activeCount() != before)
        emit activeCountChanged();
}

} // namespace msgr::core
