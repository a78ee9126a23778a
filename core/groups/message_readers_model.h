#pragma once
//! "Read by" for one's own message in a small group (docs/protocol.md §21, Telegram's
//! getMessageReadParticipants): every other member with where they are with the message —
//! read, received only, or not yet received — and since when, read first. Fetched with
//! messages.readers through SyncEngine::groupQuery (the network thread), the names read from
//! the profile store on its worker and read again when the user directory stores more (the
//! service asks it for the members). Never blocks this thread; loading and error say where the
//! fetch is.
//!
//! GUI thread only.
#include "core/context/core_context.h"
#include "protocol/api/readers.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

struct GroupAnswer;

class MessageReadersModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! Doubles for QML (64-bit ids, docs/client-api.md).
    Q_PROPERTY(double chatId MEMBER m_chatIdForQml NOTIFY chatIdChanged)
    Q_PROPERTY(double messageId MEMBER m_messageIdForQml NOTIFY messageIdChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY stateChanged)
    //! Why the list could not be fetched, for the user; "" otherwise.
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    Q_PROPERTY(int readCount READ readCount NOTIFY stateChanged)
    //! Received but not read.
    Q_PROPERTY(int deliveredCount READ deliveredCount NOTIFY stateChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< a double
        NameRole,                      //!< "" until the directory has the user
        StateRole,                     //!< "read", "delivered", "sent"
        AtRole,                        //!< when (a QDateTime); invalid when not known
    };
    Q_ENUM(Role)

    explicit MessageReadersModel(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }
    int readCount() const { return count(protocol::api::ReaderState::Read); }
    int deliveredCount() const { return count(protocol::api::ReaderState::Delivered); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Fetches the list of chatId's messageId again (the popup calls it when it opens).
    Q_INVOKABLE void load();

signals:
    void contextChanged();
    void chatIdChanged();
    void messageIdChanged();
    void stateChanged();

private:
    void answered(const GroupAnswer &answer, quint64 generation);
    void readNames();
    int count(protocol::api::ReaderState state) const;

    QPointer<CoreContext> m_context;
    QMetaObject::Connection m_usersConnection;
    double m_chatIdForQml = 0;
    double m_messageIdForQml = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier message
    bool m_loading = false;
    QString m_error;
    QList<protocol::api::MessageReader> m_readers; // read first, then received, then the rest
    QHash<qint64, QString> m_names;
};

} // namespace msgr::core
