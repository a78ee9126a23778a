#include "app/shell_host.h"

#include <QCoreApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QUrl>
#include <QVariantMap>

namespace msgr::app {

ShellHost::ShellHost(std::function<void(QQmlEngine *)> configure, QObject *parent)
    : QObject(parent), m_configure(std::move(configure)) {}

ShellHost::~ShellHost() {
    m_root.reset(); // the window before its engine
    m_engine.reset();
}

bool ShellHost::reload() {
    auto engine = std::make_unique<QQmlEngine>();
    // Qt 6.4 puts static QML modules at qrc:/<URI path>; the engine does not look there itself.
    engine->addImportPath(QStringLiteral("qrc:/"));
    connect(engine.get(), &QQmlEngine::quit, QCoreApplication::instance(), &QCoreApplication::quit,
            Qt::QueuedConnection);
    if (m_configure)
        m_configure(engine.get());
    // The new window opens where the old one is, before it is first shown.
    QVariantMap place;
    Qt::WindowStates states = Qt::WindowNoState;
    if (m_window) {
        const QRect geometry = m_window->geometry();
        place = {{QStringLiteral("x"), geometry.x()},
                 {QStringLiteral("y"), geometry.y()},
                 {QStringLiteral("width"), geometry.width()},
                 {QStringLiteral("height"), geometry.height()}};
        states = m_window->windowStates();
    }
    QQmlComponent main(engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
    std::unique_ptr<QObject> root(main.createWithInitialProperties(place));
    auto *window = qobject_cast<QQuickWindow *>(root.get());
    if (!window) {
        qWarning("Main.qml did not load: %s", qPrintable(main.errorString()));
        emit loadFailed();
        return false;
    }
    if (states != Qt::WindowNoState)
        window->setWindowStates(states);
    // The old window goes once the new one is up (the desktop never sees the app without a
    // window), then the old engine.
    m_root = std::move(root);
    std::swap(m_engine, engine);
    m_window = window;
    engine.reset();
    emit windowChanged();
    return true;
}

} // namespace msgr::app
