#pragma once
//! messages.saveDraft / messages.getDrafts and the `draft` update (docs/protocol.md §17.2): the
//! text a user left unsent in a chat's composer, one per (user, chat), kept by the server so
//! the user's other devices show it (Telegram's cloud drafts). A change is logged to the
//! caller's own log only: the other members are never told. Plain values, thread-safe.
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>
#include <QList>
#include <QString>

namespace msgr::protocol {

//! One chat's draft: `text` (1–4096 characters) written at `date` (server time, ms).
struct Draft {
    qint64 chatId = 0;
    QString text;
    qint64 date = 0;

    QCborMap toCbor() const;
    static std::optional<Draft> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Draft &, const Draft &) = default;
};

//! The caller's draft in `chatId` changed on one of their devices (or was cleared: `text`
//! empty, by the user or by a message they sent there). Listed in the Update variant
//! (protocol/updates.h); written to the caller's own log only.
struct DraftUpdate {
    static constexpr QLatin1StringView type{"draft"};
    qint64 chatId = 0;
    QString text; // empty: no draft any more
    qint64 date = 0;
    QCborMap fields() const;
    static std::optional<DraftUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const DraftUpdate &, const DraftUpdate &) = default;
};

} // namespace msgr::protocol

namespace msgr::protocol::api {

//! Drafts in one page of messages.getDrafts: 50 drafts of 4096 UTF-16 units (at most 12 KiB
//! of UTF-8 each) stay far below the 1 MiB frame.
inline constexpr int kDraftsPerPage = 50;
//! messages.saveDraft per user (all devices): a bucket of this many, refilled at
//! kDraftSavesPerMinute. A client saves at most once a second per chat while the user types
//! (and once on leaving the chat), so even quick switching between chats stays inside it.
inline constexpr int kDraftSaveBurst = 20;
inline constexpr int kDraftSavesPerMinute = 60;

//! The caller's draft now: its date (0 when cleared) and the caller's pts after the call.
struct SaveDraftResult {
    qint64 date = 0;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<SaveDraftResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SaveDraftResult &, const SaveDraftResult &) = default;
};

//! Sets the caller's draft in a chat they are a member of; an empty text clears it. The same
//! text again changes nothing and logs nothing (a retry after a lost answer).
struct SaveDraft {
    using Result = SaveDraftResult;
    // Named here, not in protocol/methods.h, so adding it did not rebuild every file.
    static constexpr QLatin1StringView method{"messages.saveDraft"};
    qint64 chatId = 0; // ≥ 1
    QString text;      // 0–4096 characters (kMaxTextChars)

    QCborMap toCbor() const;
    static Decoded<SaveDraft> decode(const QCborValue &args);
    friend bool operator==(const SaveDraft &, const SaveDraft &) = default;
};

//! One page of the caller's drafts, ascending by chatId, in chats they are a member of.
struct DraftsPage {
    QList<Draft> drafts; // at most kDraftsPerPage, each chatId > the request's offsetChatId
    bool final = true;   // false: ask again with offsetChatId = the last chatId of this page
    qint64 time = 0;     // the server's clock when the page was read (ms)

    QCborMap toCbor() const;
    static std::optional<DraftsPage> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const DraftsPage &, const DraftsPage &) = default;
};

//! How a new device (or one past tooLong) learns the drafts: page by page from offsetChatId.
struct GetDrafts {
    using Result = DraftsPage;
    static constexpr QLatin1StringView method{"messages.getDrafts"};
    qint64 offsetChatId = 0; // ≥ 0: drafts of chats with a greater id

    QCborMap toCbor() const;
    static Decoded<GetDrafts> decode(const QCborValue &args);
    friend bool operator==(const GetDrafts &, const GetDrafts &) = default;
};

} // namespace msgr::protocol::api
