#pragma once
//! Waiting in tests for an asynchronous answer or a condition, failing the test when it never
//! comes. Header-only; thread affinity: call from the test's thread, answers may come from any.
//!
//! Why failing instead of returning an empty value: a helper that hands back `std::nullopt` or a
//! default value on timeout lets a test pass by accident (an empty list equals an empty list).
//! A timed-out await records a QTest failure naming what was awaited and where, then ends the
//! test executable: the test left an asynchronous call in flight that may still write into the
//! stack of a returned function, so no later test function of the run could be trusted.
//!
//! - `await<T>(start)`: `start(context, done)` or `start(done)` begins a call that answers by
//!   invoking `done(T)` once; returns that T. A signal value is the same thing:
//!   `await<int>([&](QObject *c, auto done) { QObject::connect(&obj, &Obj::sig, c, done); ... })`.
//! - `awaitDone(start)`: the same for a `done()` that carries no value.
//! - `awaitCondition(predicate, what)`: spins the event loop until `predicate()` holds.
#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace msgr::test {

//! How long an await waits before failing: a liveness bound for calls that normally answer in
//! milliseconds (Argon2id at the test cost, a keychain round trip), not a timing assertion.
inline constexpr int kAwaitTimeoutMs = 30'000;

namespace detail {

//! Where an await was called: the default argument `CallSite::here()` is evaluated at the call
//! site, so the builtins name the caller's file, line and function. (std::source_location does
//! the same, but clang 14, which clang-tidy parses the tests with, cannot compile libstdc++ 12's
//! <source_location>; GCC and clang both have these builtins.)
struct CallSite {
    const char *file;
    int line;
    const char *function;

    static CallSite here(const char *file = __builtin_FILE(), int line = __builtin_LINE(),
                         const char *function = __builtin_FUNCTION()) {
        return {file, line, function};
    }
};

//! How long one wait without an event loop sleeps before it looks at the deadline again.
inline constexpr std::chrono::milliseconds kNoLoopSlice{50};

//! Records a failure of the running test function at the awaiting line, then ends the run.
[[noreturn]] inline void failAwait(const QString &what, int timeoutMs, const CallSite &where) {
    const QString message = QStringLiteral("timed out after %1 ms awaiting %2 (in %3)")
                                .arg(timeoutMs)
                                .arg(what, QString::fromUtf8(where.function));
    QTest::qFail(qPrintable(message), where.file, where.line);
    // QFAIL returns from the test function; a helper that must return a value cannot, and a call
    // still in flight may write into this frame later. qFatal closes the test log cleanly (the
    // failure above is already in it) and ends the process with a failing status.
    qFatal("await: ending the test run after the timeout above");
}

//! Where an answer lands: written once by `done` on any thread, read by the waiting thread.
template <typename T> struct Answer {
    std::mutex mutex;
    std::condition_variable arrived;
    std::optional<T> value;
    //! The waiting thread's event loop, woken when the answer comes from another thread.
    QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher();

    void set(T v) {
        {
            std::lock_guard lock(mutex);
            value.emplace(std::move(v));
        }
        arrived.notify_all();
        if (dispatcher)
            dispatcher->wakeUp(); // thread-safe; a wake-up before the loop blocks is not lost
    }
    bool ready() {
        std::lock_guard lock(mutex);
        return value.has_value();
    }
};

//! Waits for `ready()` until the deadline: with an event loop it runs it (answers posted to the
//! test's thread need it), without one (QTEST_APPLESS_MAIN) it blocks on the condition variable.
template <typename T> bool waitFor(Answer<T> &answer, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    if (!answer.dispatcher || !QCoreApplication::instance()) {
        std::unique_lock lock(answer.mutex);
        while (!answer.value.has_value() && !deadline.hasExpired())
            answer.arrived.wait_for(lock, kNoLoopSlice);
        return answer.value.has_value();
    }
    // The timer only wakes the blocking processEvents below at the deadline; it is restarted
    // when it fired early (a timer may, by a millisecond) so the loop never blocks without one.
    QTimer wake;
    wake.setSingleShot(true);
    wake.setTimerType(Qt::PreciseTimer);
    while (!answer.ready()) {
        const qint64 remainingMs = deadline.remainingTime();
        if (remainingMs <= 0)
            return answer.ready();
        if (!wake.isActive())
            wake.start(int(remainingMs));
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        // As QTest::qWaitFor: objects deleted later by the code under test go now.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

template <typename T> QString typeName() {
    // GCC and Clang spell T inside the pretty function name: "... [with T = QList<int>]".
    const QString pretty = QString::fromUtf8(static_cast<const char *>(__PRETTY_FUNCTION__));
    const qsizetype at = pretty.indexOf(QLatin1String("T = "));
    if (at < 0)
        return QStringLiteral("a value");
    const qsizetype end = pretty.indexOf(QLatin1Char(';'), at);
    const qsizetype close = end >= 0 ? end : pretty.lastIndexOf(QLatin1Char(']'));
    return pretty.mid(at + 4, close - at - 4);
}

//! Starts `start` with a `done(T)` that stores its value, and waits for it.
template <typename T, typename Start>
T answerOf(Start &start, const QString &what, int timeoutMs, const CallSite &where) {
    auto answer = std::make_shared<Answer<T>>();
    // By reference when it can be copied: a large StoreResult taken by value trips GCC 12's
    // false -Wmaybe-uninitialized.
    using Param = std::conditional_t<std::is_copy_constructible_v<T>, const T &, T>;
    auto done = [answer](Param value) { answer->set(std::move(value)); };
    QObject context;
    if constexpr (std::is_invocable_v<Start &, QObject *, decltype(done)>)
        start(&context, std::move(done));
    else
        start(std::move(done));
    if (!waitFor(*answer, timeoutMs))
        failAwait(what, timeoutMs, where);
    std::lock_guard lock(answer->mutex);
    return std::move(*answer->value);
}

} // namespace detail

//! Starts an asynchronous call and returns the value its `done` callback gets.
//! `start` is `start(QObject *context, Done done)` or `start(Done done)`; `done(T)` may be called
//! on any thread. The context object lives as long as the wait (a late answer is dropped by Qt).
template <typename T, typename Start>
T await(Start &&start, int timeoutMs = kAwaitTimeoutMs,
        detail::CallSite where = detail::CallSite::here()) {
    return detail::answerOf<T>(
        start, QStringLiteral("the answer (%1) of an asynchronous call").arg(detail::typeName<T>()),
        timeoutMs, where);
}

//! As await() for a `done()` callback that carries no value.
template <typename Start>
void awaitDone(Start &&start, int timeoutMs = kAwaitTimeoutMs,
               detail::CallSite where = detail::CallSite::here()) {
    struct Finished {};
    auto adapted = [&start](QObject *context, auto done) {
        auto finish = [done = std::move(done)]() mutable { done(Finished{}); };
        if constexpr (std::is_invocable_v<Start &, QObject *, decltype(finish)>)
            start(context, std::move(finish));
        else
            start(std::move(finish));
    };
    (void)detail::answerOf<Finished>(
        adapted, QStringLiteral("the completion of an asynchronous call"), timeoutMs, where);
}

//! Runs the event loop until `predicate()` holds; `what` names the condition in the failure.
template <typename Predicate>
void awaitCondition(Predicate &&predicate, const char *what, int timeoutMs = kAwaitTimeoutMs,
                    detail::CallSite where = detail::CallSite::here()) {
    if (!QTest::qWaitFor(predicate, timeoutMs))
        detail::failAwait(QString::fromUtf8(what), timeoutMs, where);
}

} // namespace msgr::test
