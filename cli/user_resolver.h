#pragma once
//! Turns a command's user arguments into user ids: a positive number is taken as the id; a
//! username (with or without '@') is looked up on the server (users.search, the exact
//! username), one after the other. For the group commands, which name users, not chats.
//!
//! Thread affinity: the main thread. One resolve() at a time.
#include "cli/exit_codes.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <functional>

namespace msgr::cli {

class HeadlessClient;

class UserResolver : public QObject {
    Q_OBJECT
public:
    struct Result {
        QList<qint64> userIds; //!< in the order of the arguments; empty when `code` is not Ok
        ExitCode code = Ok;
        QString message;
    };
    using Done = std::function<void(const Result &)>;

    UserResolver(HeadlessClient *client, int timeoutMs, QObject *parent = nullptr);

    void resolve(const QStringList &targets, Done done);

private:
    void next();
    void deliver(const Result &result);

    HeadlessClient *m_client;
    int m_timeoutMs;
    QStringList m_pending;
    QList<qint64> m_ids;
    Done m_done;
    QMetaObject::Connection m_found;
};

} // namespace msgr::cli
