#include "core/channels/channel_directory.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"

namespace msgr::core {

namespace api = protocol::api;

ChannelDirectory::ChannelDirectory(QObject *parent) : QObject(parent) {}

void ChannelDirectory::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    disconnect(m_storeConnection);
    m_context = context;
    if (context)
        m_storeConnection = connect(context->store(), &storage::ProfileStore::changed, this,
                                    &ChannelDirectory::onStoreChanged);
    emit contextChanged();
    reload();
}

void ChannelDirectory::setChannelId(double id) {
    const auto chatId = qint64(id);
    if (chatId == m_channelId)
        return;
    m_channelId = chatId;
    m_stored = false;
    emit channelChanged();
    reload();
}

QString ChannelDirectory::errorText(const QString &code, const QString &serverMessage) {
    if (code == QLatin1String("OFFLINE"))
        return tr("Not connected: try again when online.");
    if (code == QLatin1String("USERNAME_TAKEN"))
        return tr("That @name is taken: choose another.");
    if (code == QLatin1String("USERNAME_INVALID"))
        return tr("A public name is 3 to 32 letters a-z, digits or _, starting with a letter.");
    if (code == QLatin1String("TOO_LARGE"))
        return tr("Too long.");
    if (code == QLatin1String("FORBIDDEN"))
        return tr("Only the channel's owner and admins can do that.");
    if (code == QLatin1String("NOT_FOUND"))
        return tr("No such channel.");
    if (code == QLatin1String("LIMIT_EXCEEDED"))
        return tr("You are subscribed to as many channels as allowed.");
    return tr("The server refused: %1").arg(serverMessage.isEmpty() ? code : serverMessage);
}

void ChannelDirectory::setError(const QString &error) {
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

void ChannelDirectory::act(const std::function<void(ChannelDone)> &start,
                           std::function<void(const ChannelOutcome &)> then) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine) {
        setError(errorText(QStringLiteral("OFFLINE"), {}));
        return;
    }
    setError({});
    ++m_busy;
    if (m_busy == 1)
        emit busyChanged();
    start([this, then = std::move(then)](const ChannelOutcome &outcome) {
        if (--m_busy == 0)
            emit busyChanged();
        if (!outcome.ok()) {
            setError(errorText(outcome.code, outcome.message));
            return;
        }
        then(outcome);
    });
}

void ChannelDirectory::create(const QString &title, const QString &about, const QString &name) {
    if (title.trimmed().isEmpty()) {
        setError(tr("A channel needs a title."));
        return;
    }
    QString bare = name.trimmed();
    if (bare.startsWith(QLatin1Char('@')))
        bare.remove(0, 1);
    act(
        [this, title, about, bare](ChannelDone done) {
            m_context->engine()->createChannel(title.trimmed(), about.trimmed(), bare, this, done);
        },
        [this](const ChannelOutcome &outcome) {
            const api::Channel c = outcome.channels.value(0);
            emit created(double(c.id), c.title);
        });
}

void ChannelDirectory::search(const QString &query) {
    if (query.trimmed().isEmpty()) {
        m_results.clear();
        emit resultsChanged();
        return;
    }
    act([this, query](ChannelDone done) { m_context->engine()->searchChannels(query, this, done); },
        [this](const ChannelOutcome &outcome) {
            m_results.clear();
            for (const api::Channel &c : outcome.channels)
                m_results.append(
                    QVariantMap{{QStringLiteral("channelId"), double(c.id)},
                                {QStringLiteral("title"), c.title},
                                {QStringLiteral("about"), c.about},
                                {QStringLiteral("name"), c.name},
                                {QStringLiteral("subscribers"), double(c.subscriberCount)},
                                {QStringLiteral("subscribed"), c.role.has_value()},
                                {QStringLiteral("megagroup"), c.megagroup}});
            emit resultsChanged();
        });
}

void ChannelDirectory::subscribe(double channelId) {
    act(
        [this, channelId](ChannelDone done) {
            m_context->engine()->subscribeChannel(qint64(channelId), this, done);
        },
        [this](const ChannelOutcome &outcome) {
            const api::Channel c = outcome.channels.value(0);
            emit subscribed(double(c.id), c.title);
        });
}

void ChannelDirectory::unsubscribe(double channelId) {
    act(
        [this, channelId](ChannelDone done) {
            m_context->engine()->unsubscribeChannel(qint64(channelId), this, done);
        },
        [this, channelId](const ChannelOutcome &) { emit left(channelId); });
}

void ChannelDirectory::setMuted(double channelId, bool muted) {
    act(
        [this, channelId, muted](ChannelDone done) {
            m_context->engine()->setChannelMuted(qint64(channelId), muted, this, done);
        },
        [this](const ChannelOutcome &) { reload(); });
}

void ChannelDirectory::post(double channelId, const QString &text) {
    if (text.trimmed().isEmpty())
        return;
    act(
        [this, channelId, text](ChannelDone done) {
            m_context->engine()->postToChannel(qint64(channelId), text, this, done);
        },
        [](const ChannelOutcome &) {}); // the post reaches the chat through the store
}

void ChannelDirectory::onStoreChanged(const storage::ChangeSet &changes) {
    if (m_channelId != 0 && (changes.reset || changes.changedChatIds.contains(m_channelId)))
        reload();
}

void ChannelDirectory::reload() {
    if (!m_context || m_channelId == 0)
        return;
    const quint64 ticket = ++m_reloads;
    m_context->store()->read(
        [id = m_channelId](storage::ReadTransaction &tx) {
            return storage::ChannelsTable::load(tx, id);
        },
        this,
        [this, ticket](const std::optional<storage::ChannelRecord> &row) {
            if (ticket != m_reloads)
                return; // a newer read (another channel) is on its way
            m_stored = row.has_value();
            m_role = row ? int(row->role) : 0;
            m_muted = row && row->muted;
            m_subscribers = row ? row->subscriberCount : 0;
            m_megagroup = row && row->megagroup;
            m_about = row ? row->about : QString();
            emit channelChanged();
        });
}

} // namespace msgr::core
