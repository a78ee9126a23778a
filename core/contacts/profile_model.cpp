#include "core/contacts/profile_model.h"

#include "core/contacts/contact_errors.h"
#include "core/contacts/contact_status_name.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/tables/contacts_table.h"
#include "storage/tables/photos_table.h"
#include "storage/tables/users_table.h"

namespace msgr::core {

namespace {

struct Stored {
    storage::UserRecord user;
    storage::ContactRecord relation;
    QString photoFileId;
};

} // namespace

ProfileModel::ProfileModel(QObject *parent)
    : QObject(parent), m_photoChanger(new PhotoChanger(this)) {
    connect(m_photoChanger, &PhotoChanger::busyChanged, this, &ProfileModel::photoBusyChanged);
    connect(m_photoChanger, &PhotoChanger::finished, this, [this](const QString &error) {
        setError(error);
        if (error.isEmpty())
            reload(); // the stored photo, then the server's profile
    });
}

void ProfileModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    if (m_context)
        disconnect(m_context, nullptr, this, nullptr);
    m_context = context;
    // My profile: the own id may be known only once the session signed in.
    if (m_context)
        connect(m_context, &CoreContext::selfUserIdChanged, this, [this] {
            if (m_userId == 0)
                reload();
        });
    emit contextChanged();
    reload();
}

void ProfileModel::setUserId(double userId) {
    const auto id = qint64(userId);
    if (id == m_userId)
        return;
    m_userId = id;
    emit userIdChanged();
    reload();
}

SyncEngine *ProfileModel::engine() const {
    return m_context ? m_context->engine() : nullptr;
}

qint64 ProfileModel::shownId() const {
    return m_userId != 0 ? m_userId : (m_context ? m_context->selfUserId() : 0);
}

void ProfileModel::followEngine() {
    SyncEngine *e = engine();
    if (!e || m_followed == e)
        return;
    m_followed = e;
    // The relation (invited, accepted, blocked) moves with the stored rows.
    connect(e, &SyncEngine::contactsChanged, this, &ProfileModel::readStored, Qt::QueuedConnection);
}

void ProfileModel::readStored() {
    const qint64 id = shownId();
    if (!m_context || !m_context->store() || id == 0)
        return;
    m_context->store()->read(
        [id](storage::ReadTransaction &tx) {
            Stored s;
            const QList<storage::UserRecord> users = storage::UsersTable::load(tx, {id});
            if (!users.isEmpty())
                s.user = users.first();
            s.relation = storage::ContactsTable::find(tx, id);
            s.photoFileId = storage::PhotosTable::load(tx, storage::PhotoSubject::User, id).fileId;
            return s;
        },
        this,
        [this, id](const Stored &s) {
            if (id != shownId())
                return;
            if (!m_fresh && s.user.id == id) {
                m_username = s.user.username;
                m_displayName = s.user.displayName;
                m_photoFileId = s.photoFileId;
                if (m_about.isEmpty())
                    m_about = s.relation.about;
                emit profileChanged();
            }
            const QString status = contactStatusName(s.relation.status);
            if (status != m_contactStatus || s.relation.blocked != m_blocked) {
                m_contactStatus = status;
                m_blocked = s.relation.blocked;
                emit relationChanged();
            }
        });
}

void ProfileModel::reload() {
    const qint64 id = shownId();
    if (id == 0)
        return;
    followEngine();
    readStored();
    SyncEngine *e = engine();
    if (!e || !m_fetches)
        return;
    e->getProfile(id, this,
                  [this, id](const QVariantMap &profile, const QString &code, const QString &) {
                      if (id != shownId())
                          return;
                      // Offline the stored names stay; the page says nothing more.
                      if (code.isEmpty())
                          applyProfile(profile);
                  });
}

void ProfileModel::applyProfile(const QVariantMap &profile) {
    m_username = profile.value(QStringLiteral("username")).toString();
    m_displayName = profile.value(QStringLiteral("displayName")).toString();
    m_about = profile.value(QStringLiteral("about")).toString();
    m_lastSeenAt = qint64(profile.value(QStringLiteral("lastSeenAt")).toDouble());
    m_lastSeen = profile.value(QStringLiteral("lastSeen")).toString();
    m_photoFileId = profile.value(QStringLiteral("photoFileId")).toString();
    m_fresh = true;
    emit profileChanged();
}

QString ProfileModel::photoUrl() const {
    return m_context ? m_context->photoUrl(m_photoFileId) : QString();
}

void ProfileModel::setBusy(bool busy) {
    if (m_busy != busy) {
        m_busy = busy;
        emit busyChanged();
    }
}

void ProfileModel::setError(const QString &text) {
    if (m_errorText != text) {
        m_errorText = text;
        emit errorTextChanged();
    }
}

void ProfileModel::save(const QString &displayName, const QString &about, const QString &username) {
    SyncEngine *e = engine();
    if (!e)
        return setError(contactErrorText(QStringLiteral("OFFLINE"), {}));
    ContactsService::ProfileEdit edit;
    edit.setsDisplayName = displayName.trimmed() != m_displayName;
    edit.displayName = displayName.trimmed();
    edit.setsAbout = about.trimmed() != m_about;
    edit.about = about.trimmed();
    QString name = username.trimmed();
    if (name.startsWith(QLatin1Char('@')))
        name.remove(0, 1);
    edit.setsUsername = name.compare(m_username, Qt::CaseInsensitive) != 0;
    edit.username = name;
    if (!edit.setsDisplayName && !edit.setsAbout && !edit.setsUsername) {
        setError({});
        emit saved();
        return;
    }
    setBusy(true);
    e->updateProfile(
        edit, this,
        [this](const QVariantMap &profile, const QString &code, const QString &message) {
            setBusy(false);
            if (!code.isEmpty()) {
                setError(contactErrorText(code, message));
                reload(); // a name saved before a refused username shows
                return;
            }
            setError({});
            if (!profile.isEmpty()) {
                // The own profile carries no last seen worth keeping here.
                applyProfile(profile);
            }
            emit saved();
        });
}

void ProfileModel::addContact() {
    SyncEngine *e = engine();
    if (!e || m_username.isEmpty())
        return setError(contactErrorText(QStringLiteral("OFFLINE"), {}));
    setBusy(true);
    e->inviteContact(m_username, this, [this](const QString &code, const QString &message) {
        setBusy(false);
        setError(code.isEmpty() ? QString() : contactErrorText(code, message));
        readStored();
    });
}

void ProfileModel::setBlocked(bool blocked) {
    SyncEngine *e = engine();
    if (!e)
        return setError(contactErrorText(QStringLiteral("OFFLINE"), {}));
    setBusy(true);
    e->setUserBlocked(shownId(), blocked, this,
                      [this](const QString &code, const QString &message) {
                          setBusy(false);
                          setError(code.isEmpty() ? QString() : contactErrorText(code, message));
                          readStored();
                      });
}

bool ProfileModel::photoBusy() const {
    return m_photoChanger->busy();
}

void ProfileModel::setPhoto(const QUrl &file) {
    if (own())
        m_photoChanger->set(engine(), m_context ? m_context->media() : nullptr,
                            PhotoTarget::Profile, 0, file);
}

void ProfileModel::removePhoto() {
    if (own())
        m_photoChanger->remove(engine(), PhotoTarget::Profile, 0);
}

} // namespace msgr::core
