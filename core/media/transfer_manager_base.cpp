#include "core/media/transfer_manager_base.h"

#include "core/media/media_logging.h"

#include <QNetworkAccessManager>

namespace msgr::core {

TransferManagerBase::TransferManagerBase(TransferEnvironment &environment, int progressIntervalMs,
                                         const char *transfersName, QObject *parent)
    : QObject(parent), m_route(environment), m_transfersName(transfersName), m_progressTimer(this) {
    qRegisterMetaType<TransferProgress>();
    m_progressTimer.setInterval(progressIntervalMs);
    m_progressTimer.setSingleShot(true);
    connect(&m_progressTimer, &QTimer::timeout, this, &TransferManagerBase::flushProgress);
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

void TransferManagerBase::whenLoaded(QObject *receiver, std::function<void()> then) {
    LoadGate::whenOpenQueued(this, &m_loaded, receiver, std::move(then));
}

void TransferManagerBase::connectNetwork() {
    if (!m_route.network)
        m_route.network = new QNetworkAccessManager(this); // on this (the transfer) thread
    m_route.network->setProxyFactory(new SettingsProxyFactory(m_proxy));
}

void TransferManagerBase::finishLoading() {
    m_loaded.open();
    emit loaded();
    schedule();
}

void TransferManagerBase::progressLater(qint64 id) {
    m_unreported.insert(id);
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

void TransferManagerBase::flushProgress() {
    const QSet<qint64> ids = std::exchange(m_unreported, {});
    for (const qint64 id : ids)
        if (const std::optional<TransferProgress> progress = progressOf(id))
            emit transferChanged(*progress);
}

void TransferManagerBase::tokenRefused() {
    // Every transfer would be refused the same: hold them until a new token comes.
    if (!m_route.token.isEmpty())
        qCInfo(lcMedia) << "the server refused the session token;" << m_transfersName << "wait";
    m_route.token.clear();
}

} // namespace msgr::core
