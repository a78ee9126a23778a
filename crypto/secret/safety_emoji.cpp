#include "crypto/secret/safety_emoji.h"

#include "crypto/secret/safety_number.h"

#include <array>

namespace msgr::crypto::secret {
namespace {

// Append-only would not help here: changing an entry changes what every pair of devices
// compares, so the table is part of the protocol (§12.6) and fixed.
constexpr std::array<SafetyEmoji, kSafetyEmojiTableSize> kTable{{
    {"\U0001F436", "dog"},        {"\U0001F431", "cat"},         {"\U0001F981", "lion"},
    {"\U0001F40E", "horse"},      {"\U0001F984", "unicorn"},     {"\U0001F437", "pig"},
    {"\U0001F418", "elephant"},   {"\U0001F430", "rabbit"},      {"\U0001F43C", "panda"},
    {"\U0001F413", "rooster"},    {"\U0001F427", "penguin"},     {"\U0001F422", "turtle"},
    {"\U0001F41F", "fish"},       {"\U0001F419", "octopus"},     {"\U0001F98B", "butterfly"},
    {"\U0001F337", "flower"},     {"\U0001F333", "tree"},        {"\U0001F335", "cactus"},
    {"\U0001F344", "mushroom"},   {"\U0001F30F", "globe"},       {"\U0001F319", "moon"},
    {"\u2601\uFE0F", "cloud"},    {"\U0001F525", "fire"},        {"\U0001F34C", "banana"},
    {"\U0001F34E", "apple"},      {"\U0001F353", "strawberry"},  {"\U0001F33D", "corn"},
    {"\U0001F355", "pizza"},      {"\U0001F382", "cake"},        {"\u2764\uFE0F", "heart"},
    {"\U0001F600", "smiley"},     {"\U0001F916", "robot"},       {"\U0001F3A9", "hat"},
    {"\U0001F453", "glasses"},    {"\U0001F527", "spanner"},     {"\U0001F385", "santa"},
    {"\U0001F44D", "thumbs up"},  {"\u2602\uFE0F", "umbrella"},  {"\u231B", "hourglass"},
    {"\u23F0", "clock"},          {"\U0001F381", "gift"},        {"\U0001F4A1", "light bulb"},
    {"\U0001F4D5", "book"},       {"\u270F\uFE0F", "pencil"},    {"\U0001F4CE", "paperclip"},
    {"\u2702\uFE0F", "scissors"}, {"\U0001F512", "lock"},        {"\U0001F511", "key"},
    {"\U0001F528", "hammer"},     {"\u260E\uFE0F", "telephone"}, {"\U0001F3C1", "flag"},
    {"\U0001F682", "train"},      {"\U0001F6B2", "bicycle"},     {"\u2708\uFE0F", "aeroplane"},
    {"\U0001F680", "rocket"},     {"\U0001F3C6", "trophy"},      {"\u26BD", "ball"},
    {"\U0001F3B8", "guitar"},     {"\U0001F3BA", "trumpet"},     {"\U0001F514", "bell"},
    {"\u2693", "anchor"},         {"\U0001F3A7", "headphones"},  {"\U0001F4C1", "folder"},
    {"\U0001F4CC", "pin"},
}};

constexpr int kGroupDigits = kSafetyNumberDigits / kSafetyEmojiCount; // 5

} // namespace

SafetyEmoji safetyEmojiAt(int index) {
    if (index < 0 || index >= kSafetyEmojiTableSize)
        index = 0;
    return kTable[static_cast<size_t>(index)];
}

QList<int> safetyEmojiIndices(const QString &digits) {
    if (digits.size() != kSafetyNumberDigits)
        return {};
    QList<int> indices;
    for (int group = 0; group < kSafetyEmojiCount; ++group) {
        int value = 0;
        for (int i = 0; i < kGroupDigits; ++i) {
            const QChar c = digits.at(group * kGroupDigits + i);
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return {};
            value = value * 10 + (c.unicode() - '0');
        }
        indices.append(value % kSafetyEmojiTableSize);
    }
    return indices;
}

QString safetyEmojiString(const QString &digits) {
    QString out;
    for (int index : safetyEmojiIndices(digits))
        out += QString::fromUtf8(safetyEmojiAt(index).emoji);
    return out;
}

} // namespace msgr::crypto::secret
