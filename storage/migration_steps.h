#pragma once
//! The individual migration steps, one file each; called only by migrate().
#include "storage/sql_database.h"

namespace msgr::storage::migrations {

//! 0 -> 1: account, users, chats, messages.
bool step001CreateTables(sql::Database &db);
//! 1 -> 2: FTS4 index over message texts (unicode61 when compiled in), filled from old rows.
bool step002FullTextSearch(sql::Database &db);
//! 2 -> 3: history-complete and pending-read marks per chat, failed flag per message.
bool step003SyncBookkeeping(sql::Database &db);
//! 3 -> 4: inserted texts are indexed by StoreWriter once per job instead of by a trigger.
bool step004IndexTextsPerJob(sql::Database &db);
//! 4 -> 5: the profile's settings (one row), e.g. the opt-in to unencrypted ws://.
bool step005ProfileSettings(sql::Database &db);
//! 5 -> 6: members as rows, the chat kind as a number, server id and sort key unique per chat.
bool step006RecordsForChannels(sql::Database &db);
//! 6 -> 7: the account's pinned chats and their order.
bool step007PinnedChats(sql::Database &db);
//! 7 -> 8: file uploads and where each stands (resumable after a restart).
bool step008Uploads(sql::Database &db);
//! 8 -> 9: partial indexes for the outbox and failed-message loads at start, and a date
//! index for the newest search hits.
bool step009StartAndSearchIndexes(sql::Database &db);
//! 9 -> 10: secret chats: this device's keys, the sessions, the envelopes not yet relayed.
bool step010SecretChats(sql::Database &db);
//! 10 -> 11: file downloads into the encrypted media cache and where each stands.
bool step011Downloads(sql::Database &db);
//! 11 -> 12: the attachments of messages (and which upload a pending one waits for).
bool step012MessageAttachments(sql::Database &db);
//! 12 -> 13: secret chats: accepted peer identities, key-change flags, service entries,
//! self-destruct timers.
bool step013SecretVerificationAndTimers(sql::Database &db);
//! 13 -> 14: secret chats' files, their keys and where the sender's upload stands.
bool step014SecretAttachments(sql::Database &db);
//! 14 -> 15: when a message was last edited (message actions).
bool step015MessageEdits(sql::Database &db);
//! 15 -> 16: each chat's draft, and whether the server has it yet.
bool step016Drafts(sql::Database &db);
//! 16 -> 17: the account's muted chats.
bool step017ChatMutes(sql::Database &db);
//! 17 -> 18: what a reply quotes and who first wrote a forwarded message.
bool step018RepliesAndForwards(sql::Database &db);
//! 18 -> 19: the message pinned in each chat.
bool step019PinnedMessages(sql::Database &db);
//! 19 -> 20: the proxy setting (mode, address, credentials) in the profile's settings row.
bool step020ProxySettings(sql::Database &db);
//! 20 -> 21: the signed-in user's role in each chat.
bool step021GroupRoles(sql::Database &db);
//! 21 -> 22: the channels the account is subscribed to, each with its own log's pts.
bool step022Channels(sql::Database &db);
//! 22 -> 23: the account's contacts, invitations and blocked users.
bool step023Contacts(sql::Database &db);
//! 23 -> 24: each group member's role, and what a group's service message says.
bool step024GroupMembersAndServiceMessages(sql::Database &db);
//! 24 -> 25: the comment count of each channel post that has comments.
bool step025PostCommentCounts(sql::Database &db);
//! 25 -> 26: whether a channel row is a supergroup (docs/protocol.md §23).
bool step026Supergroups(sql::Database &db);
//! 26 -> 27: the partial uploads a large file is sent as (tus concatenation), per upload.
bool step027UploadParts(sql::Database &db);
//! 27 -> 28: message attachments found by file id (a deleted message's cached file).
bool step028AttachmentFiles(sql::Database &db);
bool step029PostCommentsAndChannelAdmins(sql::Database &db);
//! 29 -> 30: the photos of users, groups and channels (docs/protocol.md §24).
bool step030Photos(sql::Database &db);
//! 30 -> 31: the comments written but not yet confirmed by the server (the comment outbox).
bool step031CommentOutbox(sql::Database &db);
//! 31 -> 32: an upload whose file is still being written (a secret file sealed while it is
//! uploaded), and the sealed file's source and whether its seal finished.
bool step032SealWhileUpload(sql::Database &db);

} // namespace msgr::storage::migrations
