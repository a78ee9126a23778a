#pragma once
//! Private to storage/tables/: a list of ids kept in one text column as "1,2,3" (a message's
//! action users, a channel's admins), read back skipping what is not a positive id.
#include <QList>
#include <QString>
#include <QStringList>

namespace msgr::storage::id_lists {

inline QString joined(const QList<qint64> &ids) {
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(u',');
}

inline QList<qint64> parsed(const QString &column) {
    QList<qint64> ids;
    for (const QString &id : column.split(u',', Qt::SkipEmptyParts))
        if (const qint64 value = id.toLongLong(); value > 0)
            ids.append(value);
    return ids;
}

} // namespace msgr::storage::id_lists
