#pragma once
//! A message's text as the bubble shows it: rich text in which web addresses and e-mail
//! addresses are links, and nothing the sender typed is markup ("<b>" stays "<b>"). Only
//! http, https, ftp and mailto links are made; the bubble opens them in the system's browser
//! or mail program. A pure function (thread-safe), apart from the QML singleton
//! (message_text.h) so the fuzz target links it without Qt Quick.
#include <QString>

namespace msgr::core {

//! `plain` as HTML for a Qt rich-text item: escaped, white space and line breaks kept, links in
//! `linkColor` (a CSS colour such as "#2a7ae2").
QString messageTextHtml(const QString &plain, const QString &linkColor);

} // namespace msgr::core
