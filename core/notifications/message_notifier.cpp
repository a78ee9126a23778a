#include "core/notifications/message_notifier.h"

#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/preferences/ui_preferences.h"
#include "platform/desktop_notifications.h"
#include "storage/profile_store.h"
#include "storage/records.h"
#include "storage/secret_chat_id.h"

#include <QDateTime>
#include <QJSEngine>
#include <QLoggingCategory>
#include <QQmlEngine>

namespace msgr::core {
namespace {

Q_LOGGING_CATEGORY(lcNotifier, "msgr.notifications")

// The server dates messages by its clock; a device whose clock runs ahead would otherwise take
// the first minutes' messages for history.
constexpr qint64 kClockSlackMs = 5 * 60 * 1000;

MessageNotifier *&providedForQml() {
    static MessageNotifier *instance = nullptr;
    return instance;
}

} // namespace

MessageNotifier::MessageNotifier(QObject *parent) : QObject(parent) {}

MessageNotifier::MessageNotifier(CoreContext *context, ChatListModel *chats,
                                 UiPreferences *preferences,
                                 platform::DesktopNotifications *desktop, QObject *parent)
    : QObject(parent), m_context(context), m_chats(chats), m_preferences(preferences),
      m_desktop(desktop), m_since(QDateTime::currentMSecsSinceEpoch() - kClockSlackMs) {
    Q_ASSERT(m_context && m_chats && m_preferences && m_desktop);
    connect(m_context->store(), &storage::ProfileStore::changed, this,
            &MessageNotifier::onStoreChanged);
    connect(m_chats, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &first, const QModelIndex &last) {
                withdrawReadChats(first.row(), last.row());
            });
    connect(m_desktop, &platform::DesktopNotifications::activated, this, [this](qint64 chatId) {
        m_shown.remove(chatId);
        emit chatRequested(double(chatId), m_chats->titleOf(double(chatId)));
    });
}

void MessageNotifier::provideForQml(MessageNotifier *notifier) {
    providedForQml() = notifier;
}

MessageNotifier *MessageNotifier::create(QQmlEngine *qmlEngine, QJSEngine *) {
    MessageNotifier *notifier = providedForQml();
    if (!notifier)
        return new MessageNotifier(qmlEngine);
    QJSEngine::setObjectOwnership(notifier, QJSEngine::CppOwnership);
    return notifier;
}

void MessageNotifier::setWindowActive(bool active) {
    m_windowActive = active;
}

void MessageNotifier::onStoreChanged(const storage::ChangeSet &changes) {
    // The newest message of each chat in this batch: a chat gets one notification, not one per
    // message of a catch-up.
    QHash<qint64, const storage::MessageRecord *> newest;
    for (const storage::MessageRecord &message : changes.insertedMessages) {
        if (message.pending || message.senderId == m_context->selfUserId() ||
            message.date < m_since)
            continue;
        qint64 &seen = m_newestDate[message.chatId];
        if (message.date < seen) // an older page of history
            continue;
        seen = message.date;
        newest.insert(message.chatId, &message);
    }
    if (newest.isEmpty() || m_windowActive || !m_preferences->notifications() ||
        !m_desktop->available())
        return;
    for (const storage::MessageRecord *message : std::as_const(newest))
        if (!m_chats->isMuted(double(message->chatId))) // muted: the grey badge only
            notify(*message);
}

void MessageNotifier::notify(const storage::MessageRecord &message) {
    const bool preview =
        m_preferences->notificationPreview() && !storage::isSecretChatId(message.chatId);
    if (!preview) {
        m_desktop->show(message.chatId, tr("Messenger"), tr("New message"));
        m_shown.insert(message.chatId);
        return;
    }
    // The sender's name may not be cached yet; the notification waits for it (one read on the
    // storage thread), and shows the text it had.
    UserNames *names = m_context->userNames();
    names->request(
        {message.senderId}, this,
        [this, names, chatId = message.chatId, senderId = message.senderId,
         text = message.text.isEmpty() && !message.attachments.isEmpty()
                    ? ChatListModel::attachmentLabel(message.attachments.first().kind)
                    : message.text] {
            QString sender = names->name(senderId);
            if (sender.isEmpty())
                sender = tr("Someone");
            const int row = m_chats->rowOfChat(chatId);
            const bool group =
                row >= 0 && m_chats->index(row).data(ChatListModel::KindRole).toString() !=
                                QLatin1String("private");
            const QString title =
                group ? tr("%1 in %2").arg(sender, m_chats->titleOf(double(chatId))) : sender;
            m_desktop->show(chatId, title, text);
            m_shown.insert(chatId);
        });
}

void MessageNotifier::withdrawReadChats(int firstRow, int lastRow) {
    if (m_shown.isEmpty())
        return;
    for (int row = qMax(0, firstRow); row <= lastRow && row < m_chats->rowCount(); ++row) {
        const QModelIndex index = m_chats->index(row);
        const qint64 chatId = index.data(ChatListModel::ChatIdRole).toLongLong();
        if (m_shown.contains(chatId) && index.data(ChatListModel::UnreadCountRole).toInt() == 0) {
            qCDebug(lcNotifier) << "chat read; notification withdrawn";
            m_desktop->withdraw(chatId);
            m_shown.remove(chatId);
        }
    }
}

} // namespace msgr::core
