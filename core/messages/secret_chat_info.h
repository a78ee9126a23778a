#pragma once
//! What a secret chat's page shows and changes (issue 9 items 4 and 5 in the app): the safety
//! number, its emoji and the code its QR image draws (docs/protocol.md §12.6), whether the
//! peer's key changed and waits for the user's confirmation, and the self-destruct timer
//! (§12.7) with the values the user may choose. Read on the storage thread (the safety number
//! costs some 10,000 hashes) and again whenever the chat changes; confirming the key and
//! setting the timer go through the store and the engine as msgr-cli's commands do.
//! GUI thread only.
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class SecretChatInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    // A double for QML (Qt 6.4 cannot assign a qint64 from QML); secret chat ids are negative.
    Q_PROPERTY(double chatId READ chatIdForQml WRITE setChatIdFromQml NOTIFY chatIdChanged)
    //! The keys are known: the number, emoji and code below are meaningful.
    Q_PROPERTY(bool ready READ ready NOTIFY changed)
    Q_PROPERTY(QString safetyNumber READ safetyNumber NOTIFY changed) //!< 12 groups of 5 digits
    Q_PROPERTY(QString emoji READ emoji NOTIFY changed)               //!< 12 emoji
    Q_PROPERTY(QString code READ code NOTIFY changed)                 //!< what the QR image encodes
    //! The QR image of `code` for an Image ("" until ready).
    Q_PROPERTY(QString qrSource READ qrSource NOTIFY changed)
    Q_PROPERTY(bool keyChanged READ keyChanged NOTIFY changed)
    Q_PROPERTY(double timerMs READ timerMs NOTIFY changed) //!< 0: off
    Q_PROPERTY(QString timerLabel READ timerLabel NOTIFY changed)
    //! [{ ms, label }] for every allowed timer, off first.
    Q_PROPERTY(QVariantList timerChoices READ timerChoices CONSTANT)
public:
    explicit SecretChatInfo(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double chatIdForQml() const { return double(m_chatId); }
    void setChatIdFromQml(double chatId);

    bool ready() const { return !m_safetyNumber.isEmpty(); }
    QString safetyNumber() const { return m_safetyNumber; }
    QString emoji() const { return m_emoji; }
    QString code() const { return m_code; }
    QString qrSource() const;
    bool keyChanged() const { return m_keyChanged; }
    double timerMs() const { return double(m_timerMs); }
    QString timerLabel() const;
    static QVariantList timerChoices();

    //! The user compared the safety numbers and accepts the peer's new key: sending resumes.
    Q_INVOKABLE void confirmNewKey();
    //! Sets the self-destruct timer for both devices; timerRefused follows when it could not
    //! be set (a changed key waiting for confirmation, a value not allowed).
    Q_INVOKABLE void setTimer(double ms);

signals:
    void contextChanged();
    void chatIdChanged();
    void changed();
    void timerRefused();

private:
    void reload();

    QPointer<CoreContext> m_context;
    QMetaObject::Connection m_storeChanges;
    qint64 m_chatId = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier chat
    QString m_safetyNumber;
    QString m_emoji;
    QString m_code;
    bool m_keyChanged = false;
    qint64 m_timerMs = 0;
};

} // namespace msgr::core
