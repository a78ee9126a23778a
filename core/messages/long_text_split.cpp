#include "core/messages/long_text_split.h"

namespace msgr::core {
namespace {

// Where the part that starts `text` ends, for a text longer than maxChars: the part is
// text.first(cut), so a break right after the last character that fits counts too.
qsizetype cutPosition(QStringView text, int maxChars) {
    const QStringView window = text.first(maxChars + 1);
    const qsizetype notBefore = maxChars / 2; // a break earlier than this wastes half a message
    if (const qsizetype blank = window.lastIndexOf(u"\n\n"); blank >= notBefore)
        return blank;
    if (const qsizetype line = window.lastIndexOf(u'\n'); line >= notBefore)
        return line;
    for (qsizetype i = maxChars; i >= notBefore; --i)
        if (window[i].isSpace())
            return i;
    // Inside a word: never between the two halves of a surrogate pair.
    return window[maxChars - 1].isHighSurrogate() ? maxChars - 1 : maxChars;
}

} // namespace

QStringList splitLongText(const QString &text, int maxChars) {
    QStringList parts;
    QStringView rest = QStringView(text).trimmed();
    while (rest.size() > maxChars) {
        const qsizetype cut = cutPosition(rest, maxChars);
        if (const QStringView part = rest.first(cut).trimmed(); !part.isEmpty())
            parts.append(part.toString());
        rest = rest.sliced(cut).trimmed();
    }
    if (!rest.isEmpty())
        parts.append(rest.toString());
    return parts;
}

} // namespace msgr::core
