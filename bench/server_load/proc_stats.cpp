#include "bench/server_load/proc_stats.h"

#include <QFile>
#include <QList>

#include <ctime>
#include <sys/resource.h>
#include <unistd.h>

namespace msgr::bench {
namespace {
// /proc/<pid>/stat: after "pid (comm) ", field 3 is the state; utime and stime are fields 14
// and 15, i.e. the 12th and 13th after the closing parenthesis.
constexpr int kUtimeAfterComm = 11;
constexpr int kStimeAfterComm = 12;

QByteArray readProcFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: read until the end
}
} // namespace

qint64 processRssBytes(qint64 pid) {
    const QByteArray status = readProcFile(QStringLiteral("/proc/%1/status").arg(pid));
    for (const QByteArray &line : status.split('\n')) {
        if (!line.startsWith("VmRSS:"))
            continue;
        // "VmRSS:     12345 kB"
        const QList<QByteArray> parts = line.simplified().split(' ');
        bool ok = false;
        const qint64 kib = parts.size() >= 2 ? parts.at(1).toLongLong(&ok) : 0;
        return ok ? kib * 1024 : -1;
    }
    return -1;
}

double processCpuSeconds(qint64 pid) {
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() <= kStimeAfterComm)
        return -1;
    bool okUser = false;
    bool okSystem = false;
    const qint64 ticks = fields.at(kUtimeAfterComm).toLongLong(&okUser) +
                         fields.at(kStimeAfterComm).toLongLong(&okSystem);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!okUser || !okSystem || ticksPerSecond <= 0)
        return -1;
    return double(ticks) / double(ticksPerSecond);
}

double selfCpuSeconds() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

QString loadAverage() {
    const QList<QByteArray> fields = readProcFile(QStringLiteral("/proc/loadavg")).split(' ');
    if (fields.size() < 3)
        return QStringLiteral("?");
    return QString::fromLatin1(fields.at(0) + ' ' + fields.at(1) + ' ' + fields.at(2));
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

qint64 monotonicUs() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

} // namespace msgr::bench
