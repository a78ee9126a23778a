#include "core/contacts/contacts_model.h"

#include "core/contacts/contact_errors.h"
#include "core/contacts/contact_status_name.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"

#include <algorithm>

namespace msgr::core {

namespace {

const char *const kSectionNames[] = {"incoming", "outgoing", "contacts", "blocked"};

//! Within a section: by name as shown, then id (a stable order for equal names).
bool shownBefore(const storage::ContactRecord &a, const storage::ContactRecord &b) {
    const QString an = a.displayName.isEmpty() ? a.username : a.displayName;
    const QString bn = b.displayName.isEmpty() ? b.username : b.displayName;
    const int c = an.localeAwareCompare(bn);
    return c != 0 ? c < 0 : a.userId < b.userId;
}

} // namespace

ContactsModel::ContactsModel(QObject *parent) : ContactsModel(nullptr, parent) {}

ContactsModel::ContactsModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent), m_context(context) {
    if (m_context)
        reload();
}

void ContactsModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    m_context = context;
    emit contextChanged();
    reload();
}

SyncEngine *ContactsModel::engine() const {
    return m_context ? m_context->engine() : nullptr;
}

void ContactsModel::followEngine() {
    SyncEngine *e = engine();
    if (!e || m_followed == e)
        return;
    m_followed = e;
    connect(e, &SyncEngine::contactsChanged, this, &ContactsModel::reload, Qt::QueuedConnection);
}

void ContactsModel::reload() {
    if (!m_context || !m_context->store())
        return;
    followEngine();
    const int tag = ++m_readTag;
    m_context->store()->read(
        [](storage::ReadTransaction &tx) { return storage::ContactsTable::load(tx); }, this,
        [this, tag](const QList<storage::ContactRecord> &records) {
            if (tag == m_readTag)
                setRecords(records);
        });
}

void ContactsModel::setRecords(const QList<storage::ContactRecord> &records) {
    QList<Row> rows;
    for (const storage::ContactRecord &r : records) {
        switch (r.status) {
        case storage::ContactStatus::Incoming:
            rows.append({r, 0});
            break;
        case storage::ContactStatus::Outgoing:
        case storage::ContactStatus::Denied:
            rows.append({r, 1});
            break;
        case storage::ContactStatus::Contact:
            rows.append({r, 2});
            break;
        case storage::ContactStatus::None:
            break;
        }
        // A block does not end a contact (Telegram's rule): such a user is in both sections.
        if (r.blocked)
            rows.append({r, 3});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.section != b.section ? a.section < b.section : shownBefore(a.record, b.record);
    });
    beginResetModel();
    m_rows = rows;
    std::fill(std::begin(m_counts), std::end(m_counts), 0);
    for (const Row &row : m_rows)
        ++m_counts[row.section];
    endResetModel();
    m_loaded = true;
    emit countsChanged();
}

int ContactsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ContactsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const storage::ContactRecord &r = row.record;
    switch (role) {
    case UserIdRole:
        return double(r.userId);
    case UsernameRole:
        return r.username;
    case Qt::DisplayRole:
    case DisplayNameRole:
        return r.displayName.isEmpty() ? r.username : r.displayName;
    case AboutRole:
        return r.about;
    case SectionRole:
        return QString::fromLatin1(kSectionNames[row.section]);
    case StatusRole:
        return contactStatusName(r.status);
    case BlockedRole:
        return r.blocked;
    case SinceRole:
        return double(r.since);
    case RetryAtRole:
        return double(r.retryAt);
    }
    return {};
}

QHash<int, QByteArray> ContactsModel::roleNames() const {
    return {{UserIdRole, "userId"},   {UsernameRole, "username"}, {DisplayNameRole, "displayName"},
            {AboutRole, "about"},     {SectionRole, "section"},   {StatusRole, "status"},
            {BlockedRole, "blocked"}, {SinceRole, "since"},       {RetryAtRole, "retryAt"}};
}

void ContactsModel::setError(const QString &text) {
    if (m_errorText == text)
        return;
    m_errorText = text;
    emit errorTextChanged();
}

void ContactsModel::clearError() {
    setError({});
}

std::function<void(const QString &, const QString &)> ContactsModel::answer(const QString &what) {
    return [this, what](const QString &code, const QString &message) {
        if (!code.isEmpty()) {
            setError(contactErrorText(code, message));
            return;
        }
        setError({});
        emit actDone(what);
    };
}

void ContactsModel::invite(const QString &username) {
    SyncEngine *e = engine();
    if (!e)
        return setError(contactErrorText(QStringLiteral("OFFLINE"), {}));
    followEngine();
    e->inviteContact(username, this, answer(QStringLiteral("invite")));
}

void ContactsModel::accept(double userId) {
    if (SyncEngine *e = engine())
        e->contactAct(ContactsService::Act::Accept, qint64(userId), this,
                      answer(QStringLiteral("accept")));
}

void ContactsModel::deny(double userId) {
    if (SyncEngine *e = engine())
        e->contactAct(ContactsService::Act::Deny, qint64(userId), this,
                      answer(QStringLiteral("deny")));
}

void ContactsModel::cancel(double userId) {
    if (SyncEngine *e = engine())
        e->contactAct(ContactsService::Act::Cancel, qint64(userId), this,
                      answer(QStringLiteral("cancel")));
}

void ContactsModel::remove(double userId) {
    if (SyncEngine *e = engine())
        e->contactAct(ContactsService::Act::Remove, qint64(userId), this,
                      answer(QStringLiteral("remove")));
}

void ContactsModel::block(double userId) {
    if (SyncEngine *e = engine())
        e->setUserBlocked(qint64(userId), true, this, answer(QStringLiteral("block")));
}

void ContactsModel::unblock(double userId) {
    if (SyncEngine *e = engine())
        e->setUserBlocked(qint64(userId), false, this, answer(QStringLiteral("unblock")));
}

} // namespace msgr::core
