#include "core/messages/message_text_html.h"

#include <QRegularExpression>

namespace msgr::core {
namespace {

// A web address with its scheme or starting "www.", or an e-mail address. Kept loose (a URL
// may hold almost anything) and trimmed afterwards of what usually ends a sentence.
const QRegularExpression &linkPattern() {
    static const QRegularExpression pattern(
        QStringLiteral(R"((?:https?://|ftp://|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

// "see https://example.com/a)." links "https://example.com/a": closing punctuation belongs to
// the sentence, and a ")" only to the address when the address opened it (Wikipedia's links).
qsizetype trimmedLinkLength(QStringView link) {
    qsizetype end = link.size();
    while (end > 0) {
        const QChar last = link[end - 1];
        if (QStringLiteral(".,;:!?'\"").contains(last)) {
            --end;
            continue;
        }
        if (last == u')' && link.first(end).count(u'(') < link.first(end).count(u')')) {
            --end;
            continue;
        }
        break;
    }
    return end;
}

QString hrefFor(const QString &link) {
    if (link.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
        return QStringLiteral("http://") + link;
    if (!link.contains(QLatin1String("://")))
        return QStringLiteral("mailto:") + link;
    return link;
}

} // namespace

QString messageTextHtml(const QString &plain, const QString &linkColor) {
    QString html = QStringLiteral("<span style=\"white-space: pre-wrap\">");
    qsizetype written = 0;
    QRegularExpressionMatchIterator matches = linkPattern().globalMatch(plain);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        const qsizetype start = match.capturedStart();
        const qsizetype length = trimmedLinkLength(match.capturedView());
        if (length == 0 || start < written)
            continue;
        const QString link = plain.mid(start, length);
        html += plain.mid(written, start - written).toHtmlEscaped();
        html += QStringLiteral("<a href=\"%1\" style=\"color: %2\">%3</a>")
                    .arg(hrefFor(link).toHtmlEscaped(), linkColor.toHtmlEscaped(),
                         link.toHtmlEscaped());
        written = start + length;
    }
    html += plain.mid(written).toHtmlEscaped();
    html += QStringLiteral("</span>");
    return html;
}

} // namespace msgr::core
