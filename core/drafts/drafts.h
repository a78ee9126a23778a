#pragma once
//! Each chat's draft as the views show it (docs/protocol.md §17.2): the composer restores it
//! when the chat opens and keeps it when the user leaves; the chat list shows "Draft: …". The
//! composer's text goes here as the user types (edit(): shown at once), and is stored
//! kSaveDelayMs after the last change, or at once when the user leaves the chat or sends
//! (saveNow()); the engine then sends it to the server (secret chats: kept on this device
//! only). Other devices' drafts come through the store: every change set that names a chat
//! re-reads its draft, except where the user has edited since the read began, so what is typed
//! here is never replaced by an older read.
//!
//! One per app, shared by every view (Session.context.drafts). Thread affinity: the GUI
//! thread; the disk through ProfileStore jobs, the network through the engine (`setSender`).
#include <QHash>
#include <QObject>
#include <QTimer>
#include <QtQml/qqml.h>
#include <functional>

namespace msgr::storage {
class ProfileStore;
struct ChangeSet;
} // namespace msgr::storage

namespace msgr::core {

class Drafts : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("One per app: Session.context.drafts")
    //! Changes whenever any draft may have: bind to it to re-read text().
    Q_PROPERTY(int revision READ revision NOTIFY changed)
public:
    //! Typing pauses this long before the draft is stored (and sent): one save per pause, not
    //! one per keystroke (the server's bucket is kDraftSaveBurst, docs/protocol.md §17.2).
    static constexpr int kSaveDelayMs = 1000;
    //! Asks the engine to send what is stored and not yet acknowledged.
    using Sender = std::function<void()>;

    explicit Drafts(storage::ProfileStore *store, QObject *parent = nullptr);

    void setSender(Sender sender) { m_sender = std::move(sender); }
    //! Reads every draft from the store (the profile opened, or a reload).
    void reload();

    int revision() const { return m_revision; }
    //! The chat's draft; "" when none.
    Q_INVOKABLE QString text(double chatId) const;
    //! The user changed the composer's text in `chatId`: shown at once, stored after
    //! kSaveDelayMs without a further change.
    Q_INVOKABLE void edit(double chatId, const QString &text);
    //! Stores the chat's edit now, if one waits (the user left the chat, or sent).
    Q_INVOKABLE void saveNow(double chatId);
    //! Stores every edit that waits (the app is closing).
    Q_INVOKABLE void saveAll();

signals:
    void changed();

private:
    void save(qint64 chatId, const QString &text);
    void onStoreChanged(const storage::ChangeSet &changes);
    void take(const QHash<qint64, QString> &read, const QList<qint64> &chatIds,
              const QHash<qint64, quint64> &generations);
    void bump();

    storage::ProfileStore *m_store;
    Sender m_sender;
    QHash<qint64, QString> m_texts;       // what the views show
    QHash<qint64, QString> m_unsaved;     // edits waiting for the save timer
    QHash<qint64, quint64> m_generations; // per chat: bumped by every local edit and save
    QTimer m_saveTimer;
    int m_revision = 0;
};

} // namespace msgr::core
