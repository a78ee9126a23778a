#include "bench/server_load/account_file.h"

#include <QList>

namespace msgr::bench {
namespace {
constexpr int kFields = 3;
} // namespace

AccountFile::AccountFile(QString path) : m_path(std::move(path)) {}

bool AccountFile::load(QString *error) {
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(m_path);
        return false;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split('\t');
        bool ok = false;
        const qint64 userId = fields.size() == kFields ? fields.at(1).toLongLong(&ok) : 0;
        if (!ok || userId <= 0 || fields.at(0).isEmpty() || fields.at(2).isEmpty()) {
            *error = QStringLiteral("%1:%2: not `username<TAB>userId<TAB>token`")
                         .arg(m_path)
                         .arg(lineNumber);
            return false;
        }
        m_accounts.push_back(
            {QString::fromUtf8(fields.at(0)), userId, QString::fromUtf8(fields.at(2))});
    }
    return true;
}

bool AccountFile::append(const Account &account) {
    std::lock_guard lock(m_mutex);
    if (!m_file.isOpen()) {
        m_file.setFileName(m_path);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
            return false;
        // The tokens log the bench's accounts in: readable by their owner only.
        if (!m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return false;
    }
    const QByteArray line = account.username.toUtf8() + '\t' + QByteArray::number(account.userId) +
                            '\t' + account.token.toUtf8() + '\n';
    if (m_file.write(line) != line.size() || !m_file.flush())
        return false;
    m_accounts.push_back(account);
    return true;
}

} // namespace msgr::bench
