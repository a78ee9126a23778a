#pragma once
//! A text longer than one message may be (protocol::kMaxTextChars) is sent as several messages,
//! as Telegram Desktop does, cut where a reader expects a break: at the last blank line of each
//! part, else the last line break, else the last space, and only inside a word when a part has
//! none of them in its second half. A surrogate pair is never cut in two. Thread-safe (pure).
#include <QStringList>

namespace msgr::core {

//! Most parts one send may make; a longer text is refused by the composer (it says so).
inline constexpr int kMaxMessageParts = 10;

//! The parts in order, each trimmed, 1..maxChars long; empty for a text of only whitespace.
QStringList splitLongText(const QString &text, int maxChars);

} // namespace msgr::core
