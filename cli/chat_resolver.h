#pragma once
//! Turns a command's chat argument into a chat id: a number is a chat of this profile; a
//! username (with or without '@') is the private chat with that user, as the app opens it
//! (users.search for the exact username, then SyncEngine::openPrivateChat, which answers once
//! the chat is stored: core/directory/private_chat_opener.h). A user whose private chat is
//! stored already is found locally, also offline.
//!
//! Thread affinity: the main thread. One resolve() at a time.
#include "cli/exit_codes.h"

#include <QObject>
#include <functional>

namespace msgr::cli {

class HeadlessClient;

class ChatResolver : public QObject {
    Q_OBJECT
public:
    struct Result {
        qint64 chatId = 0; //!< 0: not resolved; `code` and `message` say why
        ExitCode code = Ok;
        QString message;
    };
    using Done = std::function<void(const Result &)>;

    ChatResolver(HeadlessClient *client, int timeoutMs, QObject *parent = nullptr);

    void resolve(const QString &target, Done done);

private:
    void resolveChatId(qint64 chatId);
    void resolveUsername(const QString &username);
    void searchServer(const QString &username);
    void deliver(const Result &result);

    HeadlessClient *m_client;
    int m_timeoutMs;
    Done m_done;
    QMetaObject::Connection m_found;
    QMetaObject::Connection m_opened;
};

} // namespace msgr::cli
