#include "core/devices/device_list_model.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"

#include <QDateTime>
#include <QSet>

namespace msgr::core {

DeviceListModel::DeviceListModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent), m_context(context) {}

void DeviceListModel::refresh() {
    if (m_context && m_context->engine())
        m_context->engine()->refreshDevices();
}

void DeviceListModel::setDevices(const QList<protocol::Device> &devices) {
    QSet<qint64> fresh;
    for (const protocol::Device &d : devices)
        fresh.insert(d.id);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!fresh.contains(m_rows[row].id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    for (const protocol::Device &d : devices) {
        const int row = rowOf(d.id);
        if (row >= 0) {
            if (!(m_rows[row] == d)) {
                m_rows[row] = d;
                emit dataChanged(index(row), index(row));
            }
            continue;
        }
        const int end = int(m_rows.size());
        beginInsertRows({}, end, end);
        m_rows.append(d);
        endInsertRows();
    }
}

int DeviceListModel::rowOf(qint64 deviceId) const {
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].id == deviceId)
            return row;
    }
    return -1;
}

int DeviceListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::Device &d = m_rows[index.row()];
    switch (role) {
    case DeviceIdRole:
        return d.id;
    case Qt::DisplayRole:
    case NameRole:
        return d.name;
    case LastSeenRole:
        return QDateTime::fromMSecsSinceEpoch(d.lastSeenAt);
    case CurrentRole:
        return d.current;
    }
    return {};
}

QHash<int, QByteArray> DeviceListModel::roleNames() const {
    return {{DeviceIdRole, "deviceId"},
            {NameRole, "name"},
            {LastSeenRole, "lastSeen"},
            {CurrentRole, "current"}};
}

} // namespace msgr::core
