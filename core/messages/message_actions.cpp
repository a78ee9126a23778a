#include "core/messages/message_actions.h"

#include "core/engine/sync_engine.h"
#include "crypto/sodium.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QStringList>

namespace msgr::core {

MessageActions::MessageActions(QObject *parent) : QObject(parent) {}

MessageActions::MessageActions(CoreContext *context, QObject *parent)
    : QObject(parent), m_context(context) {}

void MessageActions::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    m_context = context;
    emit contextChanged();
}

bool MessageActions::canEdit(bool outgoing, double messageId, double date) const {
    // The server decides; this only keeps the menu from offering what it would refuse.
    return outgoing && messageId > 0 &&
           QDateTime::currentMSecsSinceEpoch() - qint64(date) < kEditWindowMs;
}

bool MessageActions::canDeleteForEveryone(bool outgoing, double messageId, double date) const {
    return canEdit(outgoing, messageId, date);
}

void MessageActions::copyText(const QString &text) const {
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

void MessageActions::edit(double chatId, double messageId, const QString &text) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine) {
        emit refused(tr("Not connected; try again when online."));
        return;
    }
    ++m_busy;
    emit busyChanged();
    engine->editMessage(qint64(chatId), qint64(messageId), text, this,
                        [this](const QString &error) { finish(error); });
}

void MessageActions::remove(double chatId, const QVariantList &messageIds, bool forEveryone) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine) {
        emit refused(tr("Not connected; try again when online."));
        return;
    }
    QList<qint64> ids;
    for (const QVariant &id : messageIds)
        if (const qint64 serverId = id.toLongLong(); serverId > 0)
            ids.append(serverId);
    if (ids.isEmpty())
        return;
    ++m_busy;
    emit busyChanged();
    engine->deleteMessages(qint64(chatId), ids, forEveryone, this,
                           [this](const QString &error) { finish(error); });
}

void MessageActions::forward(double fromChatId, const QVariantList &messageIds, double toChatId) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine) {
        emit refused(tr("Not connected; try again when online."));
        return;
    }
    QList<qint64> ids;
    QStringList keyParts{QString::number(qint64(fromChatId))};
    for (const QVariant &id : messageIds) {
        if (const qint64 serverId = id.toLongLong(); serverId > 0 && !ids.contains(serverId)) {
            ids.append(serverId);
            keyParts.append(QString::number(serverId));
        }
    }
    if (ids.isEmpty() || qint64(toChatId) <= 0)
        return;
    keyParts.append(QString::number(qint64(toChatId)));
    const QString key = keyParts.join(QLatin1Char(':'));
    QList<qint64> &randomIds = m_forwardIds[key];
    if (randomIds.size() != ids.size()) {
        randomIds.clear();
        for (qsizetype i = 0; i < ids.size(); ++i)
            randomIds.append(crypto::randomNonZeroInt63());
    }
    ++m_busy;
    emit busyChanged();
    engine->forwardMessages(qint64(fromChatId), ids, qint64(toChatId), randomIds, this,
                            [this, key](const QString &error) {
                                if (error.isEmpty())
                                    m_forwardIds.remove(key); // stored: a new forward is new
                                finish(error);
                            });
}

void MessageActions::pin(double chatId, double messageId, bool pinned) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine) {
        emit refused(tr("Not connected; try again when online."));
        return;
    }
    if (qint64(chatId) <= 0 || qint64(messageId) <= 0)
        return;
    ++m_busy;
    emit busyChanged();
    engine->pinMessage(qint64(chatId), qint64(messageId), pinned, this,
                       [this](const QString &error) { finish(error); });
}

void MessageActions::finish(const QString &error) {
    --m_busy;
    emit busyChanged();
    if (error.isEmpty())
        emit done();
    else
        emit refused(error);
}

} // namespace msgr::core
