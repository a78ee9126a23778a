#pragma once
//! Who is typing where, for the chat header and the chat list ("typing…", "Alice is
//! typing…", "Alice and Bob are typing…"), and the user's own notices from the composer
//! (docs/protocol.md §17). Incoming: each (chat, user) is shown until a stop arrives, the link
//! is lost, or kTypingExpiryMs pass without a refresh. Outgoing: at most one "typing" per chat
//! every kTypingRefreshMs while the text changes, and one stop when the text is cleared or sent
//! (only if a start went out within the expiry). Secret chats (ids < 1) send nothing: the
//! server does not know them, and the relay of §12 carries only the peers' ratchet messages.
//!
//! One per app, shared by every view (Session.context.typing): a page opened while a peer
//! types shows it at once. Thread affinity: the GUI thread; no disk, no network (the engine
//! sends, through `setSender`).
#include <QHash>
#include <QObject>
#include <QTimer>
#include <QtQml/qqml.h>
#include <functional>

namespace msgr::core {

class TypingIndicators : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("One per app: Session.context.typing")
    //! Changes whenever any line may have: bind to it to re-read line().
    Q_PROPERTY(int revision READ revision NOTIFY changed)
public:
    using Clock = std::function<qint64()>;                          // ms, monotonic
    using Sender = std::function<void(qint64 chatId, bool typing)>; // to the server
    using NameOf = std::function<QString(qint64 userId)>;           // "" when not known yet

    explicit TypingIndicators(QObject *parent = nullptr);

    void setSender(Sender sender) { m_sender = std::move(sender); }
    void setNameOf(NameOf nameOf) { m_nameOf = std::move(nameOf); }
    //! Tests: a clock they move by hand (expiry is then checked on expireNow()).
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // ---- incoming (the engine's TypingRelay, queued to this thread)
    void notePeerTyping(qint64 chatId, qint64 userId, bool typing);
    //! The link was lost: every indicator is stale.
    void clearAll();
    //! Drops what expired by the clock now (the timer calls it; tests too).
    void expireNow();

    // ---- for QML
    int revision() const { return m_revision; }
    //! What the header or the chat list row shows instead of its usual line; "" when nobody
    //! types. `group`: name who types (a private chat says only "typing…").
    Q_INVOKABLE QString line(double chatId, bool group) const;
    //! The composer's text changed by the user: a start at most every kTypingRefreshMs while
    //! it is not empty, a stop when it became empty.
    Q_INVOKABLE void composerEdited(double chatId, const QString &text);
    //! The message was sent, or the user left the chat: stop, if a start went out.
    Q_INVOKABLE void composerStopped(double chatId);

signals:
    void changed();

private:
    void bump();
    void rearm();

    Clock m_clock;
    Sender m_sender;
    NameOf m_nameOf;
    QHash<qint64, QHash<qint64, qint64>> m_typing; // chat -> user -> expiry (clock ms)
    QHash<qint64, qint64> m_sentAt;                // chat -> when our last start went out
    QTimer m_expiry;
    int m_revision = 0;
};

} // namespace msgr::core
