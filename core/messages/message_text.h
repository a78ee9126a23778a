#pragma once
//! A message's text as the bubble shows it: rich text in which web addresses and e-mail
//! addresses are links, and nothing the sender typed is markup ("<b>" stays "<b>"). Only
//! http, https, ftp and mailto links are made; the bubble opens them in the system's browser
//! or mail program. Thread-safe (pure); the QML singleton `MessageText` is stateless.
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

//! `plain` as HTML for a Qt rich-text item: escaped, white space and line breaks kept, links in
//! `linkColor` (a CSS colour such as "#2a7ae2").
QString messageTextHtml(const QString &plain, const QString &linkColor);

class MessageText : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    using QObject::QObject;
    Q_INVOKABLE static QString html(const QString &plain, const QString &linkColor) {
        return messageTextHtml(plain, linkColor);
    }
};

} // namespace msgr::core
