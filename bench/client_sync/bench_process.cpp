#include "bench_process.h"

#include <QByteArray>
#include <QFile>
#include <ctime>

namespace msgr::bench {
namespace {

qint64 statusKilobytes(const QByteArray &key) {
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key)) {
            // "VmHWM:     123456 kB"
            const QList<QByteArray> parts = line.mid(key.size()).simplified().split(' ');
            bool ok = false;
            const qint64 kib = parts.isEmpty() ? -1 : parts.first().toLongLong(&ok);
            return ok ? kib : -1;
        }
    }
    return -1;
}

} // namespace

double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

qint64 peakRssBytes() {
    const qint64 kb = statusKilobytes("VmHWM:");
    return kb < 0 ? -1 : kb * 1024;
}

bool resetPeakRss() {
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    return file.open(QIODevice::WriteOnly) && file.write("5") == 1;
}

qint64 currentRssBytes() {
    const qint64 kb = statusKilobytes("VmRSS:");
    return kb < 0 ? -1 : kb * 1024;
}

} // namespace msgr::bench
