#include "server/store/sqlite_schema.h"

#include <array>

namespace msgr::server::sqlite {

namespace {

// Plain tables and integer ids only, so the same shape maps onto PostgreSQL later.
// Never edit a step that has shipped: append a new one.
constexpr const char *kVersion1 = R"sql(
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX devices_by_user ON devices(user_id);
-- kind: 'private', 'group' or 'channel'. private_pair: "minId:maxId" for private chats, so
-- opening the same pair twice finds the same chat; NULL for every other kind.
CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    private_pair TEXT UNIQUE
);
CREATE TABLE chat_members (
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    read_inbox_max_id INTEGER NOT NULL DEFAULT 0,
    delivered_max_id INTEGER NOT NULL DEFAULT 0,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_by_user ON chat_members(user_id, chat_id);
-- Messages are never deleted, so the rowid id is global and increasing.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    sender_id INTEGER NOT NULL REFERENCES users(id),
    date INTEGER NOT NULL,
    text TEXT NOT NULL,
    random_id INTEGER NOT NULL,
    UNIQUE (sender_id, random_id)
);
CREATE INDEX messages_by_chat ON messages(chat_id, id);
-- body: CBOR of protocol::updateToCbor.
CREATE TABLE user_updates (
    user_id INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (user_id, pts)
) WITHOUT ROWID;
-- pts: the last assigned; oldest_pts: the oldest still retained (pts + 1 when none is).
CREATE TABLE user_state (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    pts INTEGER NOT NULL,
    oldest_pts INTEGER NOT NULL
);
)sql";

constexpr std::array kSteps{kVersion1};

int userVersion(Connection &connection) {
    Statement s = connection.prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

} // namespace

int latestSchemaVersion() {
    return static_cast<int>(kSteps.size());
}

bool migrate(Connection &connection, QString *error) {
    try {
        const int current = userVersion(connection);
        if (current > latestSchemaVersion()) {
            if (error)
                *error = QStringLiteral("the database has schema version %1, newer than this "
                                        "server's %2")
                             .arg(current)
                             .arg(latestSchemaVersion());
            return false;
        }
        for (int version = current + 1; version <= latestSchemaVersion(); ++version) {
            Transaction transaction(connection, Transaction::Kind::Immediate);
            connection.exec(kSteps[static_cast<size_t>(version - 1)]);
            // PRAGMA takes no parameters; the value is our own integer.
            connection.exec(
                QByteArray("PRAGMA user_version = " + QByteArray::number(version)).constData());
            transaction.commit();
        }
        return true;
    } catch (const Error &e) {
        if (error)
            *error = QStringLiteral("schema migration failed: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
}

} // namespace msgr::server::sqlite
