#include "core/contacts/contacts_service.h"

#include "core/contacts/contacts_sync.h"
#include "protocol/api/profiles.h"
#include "protocol/api/users.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/tables/photos_table.h"
#include "storage/tables/users_table.h"

namespace msgr::core {

namespace api = protocol::api;

namespace {

QString offlineMessage() {
    return QStringLiteral("not connected: contacts and profiles need the server; try again "
                          "when online");
}

//! The reply's refusal as (code, message); empty code when it succeeded.
template <typename T> std::pair<QString, QString> refusal(const api::Reply<T> &reply) {
    if (reply.ok())
        return {};
    if (reply.connectionLost)
        return {QString::fromLatin1(ContactsService::kOffline), offlineMessage()};
    return {protocol::errorCodeName(reply.error.code), reply.error.message};
}

} // namespace

ContactsService::ContactsService(RequestChannel *channel, storage::ProfileStore *store,
                                 QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(channel, &RequestChannel::authorized, this, [this] { refresh(); });
}

bool ContactsService::refuseOffline(const Done &done) {
    if (m_channel && m_channel->isAuthorized())
        return false;
    done(QString::fromLatin1(kOffline), offlineMessage());
    return true;
}

void ContactsService::storeEntry(const api::ContactEntry &entry) {
    m_store->write(
        [entry](storage::WriteTransaction &tx) {
            ContactsSync::apply(tx, protocol::ContactChangedUpdate{entry});
        },
        this, [this] { emit stored(); });
}

void ContactsService::invite(const QString &username, Done done) {
    if (refuseOffline(done))
        return;
    QString name = username.trimmed();
    if (name.startsWith(QLatin1Char('@')))
        name.remove(0, 1);
    m_channel->call(api::InviteContact{name}, this,
                    [this, done](const api::Reply<api::ContactResult> &reply) {
                        if (reply.ok())
                            storeEntry(reply.value->entry);
                        const auto [code, message] = refusal(reply);
                        done(code, message);
                    });
}

void ContactsService::act(Act act, qint64 userId, Done done) {
    if (refuseOffline(done))
        return;
    auto answer = [this, done](const api::Reply<api::ContactResult> &reply) {
        if (reply.ok())
            storeEntry(reply.value->entry);
        const auto [code, message] = refusal(reply);
        done(code, message);
    };
    switch (act) {
    case Act::Accept:
        m_channel->call(api::AcceptContact{userId}, this, answer);
        break;
    case Act::Deny:
        m_channel->call(api::DenyContact{userId}, this, answer);
        break;
    case Act::Cancel:
        m_channel->call(api::CancelContactInvite{userId}, this, answer);
        break;
    case Act::Remove:
        m_channel->call(api::RemoveContact{userId}, this, answer);
        break;
    }
}

void ContactsService::setBlocked(qint64 userId, bool blocked, Done done) {
    if (refuseOffline(done))
        return;
    m_channel->call(api::SetBlocked{userId, blocked}, this,
                    [this, done](const api::Reply<api::BlockResult> &reply) {
                        if (reply.ok()) {
                            const api::BlockResult r = *reply.value;
                            m_store->write(
                                [r](storage::WriteTransaction &tx) {
                                    // The name comes from the users the profile knows.
                                    const QList<storage::UserRecord> known =
                                        storage::UsersTable::load(tx, {r.userId});
                                    storage::ContactsTable::setBlocked(
                                        tx, r.userId, r.blocked,
                                        known.isEmpty() ? QString() : known.first().username,
                                        known.isEmpty() ? QString() : known.first().displayName);
                                },
                                this, [this] { emit stored(); });
                        }
                        const auto [code, message] = refusal(reply);
                        done(code, message);
                    });
}

void ContactsService::findUser(const QString &username, UserDone done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done(0, QString::fromLatin1(kOffline), offlineMessage());
        return;
    }
    QString name = username.trimmed().toLower();
    if (name.startsWith(QLatin1Char('@')))
        name.remove(0, 1);
    if (name.isEmpty()) {
        done(0, QStringLiteral("USERNAME_INVALID"), QStringLiteral("no username given"));
        return;
    }
    m_channel->call(api::SearchUsers{name.left(32), protocol::kMaxUserSearchLimit}, this,
                    [done, name](const api::Reply<api::UsersResult> &reply) {
                        if (!reply.ok()) {
                            const auto [code, message] = refusal(reply);
                            return done(0, code, message);
                        }
                        for (const protocol::User &u : reply.value->users)
                            if (u.username.compare(name, Qt::CaseInsensitive) == 0)
                                return done(u.id, {}, {});
                        done(0, QStringLiteral("NOT_FOUND"),
                             QStringLiteral("nobody has the username %1").arg(name));
                    });
}

QVariantMap ContactsService::profileMap(const api::Profile &profile) {
    return {
        {QStringLiteral("userId"), double(profile.user.id)},
        {QStringLiteral("username"), profile.user.username},
        {QStringLiteral("displayName"), profile.user.displayName},
        {QStringLiteral("about"), profile.about},
        {QStringLiteral("lastSeenAt"), double(profile.lastSeenAt.value_or(0))},
        {QStringLiteral("lastSeen"),
         profile.lastSeen ? api::lastSeenBucketName(*profile.lastSeen) : QString()},
        {QStringLiteral("privacy"),
         profile.privacy ? api::lastSeenPrivacyName(*profile.privacy) : QString()},
        {QStringLiteral("photoFileId"), profile.photo.fileId}, // §24; empty: no photo
    };
}

void ContactsService::getProfile(qint64 userId, ProfileDone done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done({}, QString::fromLatin1(kOffline), offlineMessage());
        return;
    }
    m_channel->call(
        api::GetProfiles{{userId}}, this,
        [this, done, userId](const api::Reply<api::ProfilesResult> &reply) {
            if (!reply.ok()) {
                const auto [code, message] = refusal(reply);
                return done({}, code, message);
            }
            for (const api::Profile &p : reply.value->profiles) {
                if (p.user.id != userId)
                    continue;
                // Names shown elsewhere (chat list, header) follow the profile.
                const storage::UserRecord user{p.user.id, p.user.username, p.user.displayName};
                m_store->write(
                    [user, photo = storage::PhotoRecord{p.photo.fileId, p.photo.thumbnail}](
                        storage::WriteTransaction &tx) {
                        storage::UsersTable::store(tx, {user});
                        storage::PhotosTable::set(tx, storage::PhotoSubject::User, user.id, photo);
                    });
                return done(profileMap(p), {}, {});
            }
            done({}, QStringLiteral("NOT_FOUND"), QStringLiteral("no such user"));
        });
}

void ContactsService::updateProfile(const ProfileEdit &edit, ProfileDone done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done({}, QString::fromLatin1(kOffline), offlineMessage());
        return;
    }
    auto setUsername = [this, edit, done](const QVariantMap &sofar) {
        if (!edit.setsUsername)
            return done(sofar, {}, {});
        m_channel->call(api::SetUsername{edit.username.trimmed()}, this,
                        [done](const api::Reply<api::ProfileResult> &reply) {
                            if (!reply.ok()) {
                                const auto [code, message] = refusal(reply);
                                return done({}, code, message);
                            }
                            done(profileMap(reply.value->profile), {}, {});
                        });
    };
    if (!edit.setsDisplayName && !edit.setsAbout)
        return setUsername({});
    api::UpdateProfile request;
    request.setsDisplayName = edit.setsDisplayName;
    request.displayName = edit.displayName;
    request.setsAbout = edit.setsAbout;
    request.about = edit.about;
    m_channel->call(request, this,
                    [done, setUsername](const api::Reply<api::ProfileResult> &reply) {
                        if (!reply.ok()) {
                            const auto [code, message] = refusal(reply);
                            return done({}, code, message);
                        }
                        setUsername(profileMap(reply.value->profile));
                    });
}

void ContactsService::listPages(api::ContactFilter filter, qint64 after,
                                QList<api::ContactEntry> got,
                                std::function<void(bool, QList<api::ContactEntry>)> then) {
    api::ListContacts request;
    request.filter = filter;
    request.afterUserId = after;
    m_channel->call(request, this,
                    [this, filter, got = std::move(got),
                     then = std::move(then)](const api::Reply<api::ContactsResult> &reply) mutable {
                        if (!reply.ok())
                            return then(false, {});
                        got += reply.value->entries;
                        if (reply.value->final || reply.value->entries.isEmpty())
                            return then(true, std::move(got));
                        const qint64 last = reply.value->entries.last().profile.user.id;
                        listPages(filter, last, std::move(got), std::move(then));
                    });
}

void ContactsService::listBlockedPages(qint64 after, QList<protocol::User> got,
                                       std::function<void(bool, QList<protocol::User>)> then) {
    api::ListBlocked request;
    request.afterUserId = after;
    m_channel->call(request, this,
                    [this, got = std::move(got),
                     then = std::move(then)](const api::Reply<api::BlockedResult> &reply) mutable {
                        if (!reply.ok())
                            return then(false, {});
                        got += reply.value->users;
                        if (reply.value->final || reply.value->users.isEmpty())
                            return then(true, std::move(got));
                        const qint64 last = reply.value->users.last().id;
                        listBlockedPages(last, std::move(got), std::move(then));
                    });
}

void ContactsService::refresh(Done done) {
    if (!done)
        done = [](const QString &, const QString &) {};
    if (refuseOffline(done))
        return;
    const auto failed = [done] {
        done(QStringLiteral("UNAVAILABLE"), QStringLiteral("the contacts could not be listed"));
    };
    // The three filters and the blocked list, one after another; any failure keeps the stored
    // rows (the next authorized() or the updates fix them).
    listPages(api::ContactFilter::Contacts, 0, {},
              [this, done, failed](bool ok, QList<api::ContactEntry> all) {
                  if (!ok)
                      return failed();
                  listPages(api::ContactFilter::Incoming, 0, std::move(all),
                            [this, done, failed](bool ok2, QList<api::ContactEntry> all2) {
                                if (!ok2)
                                    return failed();
                                listPages(
                                    api::ContactFilter::Outgoing, 0, std::move(all2),
                                    [this, done, failed](bool ok3, QList<api::ContactEntry> all3) {
                                        if (!ok3)
                                            return failed();
                                        listBlockedPages(
                                            0, {},
                                            [this, all3, done,
                                             failed](bool ok4, QList<protocol::User> blocked) {
                                                if (!ok4)
                                                    return failed();
                                                QList<storage::ContactRecord> relations;
                                                QList<storage::UserRecord> users;
                                                for (const api::ContactEntry &e : all3) {
                                                    relations.append(ContactsSync::toRecord(e));
                                                    users.append({e.profile.user.id,
                                                                  e.profile.user.username,
                                                                  e.profile.user.displayName});
                                                }
                                                QList<storage::ContactRecord> blockedRows;
                                                for (const protocol::User &u : blocked) {
                                                    storage::ContactRecord r;
                                                    r.userId = u.id;
                                                    r.blocked = true;
                                                    r.username = u.username;
                                                    r.displayName = u.displayName;
                                                    blockedRows.append(r);
                                                    users.append({u.id, u.username, u.displayName});
                                                }
                                                m_store->write(
                                                    [relations, blockedRows,
                                                     users](storage::WriteTransaction &tx) {
                                                        storage::ContactsTable::replace(
                                                            tx, relations, blockedRows);
                                                        storage::UsersTable::store(tx, users);
                                                    },
                                                    this,
                                                    [this, done] {
                                                        emit stored();
                                                        done({}, {});
                                                    });
                                            });
                                    });
                            });
              });
}

} // namespace msgr::core
