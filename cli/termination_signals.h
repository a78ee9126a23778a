#pragma once
//! SIGINT and SIGTERM as a Qt signal: the handler only writes the signal's number into a
//! socket pair (the one async-signal-safe thing it may do), and a QSocketNotifier turns it into
//! `received()` on the main thread, so the command ends through the event loop and the client
//! shuts down cleanly (engine stopped, pending writes committed). POSIX only.
//!
//! Thread affinity: the main thread; one instance per process.
#include <QObject>

class QSocketNotifier;

namespace msgr::cli {

class TerminationSignals : public QObject {
    Q_OBJECT
public:
    //! Installs the handlers (SA_RESTART, so no other call of any thread sees EINTR).
    explicit TerminationSignals(QObject *parent = nullptr);
    //! Puts the default handlers back.
    ~TerminationSignals() override;

    //! False when the socket pair or a handler could not be set up.
    bool isInstalled() const { return m_installed; }
    //! Becomes readable when a signal has arrived and not yet been reported: code that must
    //! block outside the event loop (reading a secret from stdin) poll()s it too, and stops.
    int pendingFd() const;

signals:
    void received(int signalNumber);

private:
    void drain();

    bool m_installed = false;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace msgr::cli
