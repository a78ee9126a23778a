#pragma once
//! Fills the real server with what the client will catch up: a receiver, a sender and their
//! private chat, then N messages sent over many sender connections at once (the server limits
//! requests per connection, so one connection would need half an hour for 100k). Main thread.
#include <QString>
#include <QUrl>

namespace msgr::bench {

struct Accounts {
    QString receiver = QStringLiteral("receiver");
    QString sender = QStringLiteral("sender");
    QString password = QStringLiteral("bench-password");
};

//! Signs both users up and opens their private chat; its id, or 0 (and *error) on failure.
qint64 createChat(const QUrl &url, const Accounts &accounts, QString *error);

struct FillResult {
    bool ok = false;
    QString error;
    int acknowledged = 0;
    int floodWaits = 0;
    double seconds = 0;
};

//! Logs the sender in on `connections` devices and sends `messages` in total to the chat,
//! `window` requests in flight per connection, FLOOD_WAIT retried with the same randomId.
FillResult sendMessages(const QUrl &url, const Accounts &accounts, qint64 chatId, int messages,
                        int connections, int window);

//! The receiver's current pts on the server (updates.getState), or -1.
qint64 receiverPts(const QUrl &url, const Accounts &accounts);

} // namespace msgr::bench
