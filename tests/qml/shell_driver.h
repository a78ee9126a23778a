#pragma once
//! Moving around the real Main.qml's shell as a user does, for the tests that drive it over a
//! real client: a window size that picks the phone or the desktop layout, opening a chat from the
//! list, going back, and reading a chat-list row's second line. Each waits for the shell to have
//! done it (QTRY_*), so a caller's next step sees the page it asked for; and the shell itself
//! (ShellWindow). Header-only; main thread.
#include "tests/qml/qml_client_helpers.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QSize>
#include <QString>
#include <QTest>
#include <memory>

namespace msgr::test::qml {

//! The real Main.qml in an engine of its own (the client's Session already provided to QML),
//! shown at a size and active: what the user sees. Destroy it before the client.
class ShellWindow {
public:
    //! False, with the reason in the test's log, when Main.qml does not load or its window does
    //! not become active.
    bool show(const QSize &size) {
        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_root.reset(main.create());
        m_window = qobject_cast<QQuickWindow *>(m_root.get());
        if (!m_window) {
            qWarning("Main.qml did not load: %s", qPrintable(main.errorString()));
            return false;
        }
        m_window->resize(size);
        m_window->requestActivate();
        return QTest::qWaitForWindowActive(m_window);
    }
    QQuickWindow *window() const { return m_window; }
    void reset() {
        m_window = nullptr;
        m_root.reset();
        m_engine.reset();
    }

private:
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_root;
    QQuickWindow *m_window = nullptr;
};

//! Theme.twoPaneBreakpoint: narrower windows get the phone's one-page stack.
inline constexpr int kTwoPaneBreakpoint = 720;

//! Waits until the phone layout's page stack has stopped moving (nothing to wait for on desktop).
inline void settleShell(QQuickWindow *window, int timeoutMs) {
    if (QQuickItem *stack = visibleItem(window->contentItem(), QStringLiteral("stack")))
        QTRY_VERIFY_WITH_TIMEOUT(!stack->property("busy").toBool(), timeoutMs);
}

//! Resizes the window and waits for the layout that size picks.
inline void resizeShell(QQuickWindow *window, const QSize &size, int timeoutMs) {
    window->resize(size);
    QTRY_COMPARE_WITH_TIMEOUT(window->size(), size, timeoutMs);
    const bool phone = size.width() < kTwoPaneBreakpoint;
    QTRY_VERIFY_WITH_TIMEOUT(visibleItem(window->contentItem(), phone ? QStringLiteral("stack")
                                                                      : QStringLiteral("twoPanes")),
                             timeoutMs);
}

//! Back to the chat list (phone) or nothing open (desktop).
inline void closeOpenChat(QQuickWindow *window, int timeoutMs) {
    if (QQuickItem *page = visibleItem(window->contentItem(), QStringLiteral("chatPage"))) {
        QVERIFY(QMetaObject::invokeMethod(page, "back"));
        QTRY_VERIFY_WITH_TIMEOUT(!visibleItem(window->contentItem(), QStringLiteral("chatPage")),
                                 timeoutMs);
    }
    settleShell(window, timeoutMs);
}

//! Opens `chatId` by clicking its row in the chat list, as a user would.
inline void openChatFromList(QQuickWindow *window, qint64 chatId, int timeoutMs) {
    closeOpenChat(window, timeoutMs);
    QQuickItem *list = visibleItem(window->contentItem(), QStringLiteral("chatList"));
    QVERIFY(list);
    QTRY_VERIFY_WITH_TIMEOUT(delegateWith(list, "chatId", chatId), timeoutMs);
    QVERIFY(QMetaObject::invokeMethod(delegateWith(list, "chatId", chatId), "clicked"));
    const auto page = [window] {
        return visibleItem(window->contentItem(), QStringLiteral("chatPage"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(page(), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(page()->property("chatId").toDouble(), double(chatId), timeoutMs);
    settleShell(window, timeoutMs);
}

//! The second line of the chat's row in the list ("<no row>" when the list does not show it).
inline QString chatRowLine(QQuickWindow *window, qint64 chatId) {
    QQuickItem *list = visibleItem(window->contentItem(), QStringLiteral("chatList"));
    QQuickItem *row = list ? delegateWith(list, "chatId", chatId) : nullptr;
    QQuickItem *line = row ? row->findChild<QQuickItem *>(QStringLiteral("rowSubtitle")) : nullptr;
    return line ? line->property("text").toString() : QStringLiteral("<no row>");
}

} // namespace msgr::test::qml
