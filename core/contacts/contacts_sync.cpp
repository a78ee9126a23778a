#include "core/contacts/contacts_sync.h"

#include "storage/tables/users_table.h"

namespace msgr::core {

using protocol::api::ContactStatus;

storage::ContactRecord ContactsSync::toRecord(const protocol::api::ContactEntry &entry) {
    storage::ContactRecord r;
    r.userId = entry.profile.user.id;
    switch (entry.status) {
    case ContactStatus::None:
        r.status = storage::ContactStatus::None;
        break;
    case ContactStatus::Outgoing:
        r.status = storage::ContactStatus::Outgoing;
        break;
    case ContactStatus::Incoming:
        r.status = storage::ContactStatus::Incoming;
        break;
    case ContactStatus::Denied:
        r.status = storage::ContactStatus::Denied;
        break;
    case ContactStatus::Contact:
        r.status = storage::ContactStatus::Contact;
        break;
    }
    r.since = entry.since;
    r.retryAt = entry.retryAt;
    r.username = entry.profile.user.username;
    r.displayName = entry.profile.user.displayName;
    r.about = entry.profile.about;
    return r;
}

void ContactsSync::apply(storage::WriteTransaction &tx,
                         const protocol::ContactChangedUpdate &update) {
    storage::ContactsTable::storeRelation(tx, toRecord(update.entry));
    // The names also serve the chat list and headers (UsersTable is their one source).
    const protocol::User &user = update.entry.profile.user;
    storage::UsersTable::store(tx, {storage::UserRecord{user.id, user.username, user.displayName}});
}

void ContactsSync::apply(storage::WriteTransaction &tx,
                         const protocol::BlockedChangedUpdate &update) {
    // The update names only the id: the names come from the users this profile knows.
    const QList<storage::UserRecord> known = storage::UsersTable::load(tx, {update.userId});
    storage::ContactsTable::setBlocked(tx, update.userId, update.blocked,
                                       known.isEmpty() ? QString() : known.first().username,
                                       known.isEmpty() ? QString() : known.first().displayName);
}

bool ContactsSync::touchesContacts(const QList<protocol::LoggedUpdate> &updates) {
    for (const protocol::LoggedUpdate &logged : updates)
        if (std::holds_alternative<protocol::ContactChangedUpdate>(logged.update) ||
            std::holds_alternative<protocol::BlockedChangedUpdate>(logged.update))
            return true;
    return false;
}

} // namespace msgr::core
