#include "bench/server_load/process_rss.h"

#include <QFile>
#include <QString>

#include <sys/resource.h>

namespace msgr::bench {

qint64 processRssBytes(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (!line.startsWith("VmRSS:"))
            continue;
        // "VmRSS:     12345 kB"
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() >= 2)
            return parts.at(1).toLongLong() * 1024;
    }
    return -1;
}

qint64 raiseOpenFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    return qint64(limit.rlim_cur);
}

} // namespace msgr::bench
