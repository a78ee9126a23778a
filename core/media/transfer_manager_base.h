#pragma once
//! What UploadManager and DownloadManager share: the thread-safe calls that say where their
//! transfers go (the server and session token, the proxy), the network manager made on the
//! transfer thread, and the timer that throttles progress reports. Each manager keeps its own
//! transfers and its own environment (a TransferEnvironment with its settings).
//!
//! Thread affinity: the manager's transfer thread; setServer() and setProxy() may be called
//! from any thread (each is queued to it).
#include "core/media/transfer_environment.h"
#include "core/net/proxy_settings.h"

#include <QObject>
#include <QTimer>

namespace msgr::core {

class TransferManagerBase : public QObject {
    Q_OBJECT
public:
    // ---- thread-safe entry points
    //! The server (http(s)://host:port) and the session token; an empty token holds every
    //! transfer until a new one is given.
    void setServer(const QUrl &serverUrl, const QString &token);
    //! The proxy of every later request (proxy_settings.h); a request under way finishes
    //! where it started.
    void setProxy(const ProxySettings &proxy);

protected:
    //! `environment` is the subclass's own member: bound here, used only after construction.
    TransferManagerBase(TransferEnvironment &environment, int progressIntervalMs, QObject *parent);

    //! On the transfer thread: the network manager, made there on the first call (a child of
    //! this manager), routed through the proxy given last.
    void connectNetwork();
    //! flushProgress() runs once the progress interval has passed (one report per interval,
    //! however many transfers moved).
    void progressLater();

    //! Starts what may start now (the server, token or a slot changed).
    virtual void schedule() = 0;
    //! Reports the transfers that moved since the last report.
    virtual void flushProgress() = 0;

private:
    TransferEnvironment &m_route;
    ProxySettings m_proxy;
    QTimer m_progressTimer;
};

} // namespace msgr::core
