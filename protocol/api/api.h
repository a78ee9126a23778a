#pragma once
//! Every method of docs/protocol.md §5 as typed shapes, written once for client, server and
//! tests. For each method a request struct carries its `method` name, `Result` type,
//! `toCbor()` (what a client sends) and `decode()` (what the server accepts, with the typed
//! error it answers otherwise); each result struct has `toCbor()` (what the server sends) and
//! `fromCbor()` (what a client accepts). Plain values, thread-safe.
#include "protocol/api/auth.h"
#include "protocol/api/channels.h"
#include "protocol/api/chats.h"
#include "protocol/api/contacts.h"
#include "protocol/api/devices.h"
#include "protocol/api/groups.h"
#include "protocol/api/message_actions.h"
#include "protocol/api/messages.h"
#include "protocol/api/mutes.h"
#include "protocol/api/photos.h"
#include "protocol/api/pinned_messages.h"
#include "protocol/api/pins.h"
#include "protocol/api/profiles.h"
#include "protocol/api/reply.h"
#include "protocol/api/secret.h"
#include "protocol/api/supergroups.h"
#include "protocol/api/sync.h"
#include "protocol/api/users.h"
