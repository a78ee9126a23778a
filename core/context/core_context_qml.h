#pragma once
//! Makes CoreContext a QML type without touching its header: QML passes it from
//! `Session.context` to the `context` property of the models it creates (docs/client-api.md).
#include "core/context/core_context.h"

#include <QObject>
#include <QtQml/qqml.h>

namespace msgr::core {

struct CoreContextForQml {
    Q_GADGET
    QML_FOREIGN(msgr::core::CoreContext)
    QML_NAMED_ELEMENT(CoreContext)
    QML_UNCREATABLE("Built by the app; reached as Session.context")
};

} // namespace msgr::core
