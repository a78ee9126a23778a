#pragma once
//! Builds the benchmark's database directly through the server's own store and domain (the
//! same code the server runs), before the server starts: an owner, `subscribers` users, a
//! public channel they all subscribe to, and a device with a fresh session token for the
//! owner and for the first `online` subscribers, so those log in with auth.resume in
//! milliseconds (100,000 sign-ups through Argon2id would take hours on this machine).
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace msgr::bench {

struct SeededChannel {
    qint64 channelId = 0;
    QString ownerToken;
    QStringList subscriberTokens; // of the first `online` subscribers
};

//! Empty `error` on success.
SeededChannel seedChannel(const QString &dataDir, int subscribers, int online, QString *error);

//! Users only, for the supergroup run (docs/protocol.md §23): the owner and `users` others, in
//! no chat yet (the bench makes the supergroup through the running server), with session
//! tokens for the owner and the first `withTokens` users.
struct SeededUsers {
    QString ownerToken;
    QList<qint64> userIds; // the others, in order
    QStringList tokens;    // of the first `withTokens` of them
};
SeededUsers seedUsers(const QString &dataDir, int users, int withTokens, QString *error);

} // namespace msgr::bench
