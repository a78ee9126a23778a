#pragma once
//! The emoji rendering of a safety number (docs/protocol.md §12.6): one emoji per 5-digit
//! group, `kSafetyEmoji[group mod 64]`, so 12 emoji that two people can compare aloud or at a
//! glance ("dog, moon, key...") where 60 digits are tiring. The table is the 64 emoji of
//! Matrix's short authentication strings (chosen there to be distinct at a glance and to have
//! one common name each). Pure, thread-safe.
#include <QList>
#include <QString>

namespace msgr::crypto::secret {

inline constexpr int kSafetyEmojiCount = 12;
inline constexpr int kSafetyEmojiTableSize = 64;

struct SafetyEmoji {
    const char *emoji; // UTF-8
    const char *name;  // English, lower case: what the CLI prints beside it
};

//! The table entry of index 0..63 (an index outside: the first entry).
SafetyEmoji safetyEmojiAt(int index);
//! The 12 table indices of a 60-digit safety number (safety_number.h); empty when `digits`
//! is not 60 ASCII digits.
QList<int> safetyEmojiIndices(const QString &digits);
//! The 12 emoji of a safety number, concatenated (empty as above).
QString safetyEmojiString(const QString &digits);

} // namespace msgr::crypto::secret
