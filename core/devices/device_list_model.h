#pragma once
//! This account's devices as the server lists them; refresh() asks again. GUI thread only.
#include "protocol/objects.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class CoreContext;

class DeviceListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Reached as Session.devices")
public:
    enum Role { DeviceIdRole = Qt::UserRole + 1, NameRole, LastSeenRole, CurrentRole };
    Q_ENUM(Role)

    explicit DeviceListModel(CoreContext *context, QObject *parent = nullptr);

    Q_INVOKABLE void refresh();
    //! Applies a fresh list as row diffs (matched by device id).
    void setDevices(const QList<protocol::Device> &devices);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    int rowOf(qint64 deviceId) const;

    QPointer<CoreContext> m_context;
    QList<protocol::Device> m_rows;
};

} // namespace msgr::core
