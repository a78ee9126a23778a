#include "cli/user_resolver.h"

#include "cli/headless_client.h"
#include "core/engine/sync_engine.h"
#include "protocol/limits.h"

#include <QRegularExpression>

namespace msgr::cli {
namespace {

//! The tag of this resolver's users.search answers (UserDirectory::usersFound carries it).
constexpr int kUserSearchTag = 0x4d435552; // "MCUR"

} // namespace

UserResolver::UserResolver(HeadlessClient *client, int timeoutMs, QObject *parent)
    : QObject(parent), m_client(client), m_timeoutMs(timeoutMs) {}

void UserResolver::resolve(const QStringList &targets, Done done) {
    m_done = std::move(done);
    m_pending = targets;
    m_ids.clear();
    next();
}

void UserResolver::next() {
    if (m_pending.isEmpty()) {
        deliver({m_ids, Ok, {}});
        return;
    }
    const QString target = m_pending.takeFirst();
    bool isNumber = false;
    const qint64 userId = target.toLongLong(&isNumber);
    if (isNumber) {
        if (userId < 1) {
            deliver({{}, Usage, tr("\"%1\" is not a user id (a positive number)").arg(target)});
            return;
        }
        m_ids.append(userId);
        next();
        return;
    }
    const QString username =
        (target.startsWith(QLatin1Char('@')) ? target.mid(1) : target).toLower();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (username.size() < protocol::kMinUsernameChars ||
        username.size() > protocol::kMaxUsernameChars || !valid.match(username).hasMatch()) {
        deliver({{}, Usage, tr("\"%1\" is neither a user id nor a username").arg(target)});
        return;
    }
    m_client->whenOnline(m_timeoutMs, [this, username] {
        core::SyncEngine *engine = m_client->engine();
        m_found = connect(engine, &core::SyncEngine::usersFound, this,
                          [this, username](int tag, const QList<protocol::User> &users) {
                              if (tag != kUserSearchTag)
                                  return;
                              disconnect(m_found);
                              for (const protocol::User &u : users) {
                                  if (u.username.compare(username, Qt::CaseInsensitive) == 0) {
                                      m_ids.append(u.id);
                                      next();
                                      return;
                                  }
                              }
                              deliver({{}, NotFound, tr("no user @%1").arg(username)});
                          });
        engine->searchUsers(kUserSearchTag, username);
    });
}

void UserResolver::deliver(const Result &result) {
    if (m_done)
        std::exchange(m_done, nullptr)(result);
}

} // namespace msgr::cli
