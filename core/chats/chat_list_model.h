#pragma once
//! The chat list: pinned chats first in their order, then newest activity first, kept in step with
//! the store by row diffs (inserts, moves, dataChanged; never a reset). GUI thread only.
#include "core/messages/message_state.h"
#include "storage/records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class CoreContext;

class ChatListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Reached as Session.chats")
    //! Unread messages in chats that are not muted: the tray's and the window title's count
    //! (a muted chat's messages still count in its own grey badge, as in Telegram).
    Q_PROPERTY(int unreadTotal READ unreadTotal NOTIFY unreadTotalChanged)
    //! Grows whenever a listed chat's photo changes (§24): a binding over photoUrlOf (the chat
    //! header's avatar) names it to be evaluated again.
    Q_PROPERTY(int photoRevision READ photoRevision NOTIFY photoRevisionChanged)
public:
    enum Role {
        ChatIdRole = Qt::UserRole + 1,
        TitleRole,
        LastTextRole,
        LastDateRole,
        UnreadCountRole,
        LastOutgoingStateRole,
        PeerUserIdRole,
        KindRole,
        PinnedRole,          // bool: the chat is pinned (sorted first, Telegram's pin mark)
        IsSecretRole,        // bool: an end-to-end encrypted secret chat (on this device only)
        MutedRole,           // bool: muted now (no notification, grey badge, not in unreadTotal)
        PinnedMessageIdRole, // double: the server id of the message pinned in it (0: none)
        IsSupergroupRole,    // bool: a channel whose members all write (§23)
        PhotoUrlRole,        // the chat's photo (§24; a private chat's: the peer's), "": letters
    };
    Q_ENUM(Role)

    explicit ChatListModel(CoreContext *context, QObject *parent = nullptr);

    //! Reads every chat once (the store must be open); later changes arrive as diffs.
    void load();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    //! The row of a chat, or -1.
    Q_INVOKABLE int rowOfChat(qint64 chatId) const;
    //! The chat `steps` rows after (negative: before) `chatId` in the list's order, wrapping
    //! around (Ctrl+Tab walks the list as it is shown); the first chat when `chatId` is not
    //! listed; 0 when the list is empty. A double, as QML holds ids (docs/client-api.md).
    Q_INVOKABLE double chatAfter(double chatId, int steps) const;
    //! What a message that only carries a file of `kind` is called ("Photo", "File", ...).
    static QString attachmentLabel(storage::AttachmentKind kind);
    //! The title shown for `chatId` in the list, or empty.
    Q_INVOKABLE QString titleOf(double chatId) const;
    //! The other member of a private chat (for "start a secret chat"), or 0 (not a private
    //! chat, or Saved Messages: a chat with oneself).
    Q_INVOKABLE double peerUserIdOf(double chatId) const;
    //! A group's members (ids as doubles, for QML: the header's "N members, M online"); empty
    //! for other chats and chats not in the list.
    Q_INVOKABLE QList<double> memberIdsOf(double chatId) const;

    //! "private", "group" or "channel" (as the kind role); "" for a chat not in the list.
    Q_INVOKABLE QString kindOf(double chatId) const;
    //! The chat's photo URL (as the photoUrl role, §24); "" for none or a chat not listed.
    Q_INVOKABLE QString photoUrlOf(double chatId) const;
    //! Whether the chat is muted at this moment (false for a chat not in the list).
    Q_INVOKABLE bool isMuted(double chatId) const;
    //! The server id of the message pinned in the chat (docs/protocol.md §17.4), 0: none or a
    //! chat not in the list. A call: follow the model's dataChanged to see it change.
    Q_INVOKABLE double pinnedMessageIdOf(double chatId) const;
    //! Whether the signed-in user may pin messages in the chat (docs/protocol.md §17.4): either
    //! side of a private chat, a group's owner and admins; a group whose role is not stored
    //! yet too (the server decides). Not in channels (no pins there) or unknown chats.
    Q_INVOKABLE bool mayPinMessagesIn(double chatId) const;

    int unreadTotal() const { return m_unreadTotal; }
    int photoRevision() const { return m_photoRevision; }

signals:
    void unreadTotalChanged();
    void photoRevisionChanged();

private:
    void onChanged(const storage::ChangeSet &changes);
    void upsert(const storage::ChatRecord &chat);
    void insertAll(QList<storage::ChatRecord> chats);
    void removeMissing(const QList<storage::ChatRecord> &chats);
    //! A chat's photo may have changed: photoUrlOf bindings read it again.
    void bumpPhotoRevision();
    void requestNames();
    int sortedPosition(const storage::ChatRecord &chat, int skipRow) const;
    //! Recounts unreadTotal and sets the timer for the next mute to run out.
    void refreshMuteState();
    void onMuteEnded();

    QPointer<CoreContext> m_context;
    QList<storage::ChatRecord> m_rows;
    bool m_loaded = false;
    int m_unreadTotal = 0;
    int m_photoRevision = 0;
    QTimer m_muteEnd; // fires when the soonest timed mute runs out
};

} // namespace msgr::core
