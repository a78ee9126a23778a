// libFuzzer target: a message's text as the bubble shows it (core/messages/message_text_html.h).
// The text is another user's, so nothing in it may become markup or a link of an unexpected
// kind. The input is UTF-8 (invalid bytes become U+FFFD, as when a message is decoded); the
// checks: the HTML shows exactly the text (tags removed and the four escapes read back give
// the input), every link opens with http://, https://, ftp:// or mailto:, and links are not
// nested (each <a> is closed before the next opens).
#include "core/messages/message_text_html.h"
#include "fuzz_support.h"

namespace {

// What a reader of the HTML sees: tags dropped, escapes read back. Every '<' in the output
// starts one of messageTextHtml's own tags, since the text's own are escaped.
QString visibleText(const QString &html) {
    QString text;
    text.reserve(html.size());
    for (qsizetype i = 0; i < html.size(); ++i) {
        if (html[i] == u'<') {
            const qsizetype close = html.indexOf(u'>', i);
            FUZZ_CHECK(close > i);
            i = close;
            continue;
        }
        text += html[i];
    }
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&amp;"), QLatin1String("&")); // last: "&amp;lt;" is "&lt;"
    return text;
}

bool allowedHref(QStringView href) {
    for (const char *scheme : {"http://", "https://", "ftp://", "mailto:"})
        if (href.startsWith(QLatin1String(scheme), Qt::CaseInsensitive))
            return true;
    return false;
}

void checkLinks(const QString &html) {
    const QLatin1String open("<a href=\"");
    qsizetype at = 0;
    while ((at = html.indexOf(QLatin1String("<a "), at)) >= 0) {
        FUZZ_CHECK(QStringView(html).sliced(at).startsWith(open));
        const qsizetype hrefStart = at + open.size();
        const qsizetype hrefEnd = html.indexOf(u'"', hrefStart);
        FUZZ_CHECK(hrefEnd > hrefStart);
        FUZZ_CHECK(allowedHref(QStringView(html).sliced(hrefStart, hrefEnd - hrefStart)));
        const qsizetype closing = html.indexOf(QLatin1String("</a>"), hrefEnd);
        FUZZ_CHECK(closing > hrefEnd);
        const qsizetype nextOpen = html.indexOf(QLatin1String("<a "), hrefEnd);
        FUZZ_CHECK(nextOpen < 0 || nextOpen > closing);
        at = closing;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // A message is at most 4,096 characters (docs/protocol.md §4); some more covers every
    // UTF-8 length and keeps the regular expression's work per input bounded.
    if (size > 16 * 1024)
        return 0;
    const QString text = QString::fromUtf8(msgr::fuzz::inputBytes(data, size));
    const QString html = msgr::core::messageTextHtml(text, QStringLiteral("#2a7ae2"));
    FUZZ_CHECK(visibleText(html) == text);
    checkLinks(html);
    return 0;
}
