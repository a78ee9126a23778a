#pragma once
//! A big supergroup written into a server's data directory BEFORE the server starts, through
//! the server's own store and domain (the code msgr-server runs): 10,000 sign-ups through the
//! server would be 10,000 Argon2id hashes and far past its sign-up rate. Users log in with the
//! session tokens returned here (auth.resume).
#include <QString>
#include <QtGlobal>

namespace msgr::test {

struct SeededSupergroup {
    qint64 chatId = 0;
    QString ownerToken;
    QString memberToken; // one plain member's, to send as a member
};

//! `members` plain members besides the owner; empty `error` on success.
SeededSupergroup seedSupergroup(const QString &dataDir, const QString &title, int members,
                                QString *error);

} // namespace msgr::test
