#pragma once
//! Turns messages that arrive while the window is not active into desktop notifications, one
//! per chat (a newer message replaces the shown one): the sender's name (and the group's) and
//! the text, or only "New message" when the user hides previews and always in secret chats,
//! whose text must not leave the app. Nothing is shown when notifications are off, for this
//! account's own messages, for history pages of older messages, for muted chats, or while the
//! window is active.
//! Reading the chat (on this device or another) withdraws its notification; a click on it
//! raises chatRequested, which the UI answers by opening the chat. QML's `Notifier` singleton.
//!
//! Thread affinity: GUI thread. Reads names through UserNames (never the disk here).
#include <QHash>
#include <QObject>
#include <QSet>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace msgr::platform {
class DesktopNotifications;
}
namespace msgr::storage {
struct ChangeSet;
struct MessageRecord;
} // namespace msgr::storage

namespace msgr::core {

class ChatListModel;
class CoreContext;
class UiPreferences;

class MessageNotifier : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Notifier)
    QML_SINGLETON

public:
    //! Every part must outlive the notifier.
    MessageNotifier(CoreContext *context, ChatListModel *chats, UiPreferences *preferences,
                    platform::DesktopNotifications *desktop, QObject *parent = nullptr);

    //! The instance QML's `Notifier` resolves to; provided before QML loads. Without one (QML
    //! loaded without the app: tests, tools) the engine gets one that never notifies.
    static void provideForQml(MessageNotifier *notifier);
    static MessageNotifier *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    //! Whether one of the app's windows has the focus (the app follows the application state).
    void setWindowActive(bool active);

signals:
    //! The user clicked the notification of `chatId`: show that chat.
    void chatRequested(double chatId, const QString &title);

private:
    explicit MessageNotifier(QObject *parent); // the inert one
    void onStoreChanged(const storage::ChangeSet &changes);
    void notify(const storage::MessageRecord &message);
    void withdrawReadChats(int firstRow, int lastRow);

    CoreContext *m_context = nullptr;
    ChatListModel *m_chats = nullptr;
    UiPreferences *m_preferences = nullptr;
    platform::DesktopNotifications *m_desktop = nullptr;
    bool m_windowActive = true;
    //! Messages dated before this (minus the clock slack) are history, not news.
    qint64 m_since = 0;
    QHash<qint64, qint64> m_newestDate; // chat -> date of the newest message seen since start
    QSet<qint64> m_shown;               // chats whose notification is on screen
};

} // namespace msgr::core
