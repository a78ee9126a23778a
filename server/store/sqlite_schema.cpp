#include "server/store/sqlite_schema.h"

#include <algorithm>
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

// Chat kind as an enum code (1 private, 2 group, 3 channel: chatKindCode), the private pair as
// a general unique key, and messages keyed (chat_id, id) so that a chat can number its own
// messages later (channels); ids stay global for now, drawn from one sequence. The tables are
// rebuilt (SQLite cannot change a primary key), with foreign keys off around the step.
constexpr const char *kVersion2 = R"sql(
CREATE TABLE chats_v2 (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    unique_key TEXT UNIQUE
);
INSERT INTO chats_v2 (id, kind, title, created_at, unique_key)
    SELECT id, CASE kind WHEN 'private' THEN 1 WHEN 'group' THEN 2 WHEN 'channel' THEN 3 END,
           title, created_at, private_pair
    FROM chats;
CREATE TABLE messages_v2 (
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    id INTEGER NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    date INTEGER NOT NULL,
    text TEXT NOT NULL,
    random_id INTEGER NOT NULL,
    PRIMARY KEY (chat_id, id),
    UNIQUE (sender_id, random_id)
);
INSERT INTO messages_v2 (chat_id, id, sender_id, date, text, random_id)
    SELECT chat_id, id, sender_id, date, text, random_id FROM messages;
-- last: the last id handed out of each sequence.
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO sequences (name, last) SELECT 'message', coalesce(max(id), 0) FROM messages;
DROP TABLE messages;
DROP TABLE chats;
ALTER TABLE chats_v2 RENAME TO chats;
ALTER TABLE messages_v2 RENAME TO messages;
)sql";

// Each user's pinned chats (chats.setPinned): position 0 is the top of their list.
constexpr const char *kVersion3 = R"sql(
CREATE TABLE pinned_chats (
    user_id INTEGER NOT NULL REFERENCES users(id),
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (user_id, chat_id)
) WITHOUT ROWID;
)sql";

// Media uploads (tus): one row per upload, its owner, declared length, the offset durably on
// disk, the metadata the client gave, and once finished the SHA-256 that addresses its content.
constexpr const char *kVersion4 = R"sql(
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    length INTEGER NOT NULL CHECK (length >= 0),
    upload_offset INTEGER NOT NULL CHECK (upload_offset >= 0 AND upload_offset <= length),
    file_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    sha256 TEXT
) WITHOUT ROWID;
CREATE INDEX uploads_unfinished_by_owner ON uploads(owner_id) WHERE sha256 IS NULL;
)sql";

// Groups (groups.*): each member's role (0 member, 1 admin, 2 owner; private chats are all
// members), and a service message's action (the CBOR of protocol::MessageAction, NULL for an
// ordinary message).
constexpr const char *kVersion5 = R"sql(
ALTER TABLE chat_members ADD COLUMN role INTEGER NOT NULL DEFAULT 0 CHECK (role IN (0, 1, 2));
ALTER TABLE messages ADD COLUMN action BLOB;
)sql";

// Attachments (docs/protocol.md §4, §11): a message's list as the CBOR array of its wire form (NULL
// when it has none), and one row per (file, message) carrying it, so "may this user fetch this
// file" is one indexed lookup joined with chat_members. Rows only ever reference finished
// uploads (the domain checks), and such an upload is not deleted while referenced. The two
// indexes serve the per-user byte quotas (every upload of an owner) and the sweep of expired
// unfinished uploads.
constexpr const char *kVersion6 = R"sql(
ALTER TABLE messages ADD COLUMN attachments BLOB;
CREATE INDEX uploads_by_owner ON uploads(owner_id);
CREATE INDEX uploads_unfinished_by_expiry ON uploads(expires_at) WHERE sha256 IS NULL;
CREATE TABLE message_files (
    file_id TEXT NOT NULL REFERENCES uploads(id),
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (file_id, chat_id, message_id),
    FOREIGN KEY (chat_id, message_id) REFERENCES messages(chat_id, id)
) WITHOUT ROWID;
)sql";

// Secret chats' key directory and relay (docs/protocol.md §12): public keys and ciphertext
// only. A device's published bundle (without a one-time pre-key) and identity; its pool of
// one-time pre-keys, each deleted when handed out; and its queue of opaque envelopes, deleted
// when acknowledged or past their age (hence the index by time). AUTOINCREMENT so that an id,
// once acknowledged, is never handed out again.
constexpr const char *kVersion7 = R"sql(
CREATE TABLE secret_devices (
    device_id INTEGER PRIMARY KEY REFERENCES devices(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    identity BLOB NOT NULL,
    bundle BLOB NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE INDEX secret_devices_by_user ON secret_devices(user_id);
CREATE TABLE secret_one_time_keys (
    device_id INTEGER NOT NULL REFERENCES devices(id),
    key_id INTEGER NOT NULL CHECK (key_id >= 0 AND key_id <= 4294967295),
    public_key BLOB NOT NULL,
    PRIMARY KEY (device_id, key_id)
) WITHOUT ROWID;
CREATE TABLE secret_envelopes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    sender_user_id INTEGER NOT NULL REFERENCES users(id),
    sender_device_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    size INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX secret_envelopes_by_device ON secret_envelopes(device_id, id);
CREATE INDEX secret_envelopes_by_age ON secret_envelopes(created_at);
)sql";

// Profiles, contacts and blocks (docs/protocol.md §14). A user's "about" and last-seen privacy
// (0 everybody, 1 contacts, 2 nobody); last seen itself is the devices' last_seen_at. A
// contact is two rows, one per side, so each user's list is one range of the primary key. An
// invitation is one row per (inviter, invitee): pending (0), denied (1) or cancelled (2), kept
// after it is decided for the cool-off before it may be sent again; an accepted one is deleted.
// A block is one row per (blocker, blocked).
constexpr const char *kVersion8 = R"sql(
ALTER TABLE users ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_seen_privacy INTEGER NOT NULL DEFAULT 0
    CHECK (last_seen_privacy IN (0, 1, 2));
CREATE TABLE contacts (
    user_id INTEGER NOT NULL REFERENCES users(id),
    contact_id INTEGER NOT NULL REFERENCES users(id),
    since INTEGER NOT NULL,
    PRIMARY KEY (user_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE contact_invites (
    from_id INTEGER NOT NULL REFERENCES users(id),
    to_id INTEGER NOT NULL REFERENCES users(id),
    state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),
    created_at INTEGER NOT NULL,
    decided_at INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX contact_invites_to ON contact_invites(to_id, state, from_id);
CREATE TABLE blocks (
    user_id INTEGER NOT NULL REFERENCES users(id),
    blocked_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
) WITHOUT ROWID;
)sql";

// Channels (docs/protocol.md §15). The chat row (kind 3) keeps the title; the channel row its
// public name (NULL: private; unique among channels), "about", the case-folded text search
// matches, the subscriber count (kept with each subscriber row, so reading it is one row),
// and its own log's state. Subscribers are rows apart from chat_members (a channel's readers
// do not carry read positions, and a group's rules must never see them); a partial index holds
// the owner and admins, so the staff is read without walking 100k subscribers. The channel's
// log: one row per post or change, however many subscribers there are.
constexpr const char *kVersion9 = R"sql(
CREATE TABLE channels (
    chat_id INTEGER PRIMARY KEY REFERENCES chats(id),
    name TEXT UNIQUE,
    about TEXT NOT NULL,
    search_text TEXT NOT NULL,
    subscriber_count INTEGER NOT NULL CHECK (subscriber_count >= 0),
    pts INTEGER NOT NULL,
    oldest_pts INTEGER NOT NULL
);
CREATE INDEX channels_public_by_size ON channels(subscriber_count DESC, chat_id)
    WHERE name IS NOT NULL;
CREATE TABLE channel_members (
    channel_id INTEGER NOT NULL REFERENCES chats(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role INTEGER NOT NULL CHECK (role IN (0, 1, 2)),
    muted INTEGER NOT NULL CHECK (muted IN (0, 1)),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, user_id)
) WITHOUT ROWID;
CREATE INDEX channel_members_by_user ON channel_members(user_id, channel_id);
CREATE INDEX channel_staff ON channel_members(channel_id, user_id) WHERE role > 0;
CREATE TABLE channel_updates (
    channel_id INTEGER NOT NULL REFERENCES chats(id),
    pts INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (channel_id, pts)
) WITHOUT ROWID;
)sql";

// Message actions (docs/protocol.md §16): when a message was last edited (0: never), and the
// messages a user deleted for themselves only ("delete for me"), which that user's history,
// chat list and unread count leave out. A message deleted for everyone is deleted outright,
// with its file links and these rows.
constexpr const char *kVersion10 = R"sql(
ALTER TABLE messages ADD COLUMN edited_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE hidden_messages (
    user_id INTEGER NOT NULL REFERENCES users(id),
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, chat_id, message_id),
    FOREIGN KEY (chat_id, message_id) REFERENCES messages(chat_id, id)
) WITHOUT ROWID;
CREATE INDEX hidden_messages_by_message ON hidden_messages(chat_id, message_id);
)sql";

// tus concatenation (docs/protocol.md §9): '' for an ordinary upload, 'partial', or a final
// upload's Upload-Concat value ('final;/files/<id> ...'), which HEAD answers.
constexpr const char *kVersion11 = R"sql(
ALTER TABLE uploads ADD COLUMN concat TEXT NOT NULL DEFAULT '';
)sql";

// Muted chats (docs/protocol.md §18): until when each user hears nothing from a chat (ms since
// the epoch, server clock; 253402300799000 is "forever"). Unmuting deletes the row; a mute that
// ran out is deleted by the user's next chats.setMuted.
constexpr const char *kVersion12 = R"sql(
CREATE TABLE chat_mutes (
    user_id INTEGER NOT NULL REFERENCES users(id),
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    muted_until INTEGER NOT NULL CHECK (muted_until > 0),
    PRIMARY KEY (user_id, chat_id)
) WITHOUT ROWID;
)sql";

// Drafts (docs/protocol.md §17.2): the text each user left unsent in a chat, one row per
// (user, chat); clearing a draft deletes its row, so a row's text is never empty.
constexpr const char *kVersion13 = R"sql(
CREATE TABLE drafts (
    user_id INTEGER NOT NULL REFERENCES users(id),
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    text TEXT NOT NULL CHECK (length(text) > 0),
    date INTEGER NOT NULL,
    PRIMARY KEY (user_id, chat_id)
) WITHOUT ROWID;
)sql";

// Replies and forwards (docs/protocol.md §19): what a reply quotes and who first wrote a
// forwarded copy, copied into the message when it is stored (NULL ids: neither). The excerpt
// is the quoted text as it was then; deleting the quoted message for everyone empties it.
constexpr const char *kVersion14 = R"sql(
ALTER TABLE messages ADD COLUMN reply_to_id INTEGER;
ALTER TABLE messages ADD COLUMN reply_sender_id INTEGER;
ALTER TABLE messages ADD COLUMN reply_excerpt TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN forward_sender_id INTEGER;
ALTER TABLE messages ADD COLUMN forward_sender_name TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN forward_date INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_replies ON messages(chat_id, reply_to_id) WHERE reply_to_id IS NOT NULL;
)sql";

// Pinned messages (docs/protocol.md §17.4): the one message pinned in a chat (0: none).
// Deleting that message for everyone sets it back to 0.
constexpr const char *kVersion15 = R"sql(
ALTER TABLE chats ADD COLUMN pinned_message_id INTEGER NOT NULL DEFAULT 0;
)sql";

// Group invite links (docs/protocol.md §20): a group's one live link, as the BLAKE2b hash of
// its token only (a copy of the database lets nobody join). Exporting again replaces the row,
// revoking deletes it; the unique hash is the index checkInvite and joinByInvite look up.
constexpr const char *kVersion16 = R"sql(
CREATE TABLE group_invites (
    chat_id INTEGER PRIMARY KEY REFERENCES chats(id),
    token_hash BLOB NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
)sql";

// Read marks (docs/protocol.md §21): when a member's delivered (kind 0) or read (kind 1)
// position moved from from_id to max_id, in groups of at most 100 members: one row per move,
// not per message, and only the newest few per member and kind are kept. messages.readers
// takes, per member, the mark whose range (from_id, max_id] holds the message.
constexpr const char *kVersion17 = R"sql(
CREATE TABLE read_marks (
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
    from_id INTEGER NOT NULL,
    max_id INTEGER NOT NULL CHECK (max_id > from_id),
    at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, kind, user_id, max_id)
) WITHOUT ROWID;
)sql";

// Comments on channel posts (docs/protocol.md §22): one row per comment, apart from messages so
// that channel history, unread counts and the message id sequence never see them; ids from the
// table's own AUTOINCREMENT (never reused, so a thread's ids only grow). The unique
// (sender_id, random_id) makes a resend find its comment. One row per commented post keeps its
// count and newest comment, so a comment costs two rows however many subscribers there are.
constexpr const char *kVersion18 = R"sql(
CREATE TABLE channel_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id INTEGER NOT NULL REFERENCES channels(chat_id),
    post_id INTEGER NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    random_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (sender_id, random_id)
);
CREATE INDEX channel_comments_by_post ON channel_comments(channel_id, post_id, id);
CREATE TABLE channel_post_threads (
    channel_id INTEGER NOT NULL REFERENCES channels(chat_id),
    post_id INTEGER NOT NULL,
    comment_count INTEGER NOT NULL CHECK (comment_count >= 0),
    last_comment_id INTEGER NOT NULL,
    PRIMARY KEY (channel_id, post_id)
) WITHOUT ROWID;
)sql";

// Supergroups (docs/protocol.md §23): a channel whose every member writes is marked megagroup;
// a group upgraded to one keeps a row pointing at it (the group takes no new messages). The
// index finds the owner's successor among 200k members without a scan.
constexpr const char *kVersion19 = R"sql(
ALTER TABLE channels ADD COLUMN megagroup INTEGER NOT NULL DEFAULT 0 CHECK (megagroup IN (0, 1));
CREATE TABLE group_migrations (
    group_id INTEGER PRIMARY KEY REFERENCES chats(id),
    supergroup_id INTEGER NOT NULL UNIQUE REFERENCES chats(id)
);
CREATE INDEX channel_members_by_join ON channel_members(channel_id, role, joined_at, user_id);
)sql";

// A deleted comment keeps its author's randomId taken (docs/protocol.md §22): a resend after
// the deletion must not write the comment again. Only the key is kept, never the text.
constexpr const char *kVersion20 = R"sql(
CREATE TABLE channel_comment_retired_ids (
    sender_id INTEGER NOT NULL REFERENCES users(id),
    random_id INTEGER NOT NULL,
    PRIMARY KEY (sender_id, random_id)
) WITHOUT ROWID;
)sql";

// Photos (docs/protocol.md §24): every file that is or was the photo of a user (subject_kind 0)
// or a chat (1), at most one current per subject. Past rows stay, so a service message or a
// cached profile naming an earlier photo can still be downloaded by those who may see it; the
// index by file decides a download in one lookup. (No foreign key to uploads: a photo's upload
// is refused deletion as an attached file is, see fileAttached.)
constexpr const char *kVersion21 = R"sql(
CREATE TABLE photos (
    subject_kind INTEGER NOT NULL CHECK (subject_kind IN (0, 1)),
    subject_id INTEGER NOT NULL,
    file_id TEXT NOT NULL,
    thumbnail BLOB NOT NULL,
    set_at INTEGER NOT NULL,
    current INTEGER NOT NULL CHECK (current IN (0, 1)),
    PRIMARY KEY (subject_kind, subject_id, file_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX photos_current ON photos(subject_kind, subject_id) WHERE current = 1;
CREATE INDEX photos_by_file ON photos(file_id);
)sql";

// The update log in append order (docs/architecture.md, "The update log is append-ordered"):
// rows keyed by `seq`, the order they were written in, so that a batch's entries for many users
// share the table's last leaf instead of each landing on its user's own leaf; the (user_id, pts)
// key becomes a unique index, whose entries are a few bytes each (no body), so every user's
// newest entries sit on a few dense, cached pages. Reads and trims go through that index and
// answer exactly as before (same rows, pts order). Existing rows are copied user by user.
constexpr const char *kVersion22 = R"sql(
CREATE TABLE user_updates_v22 (
    seq INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    body BLOB NOT NULL
);
INSERT INTO user_updates_v22 (user_id, pts, body)
    SELECT user_id, pts, body FROM user_updates ORDER BY user_id, pts;
DROP TABLE user_updates;
ALTER TABLE user_updates_v22 RENAME TO user_updates;
CREATE UNIQUE INDEX user_updates_by_user ON user_updates(user_id, pts);
)sql";

constexpr std::array kSteps{kVersion1,  kVersion2,  kVersion3,  kVersion4,  kVersion5,  kVersion6,
                            kVersion7,  kVersion8,  kVersion9,  kVersion10, kVersion11, kVersion12,
                            kVersion13, kVersion14, kVersion15, kVersion16, kVersion17, kVersion18,
                            kVersion19, kVersion20, kVersion21, kVersion22};

int userVersion(Connection &connection) {
    Statement s = connection.prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

//! Throws when a step left a row pointing at nothing.
void checkForeignKeys(Connection &connection) {
    Statement s = connection.prepare("PRAGMA foreign_key_check");
    if (s.step())
        throw Error(0, "a row of " + s.text(0).toStdString() + " refers to a missing " +
                           s.text(2).toStdString());
}

} // namespace

int latestSchemaVersion() {
    return static_cast<int>(kSteps.size());
}

qint64 chatKindCode(protocol::ChatKind kind) {
    switch (kind) {
    case protocol::ChatKind::Private:
        return 1;
    case protocol::ChatKind::Group:
        return 2;
    case protocol::ChatKind::Channel:
        return 3;
    }
    return 0;
}

std::optional<protocol::ChatKind> chatKindFromCode(qint64 code) {
    for (const auto kind :
         {protocol::ChatKind::Private, protocol::ChatKind::Group, protocol::ChatKind::Channel}) {
        if (chatKindCode(kind) == code)
            return kind;
    }
    return std::nullopt;
}

namespace {
//! Foreign keys off for the rebuild of a table (SQLite's documented procedure); the pragma is
//! ignored inside a transaction, so it is set around the steps.
struct ForeignKeysOff {
    explicit ForeignKeysOff(Connection &connection) : m_connection(connection) {
        m_connection.exec("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff() {
        try {
            m_connection.exec("PRAGMA foreign_keys = ON");
        } catch (const Error &) {
            // The connection is closed unused after a failed migration.
        }
    }
    Connection &m_connection;
};
} // namespace

bool migrate(Connection &connection, QString *error, int target) {
    try {
        ForeignKeysOff foreignKeysOff(connection);
        const int current = userVersion(connection);
        if (current > latestSchemaVersion()) {
            if (error)
                *error = QStringLiteral("the database has schema version %1, newer than this "
                                        "server's %2")
                             .arg(current)
                             .arg(latestSchemaVersion());
            return false;
        }
        for (int version = current + 1; version <= std::min(target, latestSchemaVersion());
             ++version) {
            Transaction transaction(connection, Transaction::Kind::Immediate);
            connection.exec(kSteps[static_cast<size_t>(version - 1)]);
            checkForeignKeys(connection);
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
