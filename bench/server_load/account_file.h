#pragma once
//! The bench's accounts, created once through the server (auth.signUp, one Argon2id hash each,
//! about 12 per second per hash thread) and kept in a file beside the server's data directory,
//! so later runs log in by token (auth.resume) in seconds. One line per account:
//! `username<TAB>userId<TAB>token`.
#include <QFile>
#include <QString>
#include <mutex>
#include <vector>

namespace msgr::bench {

struct Account {
    QString username;
    qint64 userId = 0;
    QString token;
};

class AccountFile {
public:
    explicit AccountFile(QString path);

    //! Reads the file (a missing file is empty). False, with *error, for a malformed line.
    bool load(QString *error);
    //! Appends one account and flushes it to the file. Thread-safe.
    bool append(const Account &account);

    //! Accounts read or appended so far. Call when no append is under way.
    const std::vector<Account> &accounts() const { return m_accounts; }
    QString path() const { return m_path; }

private:
    QString m_path;
    std::mutex m_mutex;
    std::vector<Account> m_accounts;
    QFile m_file; // open for append once the first account is added
};

} // namespace msgr::bench
