#pragma once
//! One chat's messages, paged from the local database: the newest page first, older pages on
//! fetchMore(), new messages appended as row inserts, state changes as dataChanged. When the
//! database has nothing older and the chat's history is not known to be complete, fetchMore()
//! asks the server (through the SyncEngine) for an older page, stores it and inserts it at the
//! top; offline it waits and resumes once the engine is online again.
//! GUI thread only.
#include "core/context/core_context.h"
#include "core/media/transfer_progress.h"
#include "core/messages/message_state.h"
#include "storage/records.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QUrl>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <optional>

namespace msgr::core {

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    //! Injected: by the C++ constructor, or from QML (`context: Session.context`). Without one
    //! the model stays empty.
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    // A double for QML: Qt 6.4 cannot assign a qint64 property from QML; ids stay exact to 2^53.
    Q_PROPERTY(double chatId READ chatIdForQml WRITE setChatIdFromQml NOTIFY chatIdChanged)
    //! The first message of the chat is loaded: nothing older exists (here or on the server).
    Q_PROPERTY(bool reachedStart READ reachedStart NOTIFY reachedStartChanged)
    //! The longest text one message may hold (the server's limit, in UTF-16 units as QML counts).
    Q_PROPERTY(int maxTextChars READ maxTextChars CONSTANT)
    //! A longer text is sent as up to this many messages (core/messages/long_text_split.h).
    Q_PROPERTY(int maxMessageParts READ maxMessageParts CONSTANT)
public:
    static constexpr int kPageSize = 50;

    enum Role {
        LocalIdRole = Qt::UserRole + 1,
        MessageIdRole,
        TextRole,
        SenderIdRole,
        SenderNameRole,
        OutgoingRole,
        DateRole,
        DayStartRole,
        StateRole,
        // The first attachment (docs/client-api.md): what its bubble shows.
        HasAttachmentRole,
        AttachmentKindRole, //!< "photo", "video", "voice", "audio", "file"; "" without one
        AttachmentNameRole,
        AttachmentSizeRole, //!< bytes, as a double for QML
        AttachmentWidthRole,
        AttachmentHeightRole,
        ThumbnailRole, //!< an image:// URL of the inline thumbnail, from memory; "" without one
        FileIdRole,
        //! The upload (pending) or download: "", "queued", "running", "retrying", "paused",
        //! "done", "failed".
        TransferStateRole,
        TransferProgressRole, //!< 0..1 of the upload or download; 0 without one
        //! The downloaded photo decrypted in memory (an image:// URL) once it is in the cache.
        ImageRole,
        //! Why the server refused this message, in the user's language; "" unless failed.
        FailureRole,
        //! A refused message that sending again may get through (MessageListModel::retry).
        RetryableRole,
        EditedRole, //!< the sender edited it (docs/protocol.md §16): the bubble says "edited"
        // docs/protocol.md §19.
        ReplyToIdRole,          //!< the quoted message's server id (a double for QML); 0: no reply
        ReplySenderNameRole,    //!< who wrote the quoted message
        ReplyExcerptRole,       //!< the start of its text ("" once it was deleted)
        ForwardedFromRole,      //!< the first author's name of a forwarded copy; "" otherwise
        ServiceTextRole,        //!< a group's service message in words ("Ann added Bob"); "" else
        AttachmentDurationRole, //!< voice, audio, video: milliseconds (a double); 0 unknown
        WaveformRole,           //!< voice: the levels, 0..255 each (docs/protocol.md §11)
        //! The attachments after the first (a message carries up to 10): a list of maps with
        //! "index" (the attachment's index in the message), "kind", "name", "size" (a double)
        //! and "thumbnail" (an image:// URL or "").
        MoreAttachmentsRole,
        ServicePhotoUrlRole, //!< a photoChanged service message: the new photo's URL (§24); ""
    };
    Q_ENUM(Role)

    //! Without a context until one is set (QML sets `context`).
    explicit MessageListModel(QObject *parent = nullptr);
    explicit MessageListModel(CoreContext *context, QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    //! Detaches from the previous context and reloads the chat from the new one.
    void setContext(CoreContext *context);

    qint64 chatId() const { return m_chatId; }
    void setChatId(qint64 chatId);
    bool reachedStart() const { return m_reachedStart; }
    static int maxTextChars();
    static int maxMessageParts();
    double chatIdForQml() const { return double(m_chatId); }
    void setChatIdFromQml(double chatId) { setChatId(qint64(chatId)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    //! Stores the text as pending at once; it is sent when online. A text longer than
    //! maxTextChars is sent as several messages, cut at paragraph, line or word ends; one that
    //! would need more than maxMessageParts is not sent.
    //! `replyToId`: the server id of the message it answers (docs/protocol.md §19; the first
    //! part of a long text answers it), 0 for none.
    Q_INVOKABLE void send(const QString &text, double replyToId = 0);
    //! How many messages send(text) makes (0 for blank text).
    Q_INVOKABLE int partsFor(const QString &text) const;
    //! The supergroup this group was upgraded to (docs/protocol.md §23.4), from the newest
    //! loaded `upgradedTo` service message: the group takes no message after it, so it is the
    //! chat's last and is in the first page. 0: not upgraded (or not a group).
    Q_INVOKABLE double upgradedTo() const;
    //! Stores a pending message with these files (local file URLs or paths) at once, shown
    //! with its uploads' progress; it is sent when they finish. `replyToId`: the message it
    //! answers (a server id), 0 for none.
    Q_INVOKABLE void sendFiles(const QString &text, const QVariantList &files,
                               double replyToId = 0);
    //! Sends the voice recording at `path` (VoiceRecorder) with its measured duration and
    //! packed waveform, as sendFiles() sends a file.
    void sendVoice(const QString &path, double durationMs, const QByteArray &waveform,
                   double replyToId = 0);
    //! Sends a refused message again (when RetryableRole says it may get through).
    Q_INVOKABLE void retry(qint64 localId);
    //! Removes a pending message (also a refused one) and stops its uploads.
    Q_INVOKABLE void cancelPending(qint64 localId);
    //! Resumes the failed uploads of a pending message from where the server stands (the
    //! bubble's retry button); the message goes once they finish.
    Q_INVOKABLE void retryUpload(qint64 localId);
    //! Fetches a received attachment into the encrypted cache (photos are fetched when shown).
    Q_INVOKABLE void download(qint64 localId);
    Q_INVOKABLE void cancelDownload(qint64 localId);
    //! The photos of a message, for the viewer's album (its previous/next picture): a list of
    //! maps with "index" (the attachment's index in the message, 0 the first), "thumbnail" (an
    //! image:// URL or ""), "image" (the downloaded photo's image:// URL, "" until it is in
    //! the cache), "width" and "height". Empty when the message is not loaded.
    Q_INVOKABLE QVariantList pictures(qint64 localId) const;
    //! Fetches attachment `index` of the message into the encrypted cache (the viewer asks for
    //! each picture as it shows it); picturesChanged(localId) follows its progress.
    Q_INVOKABLE void downloadAttachment(qint64 localId, int index);
    //! Writes the downloaded attachment decrypted to `target` (a local file URL): the user's
    //! explicit "Save as", the one plain copy; saved() follows.
    Q_INVOKABLE void saveAs(qint64 localId, const QUrl &target);
    //! Marks the chat read up to the newest loaded message.
    Q_INVOKABLE void markRead();
    //! The row of a loaded message; otherwise loads the window around it, returns -1 and emits
    //! jumpReady(row) once it is loaded.
    Q_INVOKABLE int jumpTo(qint64 localId);
    //! The row of the loaded message with this server id, -1 when it is not loaded (a quote
    //! jumps to its original only when it is at hand).
    Q_INVOKABLE int rowOfMessage(double messageId) const;
    //! jumpTo for a sent message by its server id (the pinned bar, docs/protocol.md §17.4):
    //! the row when loaded; otherwise -1 and jumpReady(row) once its window is (-1: not stored).
    Q_INVOKABLE int jumpToMessage(double messageId);
    //! Reads a stored message of this chat by server id, off the GUI thread; pinnedLoaded
    //! follows (found false when this device does not hold it). The model then watches that
    //! message: an edit or a removal of it emits pinnedLoaded again (the pinned bar follows).
    Q_INVOKABLE void loadPinned(double messageId);

signals:
    void contextChanged();
    void chatIdChanged();
    void reachedStartChanged();
    void jumpReady(int row);
    void pinnedLoaded(double messageId, bool found, const QString &senderName, const QString &text);
    //! After saveAs: `error` empty on success.
    void saved(const QString &error);
    //! A file could not be attached.
    void attachRefused(const QString &reason);
    //! A transfer of one of the message's attachments moved (any of them, not only the
    //! first): pictures(localId) may have changed.
    void picturesChanged(qint64 localId);

private:
    void attach(CoreContext *context);
    void reload();
    //! Reads the next older page from the store; `afterServer`: the server just stored one.
    void loadLocalPage(bool afterServer);
    //! The store has nothing older: ask the server unless the history is known complete.
    void fetchOlderFromServer();
    void setReachedStart(bool reached);
    void onChanged(const storage::ChangeSet &changes);
    void insertMessages(const QList<storage::MessageRecord> &records);
    void refreshChatMarks();
    void requestNames(const QList<storage::MessageRecord> &records);
    void emitRowChanged(int row, const QList<int> &roles = {});
    int rowOf(qint64 localId) const;
    int jumpWhenLoaded(qint64 serverId, qint64 localId);
    bool isDayStart(int row) const;
    storage::SendFailure failureOf(const storage::MessageRecord &record) const;
    MessageState stateOf(const storage::MessageRecord &record) const;
    QVariant attachmentData(const storage::MessageRecord &record, int role) const;
    std::optional<TransferProgress> transferOf(const storage::MessageRecord &record) const;
    void attachMedia();
    void onTransferChanged(const std::function<bool(const storage::AttachmentRecord &)> &match);

    QPointer<CoreContext> m_context;
    qint64 m_chatId = 0;
    // The message loadPinned watches (server id; its local id once found; 0: none).
    qint64 m_pinnedServerId = 0;
    qint64 m_pinnedLocalId = 0;
    //! loadPinned again when `changes` edit or remove the watched message.
    void followPinned(const storage::ChangeSet &changes);
    QList<storage::MessageRecord> m_rows; // ascending
    bool m_reachedStart = false;
    bool m_fetching = false;
    bool m_waitingForServer = false; // offline when the store ran out; resumes on online()
    quint64 m_generation = 0;        // drops answers meant for an earlier chat or window
    // Drops answers meant for an earlier chat only: a jump replaces the window (m_generation)
    // but not the chat, whose delivery marks and failed messages stay the ones read on reload.
    quint64 m_chatGeneration = 0;
    qint64 m_deliveredMaxId = 0;
    qint64 m_readOutboxMaxId = 0;
    QSet<qint64> m_failed; // refused relays of secret messages (stored as sent)
};

} // namespace msgr::core
