#include "core/media/transfer_manager_base.h"

#include "core/media/transfer_progress.h"

#include <QNetworkAccessManager>

namespace msgr::core {

TransferManagerBase::TransferManagerBase(TransferEnvironment &environment, int progressIntervalMs,
                                         QObject *parent)
    : QObject(parent), m_route(environment), m_progressTimer(this) {
    qRegisterMetaType<TransferProgress>();
    m_progressTimer.setInterval(progressIntervalMs);
    m_progressTimer.setSingleShot(true);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] { flushProgress(); });
}

void TransferManagerBase::setServer(const QUrl &serverUrl, const QString &token) {
    QMetaObject::invokeMethod(
        this,
        [this, serverUrl, token] {
            m_route.server = serverUrl;
            m_route.token = token;
            schedule();
        },
        Qt::QueuedConnection);
}

void TransferManagerBase::setProxy(const ProxySettings &proxy) {
    QMetaObject::invokeMethod(
        this,
        [this, proxy] {
            m_proxy = proxy;
            if (m_route.network) // else connectNetwork() applies it
                m_route.network->setProxyFactory(new SettingsProxyFactory(proxy));
        },
        Qt::QueuedConnection);
}

void TransferManagerBase::connectNetwork() {
    if (!m_route.network)
        m_route.network = new QNetworkAccessManager(this); // on this (the transfer) thread
    m_route.network->setProxyFactory(new SettingsProxyFactory(m_proxy));
}

void TransferManagerBase::progressLater() {
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

} // namespace msgr::core
