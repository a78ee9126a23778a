#pragma once
//! `MessageText`, the QML singleton over messageTextHtml (message_text_html.h): stateless.
#include "core/messages/message_text_html.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

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
