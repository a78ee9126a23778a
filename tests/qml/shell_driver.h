#pragma once
//! Moving around the real Main.qml's shell as a user does, for the tests that drive it over a
//! real client: a window size that picks the phone or the desktop layout, opening a chat from the
//! list, going back, and reading a chat-list row's second line. Each waits for the shell to have
//! done it (QTRY_*), so a caller's next step sees the page it asked for. Header-only; main thread.
#include "tests/qml/qml_client_helpers.h"

#include <QQuickWindow>
#include <QSize>
#include <QString>

namespace msgr::test::qml {

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
