#include "core/secret/secret_timer_values.h"

#include <QCoreApplication>

namespace msgr::core::secret {
namespace {

struct TimerTexts {
    Q_DECLARE_TR_FUNCTIONS(msgr::core::secret::TimerTexts)
};

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

} // namespace

const QList<qint64> &allowedTimersMs() {
    static const QList<qint64> values{0,           5 * kSecond, 10 * kSecond, 30 * kSecond, kMinute,
                                      5 * kMinute, kHour,       kDay,         7 * kDay};
    return values;
}

bool isAllowedTimer(qint64 ms) {
    return allowedTimersMs().contains(ms);
}

QString timerLabel(qint64 ms) {
    if (ms <= 0)
        return TimerTexts::tr("off");
    if (ms % (7 * kDay) == 0)
        return TimerTexts::tr("%n week(s)", nullptr, int(ms / (7 * kDay)));
    if (ms % kDay == 0)
        return TimerTexts::tr("%n day(s)", nullptr, int(ms / kDay));
    if (ms % kHour == 0)
        return TimerTexts::tr("%1 h").arg(ms / kHour);
    if (ms % kMinute == 0)
        return TimerTexts::tr("%1 min").arg(ms / kMinute);
    return TimerTexts::tr("%1 s").arg(ms / kSecond);
}

} // namespace msgr::core::secret
