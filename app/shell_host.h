#pragma once
//! The window: Main.qml in a QML engine of its own. QML's singletons (Session, Notifier) are
//! fixed for an engine's life, so showing another account builds a new engine over the newly
//! provided ones (reload) and puts its window where the old one was (position, size, maximised),
//! then destroys the old engine. Qt 6.4 has no way to swap a singleton in place.
//!
//! Thread affinity: GUI thread. reload() destroys the old engine's objects: never call it from
//! inside QML (the account requests reach it queued, app/account_manager.h).
#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <functional>
#include <memory>

class QQmlEngine;

namespace msgr::app {

class ShellHost : public QObject {
    Q_OBJECT
public:
    //! `configure` runs on each new engine before Main.qml loads (translations, import paths).
    explicit ShellHost(std::function<void(QQmlEngine *)> configure, QObject *parent = nullptr);
    ~ShellHost() override;

    //! Builds Main.qml in a new engine over the singletons provided now; the previous window, if
    //! any, gives its place and is destroyed. False (the reason logged, loadFailed emitted) when
    //! Main.qml does not load.
    bool reload();

    QQuickWindow *window() const { return m_window; }
    QQmlEngine *engine() const { return m_engine.get(); }

signals:
    void loadFailed();
    //! A new window is shown (after each reload()).
    void windowChanged();

private:
    std::function<void(QQmlEngine *)> m_configure;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_root;
    QPointer<QQuickWindow> m_window;
};

} // namespace msgr::app
