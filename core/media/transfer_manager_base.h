#pragma once
//! What UploadManager and DownloadManager share: the thread-safe calls that say where their
//! transfers go (the server and session token, the proxy), the network manager made on the
//! transfer thread, the gate of the first load of the profile's transfers, and the reports of
//! their transfers (a state change at once, progress at most once per interval). Each manager
//! keeps its own transfers and its own environment (a TransferEnvironment with its settings).
//!
//! Thread affinity: the manager's transfer thread; setServer(), setProxy() and whenLoaded() may
//! be called from any thread (each is queued to it). Signals are emitted on the transfer thread.
#include "core/media/load_gate.h"
#include "core/media/transfer_environment.h"
#include "core/media/transfer_progress.h"
#include "core/net/proxy_settings.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>
#include <optional>

namespace msgr::core {

class TransferManagerBase : public QObject {
    Q_OBJECT
public:
    // ---- thread-safe entry points
    //! The server (http(s)://host:port, the WebSocket's host and port) and the session token;
    //! an empty token (signed out) holds every transfer until a new one is given.
    void setServer(const QUrl &serverUrl, const QString &token);
    //! The proxy of every later request (proxy_settings.h); a request under way finishes
    //! where it started.
    void setProxy(const ProxySettings &proxy);
    //! Runs `then` on `receiver`'s thread once start() has loaded the profile's transfers (at
    //! once when it has): every report of a loaded transfer comes before it.
    void whenLoaded(QObject *receiver, std::function<void()> then);

signals:
    void loaded();
    void transferChanged(const msgr::core::TransferProgress &progress);
    void transferRemoved(qint64 id);

protected:
    //! `environment` is the subclass's own member: bound here, used only after construction.
    //! `transfersName` ("uploads", "downloads") is for the log.
    TransferManagerBase(TransferEnvironment &environment, int progressIntervalMs,
                        const char *transfersName, QObject *parent);

    //! On the transfer thread: the network manager, made there on the first call (a child of
    //! this manager), routed through the proxy given last.
    void connectNetwork();
    //! The profile's transfers are loaded and reported: the gate opens, loaded(), and what may
    //! start starts.
    void finishLoading();
    //! Reports the transfer's state now (its pending progress report goes with it).
    template <class Transfer> void report(const Transfer *transfer) {
        m_unreported.remove(transfer->id());
        emit transferChanged(transfer->progress());
    }
    //! Follows a new transfer: a state change is reported at once and may free a slot,
    //! progress at most once per interval; a refused token holds every transfer until a new
    //! one comes; a removed transfer leaves (forget(), then transferRemoved).
    template <class Transfer> void watch(Transfer *transfer);

    //! Starts what may start now (the server, token or a slot changed).
    virtual void schedule() = 0;
    //! The progress of transfer `id`, if the manager still has it.
    virtual std::optional<TransferProgress> progressOf(qint64 id) const = 0;
    //! Transfer `id` was removed: the subclass drops it from its list (it is deleted later).
    virtual void forget(qint64 id) = 0;

    LoadGate m_loaded; // open once the profile's transfers are loaded (start())

private:
    void progressLater(qint64 id);
    void flushProgress();
    void tokenRefused();

    TransferEnvironment &m_route;
    const char *m_transfersName;
    ProxySettings m_proxy;
    QSet<qint64> m_unreported; // progressed since the last report
    QTimer m_progressTimer;    // a child: moves to the transfer thread with the manager
};

template <class Transfer> void TransferManagerBase::watch(Transfer *transfer) {
    connect(transfer, &Transfer::stateChanged, this, [this, transfer] {
        report(transfer);
        schedule();
    });
    connect(transfer, &Transfer::progressed, this,
            [this, transfer] { progressLater(transfer->id()); });
    connect(transfer, &Transfer::unauthorized, this, [this] { tokenRefused(); });
    connect(transfer, &Transfer::removed, this, [this, transfer] {
        const qint64 id = transfer->id();
        forget(id);
        m_unreported.remove(id);
        transfer->deleteLater();
        emit transferRemoved(id);
        schedule();
    });
}

} // namespace msgr::core
