#include "core/drafts/drafts.h"

#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/drafts_table.h"

#include <QDateTime>
#include <utility>

namespace msgr::core {

Drafts::Drafts(storage::ProfileStore *store, QObject *parent) : QObject(parent), m_store(store) {
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &Drafts::saveAll);
    if (m_store)
        connect(m_store, &storage::ProfileStore::changed, this, &Drafts::onStoreChanged);
}

QString Drafts::text(double chatId) const {
    return m_texts.value(qint64(chatId));
}

void Drafts::edit(double chatIdValue, const QString &text) {
    const qint64 chatId = qint64(chatIdValue);
    if (chatId == 0 || (m_texts.value(chatId) == text && !m_unsaved.contains(chatId)))
        return;
    ++m_generations[chatId];
    if (text.isEmpty())
        m_texts.remove(chatId);
    else
        m_texts.insert(chatId, text);
    m_unsaved.insert(chatId, text);
    m_saveTimer.start();
    bump();
}

void Drafts::saveNow(double chatIdValue) {
    const qint64 chatId = qint64(chatIdValue);
    if (m_unsaved.contains(chatId))
        save(chatId, m_unsaved.take(chatId));
}

void Drafts::saveAll() {
    const QHash<qint64, QString> unsaved = std::exchange(m_unsaved, {});
    for (auto it = unsaved.cbegin(); it != unsaved.cend(); ++it)
        save(it.key(), it.value());
}

void Drafts::save(qint64 chatId, const QString &text) {
    if (!m_store)
        return;
    // A read posted before this write would still see the old text: it must not win.
    ++m_generations[chatId];
    const bool toServer = !storage::isSecretChatId(chatId);
    m_store->write(
        [chatId, text, toServer,
         now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            storage::DraftsTable::saveLocal(tx, chatId, text, now, toServer);
        },
        this,
        [this, toServer] {
            if (toServer && m_sender)
                m_sender();
        });
}

void Drafts::reload() {
    if (!m_store)
        return;
    m_store->read([](storage::ReadTransaction &tx) { return storage::DraftsTable::texts(tx); },
                  this,
                  [this, generations = m_generations](const QHash<qint64, QString> &read) {
                      QList<qint64> chatIds = read.keys();
                      for (auto it = m_texts.cbegin(); it != m_texts.cend(); ++it)
                          if (!read.contains(it.key()))
                              chatIds.append(it.key());
                      take(read, chatIds, generations);
                  });
}

void Drafts::onStoreChanged(const storage::ChangeSet &changes) {
    if (changes.reset) {
        reload();
        return;
    }
    if (changes.changedChatIds.isEmpty())
        return;
    const QList<qint64> chatIds = changes.changedChatIds;
    m_store->read(
        [chatIds](storage::ReadTransaction &tx) {
            QHash<qint64, QString> read;
            for (const qint64 chatId : chatIds)
                if (const auto row = storage::DraftsTable::find(tx, chatId);
                    row && !row->text.isEmpty())
                    read.insert(chatId, row->text);
            return read;
        },
        this,
        [this, chatIds, generations = m_generations](const QHash<qint64, QString> &read) {
            take(read, chatIds, generations);
        });
}

void Drafts::take(const QHash<qint64, QString> &read, const QList<qint64> &chatIds,
                  const QHash<qint64, quint64> &generations) {
    bool any = false;
    for (const qint64 chatId : chatIds) {
        // Edited or saved here since the read was posted: the read may predate it.
        if (m_unsaved.contains(chatId) || m_generations.value(chatId) != generations.value(chatId))
            continue;
        const QString text = read.value(chatId);
        if (m_texts.value(chatId) == text)
            continue;
        if (text.isEmpty())
            m_texts.remove(chatId);
        else
            m_texts.insert(chatId, text);
        any = true;
    }
    if (any)
        bump();
}

void Drafts::bump() {
    ++m_revision;
    emit changed();
}

} // namespace msgr::core
