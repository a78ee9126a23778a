#include "core/channels/channel_info.h"

#include "core/channels/channel_directory.h"
#include "core/context/user_names.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"
#include "storage/tables/chats_table.h"

#include <QRegularExpression>
#include <memory>

namespace msgr::core {

namespace api = protocol::api;

namespace {
//! What the store holds of a channel for this page.
struct StoredChannel {
    std::optional<storage::ChannelRecord> row;
    QString title;
    QString photoFileId; // §24
};

//! "@a @b, c" -> {"a", "b", "c"} (lower case, without "@", no repeats).
QStringList splitUsernames(const QString &text) {
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList names;
    for (QString part : text.split(separators, Qt::SkipEmptyParts)) {
        if (part.startsWith(QLatin1Char('@')))
            part.remove(0, 1);
        part = part.toLower();
        if (!part.isEmpty() && !names.contains(part))
            names.append(part);
    }
    return names;
}
} // namespace

ChannelInfo::ChannelInfo(QObject *parent)
    : QObject(parent), m_photoChanger(new PhotoChanger(this)) {
    connect(m_photoChanger, &PhotoChanger::busyChanged, this, &ChannelInfo::photoBusyChanged);
    connect(m_photoChanger, &PhotoChanger::finished, this, [this](const QString &error) {
        setError(error);
        if (!error.isEmpty())
            return;
        reloadStored();
        refresh();
        emit actionDone();
    });
}

int ChannelInfo::maxTitleLength() {
    return api::kMaxChannelTitleChars;
}
int ChannelInfo::maxAboutLength() {
    return api::kMaxChannelAboutChars;
}

void ChannelInfo::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = context;
    if (context) {
        m_connections.append(connect(context->store(), &storage::ProfileStore::changed, this,
                                     &ChannelInfo::onStoreChanged));
        m_connections.append(
            connect(context->userNames(), &UserNames::namesChanged, this, &ChannelInfo::changed));
        if (SyncEngine *engine = context->engine())
            m_connections.append(connect(engine, &SyncEngine::channelEdited, this,
                                         [this](const api::Channel &channel) {
                                             if (channel.id == m_channelId)
                                                 applyServer(channel, true);
                                         }));
    }
    emit contextChanged();
    reloadStored();
    refresh();
}

void ChannelInfo::setChannelId(double id) {
    const auto channelId = qint64(id);
    if (channelId == m_channelId)
        return;
    m_channelId = channelId;
    ++m_generation;
    m_stored = false;
    m_server.reset();
    m_storedRole = -1;
    m_title.clear();
    m_photoFileId.clear();
    m_about.clear();
    m_name.clear();
    m_subscribers = 0;
    m_ownerId = 0;
    m_storedAdmins.clear();
    m_muted = false;
    setError({});
    emit channelIdChanged();
    emit changed();
    reloadStored();
    refresh();
}

QString ChannelInfo::ownerName() const {
    return m_context && m_ownerId > 0 ? m_context->userNames()->name(m_ownerId) : QString();
}

QVariantList ChannelInfo::admins() const {
    QVariantList list;
    // The server's view once it answered; before that (offline) the stored one.
    for (const qint64 id : m_server ? m_server->adminIds : m_storedAdmins)
        list.append(QVariantMap{
            {QStringLiteral("userId"), double(id)},
            {QStringLiteral("name"), m_context ? m_context->userNames()->name(id) : QString()}});
    return list;
}

QString ChannelInfo::role() const {
    const qint64 self = m_context ? m_context->selfUserId() : 0;
    const bool subscribed = m_stored || (m_server && m_server->role.has_value());
    if (!subscribed || self <= 0)
        return {};
    if (m_ownerId == self)
        return QStringLiteral("owner");
    const bool admin = m_server ? m_server->adminIds.contains(self)
                                : m_storedRole == int(storage::ChatRole::Admin);
    return admin ? QStringLiteral("admin") : QStringLiteral("subscriber");
}

bool ChannelInfo::canEdit() const {
    const QString r = role();
    return r == QLatin1String("owner") || r == QLatin1String("admin");
}

bool ChannelInfo::canSetRoles() const {
    return role() == QLatin1String("owner");
}

bool ChannelInfo::canLeave() const {
    const QString r = role();
    return !r.isEmpty() && r != QLatin1String("owner");
}

QString ChannelInfo::errorText(const QString &code, const QString &serverMessage) {
    if (code == QLatin1String("TOO_LARGE"))
        return tr("Too long: a title has at most %1 characters, a description at most %2.")
            .arg(api::kMaxChannelTitleChars)
            .arg(api::kMaxChannelAboutChars);
    if (code == QLatin1String("USER_BLOCKED"))
        return tr("You and one of these users have blocked each other: nobody was added.");
    if (code == QLatin1String("NOT_FOUND"))
        return tr("No such user or channel: nothing was changed.");
    if (code == QLatin1String("BAD_REQUEST"))
        return tr("That user is not subscribed to the channel.");
    return ChannelDirectory::errorText(code, serverMessage);
}

void ChannelInfo::setError(const QString &error) {
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

void ChannelInfo::act(const std::function<void(ChannelDone)> &start,
                      std::function<void(const ChannelOutcome &)> then, const QString &limitText) {
    if (!m_context || !m_context->engine() || m_channelId <= 0) {
        setError(errorText(QStringLiteral("OFFLINE"), {}));
        return;
    }
    setError({});
    if (++m_busy == 1)
        emit busyChanged();
    start([this, generation = m_generation, then = std::move(then),
           limitText](const ChannelOutcome &outcome) {
        if (--m_busy == 0)
            emit busyChanged();
        if (generation != m_generation)
            return; // meant for the channel shown before
        if (!outcome.ok()) {
            const bool limit = outcome.code == QLatin1String("LIMIT_EXCEEDED");
            setError(limit && !limitText.isEmpty() ? limitText
                                                   : errorText(outcome.code, outcome.message));
            return;
        }
        then(outcome);
    });
}

void ChannelInfo::applyServer(const api::Channel &channel, bool sharedEntry) {
    // A channelChanged entry has no role or mute (every reader shares it): the user's stay.
    const std::optional<api::ChannelRole> role =
        sharedEntry ? (m_server ? m_server->role : std::nullopt) : channel.role;
    const bool muted = sharedEntry ? m_muted : channel.muted;
    m_server = channel;
    m_server->role = role;
    m_title = channel.title;
    m_photoFileId = channel.photo.fileId;
    m_about = channel.about;
    m_name = channel.name;
    m_subscribers = channel.subscriberCount;
    m_ownerId = channel.ownerId;
    m_muted = muted;
    requestNames();
    emit changed();
}

void ChannelInfo::refresh() {
    if (!m_context || !m_context->engine() || m_channelId <= 0)
        return;
    const quint64 generation = m_generation;
    m_context->engine()->getChannel(
        m_channelId, this, [this, generation](const ChannelOutcome &outcome) {
            // Offline or refused, the stored facts stay; the acts report their own refusals.
            if (generation == m_generation && outcome.ok() && !outcome.channels.isEmpty())
                applyServer(outcome.channels.first());
        });
}

void ChannelInfo::requestNames() {
    if (!m_context)
        return;
    QList<qint64> ids;
    if (m_ownerId > 0)
        ids.append(m_ownerId);
    ids += m_server ? m_server->adminIds : m_storedAdmins;
    QList<qint64> missing;
    for (const qint64 id : std::as_const(ids))
        if (m_context->userNames()->name(id).isEmpty())
            missing.append(id);
    if (missing.isEmpty())
        return;
    m_context->userNames()->request(missing);
    // Names never stored (an admin who never posted) are fetched; usersUpdated follows.
    if (SyncEngine *engine = m_context->engine())
        engine->fetchUsers(missing);
}

void ChannelInfo::onStoreChanged(const storage::ChangeSet &changes) {
    if (m_channelId != 0 && (changes.reset || changes.changedChatIds.contains(m_channelId)))
        reloadStored();
}

void ChannelInfo::reloadStored() {
    if (!m_context || m_channelId == 0)
        return;
    const quint64 generation = m_generation;
    m_context->store()->read(
        [id = m_channelId](storage::ReadTransaction &tx) {
            StoredChannel s;
            s.row = storage::ChannelsTable::load(tx, id);
            if (s.row)
                if (const auto chat = storage::ChatsTable::load(tx, id)) {
                    s.title = chat->title;
                    s.photoFileId = chat->photoFileId;
                }
            return s;
        },
        this,
        [this, generation](const StoredChannel &s) {
            if (generation != m_generation)
                return;
            m_stored = s.row.has_value();
            m_storedRole = s.row ? int(s.row->role) : -1;
            if (s.row && !m_server) { // the server's view, once there, is at least as new
                m_title = s.title;
                m_photoFileId = s.photoFileId;
                m_about = s.row->about;
                m_name = s.row->name;
                m_subscribers = s.row->subscriberCount;
                m_ownerId = s.row->ownerId;
                m_storedAdmins = s.row->adminIds;
            }
            // The count is stored from every answer and from the live channelSubscribers
            // pushes (§15.4): the stored one is the newest known, so an open page follows it.
            if (s.row) {
                m_subscribers = s.row->subscriberCount;
                if (m_server)
                    m_server->subscriberCount = s.row->subscriberCount;
            }
            if (s.row)
                m_muted = s.row->muted; // also set on another device (channelSubscription)
            else if (m_server) {
                m_server->role.reset(); // left (here or on another device)
            }
            requestNames();
            emit changed();
        });
}

void ChannelInfo::edit(const QString &title, const QString &about) {
    const QString t = title.trimmed();
    const QString a = about.trimmed();
    if (t.isEmpty()) {
        setError(tr("A channel needs a title."));
        return;
    }
    if (t.size() > api::kMaxChannelTitleChars || a.size() > api::kMaxChannelAboutChars) {
        setError(errorText(QStringLiteral("TOO_LARGE"), {}));
        return;
    }
    std::optional<QString> newTitle;
    std::optional<QString> newAbout;
    if (t != m_title)
        newTitle = t;
    if (a != m_about)
        newAbout = a;
    if (!newTitle && !newAbout) {
        setError({});
        emit actionDone(); // nothing to change
        return;
    }
    act(
        [this, newTitle, newAbout](ChannelDone done) {
            m_context->engine()->editChannel(m_channelId, newTitle, newAbout, this, done);
        },
        [this](const ChannelOutcome &outcome) {
            applyServer(outcome.channels.value(0));
            emit actionDone();
        });
}

void ChannelInfo::resolveUsers(const QStringList &usernames,
                               std::function<void(QList<qint64>)> then) {
    if (!m_context || !m_context->engine()) {
        setError(errorText(QStringLiteral("OFFLINE"), {}));
        return;
    }
    struct Lookup {
        QList<qint64> ids;
        int waiting = 0;
        QString failure;
    };
    auto lookup = std::make_shared<Lookup>();
    lookup->ids.resize(usernames.size());
    lookup->waiting = int(usernames.size());
    setError({});
    if (++m_busy == 1)
        emit busyChanged();
    for (int i = 0; i < usernames.size(); ++i) {
        const QString &username = usernames.at(i);
        m_context->engine()->findUser(
            username, this,
            [this, lookup, i, username, then, generation = m_generation](
                qint64 userId, const QString &code, const QString &message) {
                if (userId > 0)
                    lookup->ids[i] = userId;
                else if (lookup->failure.isEmpty())
                    lookup->failure = code == QLatin1String("NOT_FOUND")
                                          ? tr("No user is named @%1.").arg(username)
                                          : errorText(code, message);
                if (--lookup->waiting > 0)
                    return;
                if (--m_busy == 0)
                    emit busyChanged();
                if (generation != m_generation)
                    return;
                if (!lookup->failure.isEmpty())
                    return setError(lookup->failure);
                then(lookup->ids);
            });
    }
}

void ChannelInfo::addSubscribers(const QString &usernames) {
    const QStringList names = splitUsernames(usernames);
    if (names.isEmpty()) {
        setError(tr("Type the @usernames of the people to add."));
        return;
    }
    if (names.size() > api::kMaxChannelAddSubscribers) {
        setError(tr("At most %1 people can be added at once.").arg(api::kMaxChannelAddSubscribers));
        return;
    }
    resolveUsers(names, [this](const QList<qint64> &ids) {
        act(
            [this, ids](ChannelDone done) {
                m_context->engine()->addChannelSubscribers(m_channelId, ids, this, done);
            },
            [this](const ChannelOutcome &outcome) {
                applyServer(outcome.channels.value(0));
                emit actionDone();
            },
            tr("One of these users is subscribed to as many channels as allowed (%1): nobody "
               "was added.")
                .arg(api::kMaxChannelSubscriptions));
    });
}

void ChannelInfo::setAdminByUsername(const QString &username, bool admin) {
    const QStringList names = splitUsernames(username);
    if (names.size() != 1) {
        setError(tr("Type one @username."));
        return;
    }
    resolveUsers(
        names, [this, admin](const QList<qint64> &ids) { setAdmin(double(ids.value(0)), admin); });
}

void ChannelInfo::setAdmin(double userId, bool admin) {
    act(
        [this, userId, admin](ChannelDone done) {
            m_context->engine()->setChannelRole(m_channelId, qint64(userId), admin, this, done);
        },
        [this](const ChannelOutcome &outcome) {
            applyServer(outcome.channels.value(0));
            emit actionDone();
        },
        tr("A channel has at most %1 admins besides its owner.").arg(api::kMaxChannelAdmins));
}

void ChannelInfo::removeMemberByUsername(const QString &username) {
    const QStringList names = splitUsernames(username);
    if (names.size() != 1) {
        setError(tr("Type one @username."));
        return;
    }
    resolveUsers(names, [this](const QList<qint64> &ids) {
        act(
            [this, userId = ids.value(0)](ChannelDone done) {
                m_context->engine()->removeSupergroupMember(m_channelId, userId, this, done);
            },
            [this](const ChannelOutcome &outcome) {
                applyServer(outcome.channels.value(0));
                emit actionDone();
            });
    });
}

bool ChannelInfo::megagroup() const {
    return m_server && m_server->megagroup;
}

void ChannelInfo::setMuted(bool muted) {
    act(
        [this, muted](ChannelDone done) {
            m_context->engine()->setChannelMuted(m_channelId, muted, this, done);
        },
        [this](const ChannelOutcome &outcome) {
            applyServer(outcome.channels.value(0));
            emit actionDone();
        });
}

void ChannelInfo::leave() {
    act([this](
            ChannelDone done) { m_context->engine()->unsubscribeChannel(m_channelId, this, done); },
        [this](const ChannelOutcome &outcome) {
            applyServer(outcome.channels.value(0));
            emit left();
        });
}

QString ChannelInfo::photoUrl() const {
    return m_context ? m_context->photoUrl(m_photoFileId) : QString();
}

bool ChannelInfo::photoBusy() const {
    return m_photoChanger->busy();
}

void ChannelInfo::setPhoto(const QUrl &file) {
    if (m_context && m_channelId > 0)
        m_photoChanger->set(m_context->engine(), m_context->media(), PhotoTarget::Channel,
                            m_channelId, file);
}

void ChannelInfo::removePhoto() {
    if (m_context && m_channelId > 0)
        m_photoChanger->remove(m_context->engine(), PhotoTarget::Channel, m_channelId);
}

} // namespace msgr::core
