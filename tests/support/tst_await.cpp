// The shared await helpers (tests/support/await.h): they hand back answers that come from this
// thread's event loop or from another thread, and when an answer or a condition never comes they
// fail the test, naming what was awaited and where, instead of returning an empty value. The
// failing cases run in a child process (this executable with --child <function>), because a
// timed-out await ends its test run: the parent checks the child's status and log.
#include "tests/support/await.h"

#include <QProcess>
#include <QTimer>

#include <thread>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace msgr;

namespace {

//! Short: the child waits for something that never comes; the timeout is the whole run.
constexpr int kChildTimeoutMs = 200;
//! The child's whole run, including Qt's start-up and log; far above kChildTimeoutMs.
constexpr int kChildRunMs = 30'000;
//! Printed by a child only if the test function went on after a timed-out await.
const char *const kWentOn = "went on after the timeout";

} // namespace

//! Test functions that must fail: run only in the child process, never in the normal run.
class AwaitTimeoutChild : public QObject {
    Q_OBJECT
private slots:
    void valueNeverAnswered() {
        const int value = test::await<int>([](QObject *, auto) {}, kChildTimeoutMs);
        qInfo("%s: %d", kWentOn, value);
    }
    void completionNeverCalled() {
        test::awaitDone([](QObject *, auto) {}, kChildTimeoutMs);
        qInfo("%s", kWentOn);
    }
    void conditionNeverHolds() {
        test::awaitCondition([] { return false; }, "the flag that stays down", kChildTimeoutMs);
        qInfo("%s", kWentOn);
    }
};

class TstAwait : public QObject {
    Q_OBJECT

    struct ChildRun {
        bool finished = false;
        bool succeeded = false;
        QString log;
    };

    //! Runs one AwaitTimeoutChild function in a child process.
    static ChildRun runChild(const char *function) {
        QProcess child;
        child.setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_UNIX
        // The child aborts on purpose: no core file for it.
        child.setChildProcessModifier([] {
            const rlimit none{0, 0};
            (void)setrlimit(RLIMIT_CORE, &none);
        });
#endif
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--child"), QString::fromLatin1(function)});
        ChildRun run;
        run.finished = child.waitForFinished(kChildRunMs);
        run.succeeded = child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
        run.log = QString::fromUtf8(child.readAll());
        return run;
    }

    static void expectFailure(const char *function, const QString &awaited) {
        const ChildRun run = runChild(function);
        QVERIFY2(run.finished, qPrintable(run.log));
        QVERIFY2(!run.succeeded, qPrintable(run.log));
        QVERIFY2(run.log.contains(QStringLiteral("FAIL!  : AwaitTimeoutChild::%1()")
                                      .arg(QString::fromLatin1(function))),
                 qPrintable(run.log));
        QVERIFY2(run.log.contains(QStringLiteral("timed out after %1 ms awaiting %2")
                                      .arg(kChildTimeoutMs)
                                      .arg(awaited)),
                 qPrintable(run.log));
        // The failure points at the awaiting line of this file.
        QVERIFY2(run.log.contains(QStringLiteral("tst_await.cpp(")), qPrintable(run.log));
        QVERIFY2(!run.log.contains(QLatin1String(kWentOn)), qPrintable(run.log));
    }

private slots:
    void answerPostedToThisThread() {
        const int value = test::await<int>([](QObject *context, auto done) {
            QTimer::singleShot(1, context, [done] { done(42); });
        });
        QCOMPARE(value, 42);
    }

    void answerFromAnotherThread() {
        std::thread worker;
        const QString value = test::await<QString>([&worker](auto done) {
            worker = std::thread([done] { done(QStringLiteral("from the worker")); });
        });
        worker.join();
        QCOMPARE(value, QStringLiteral("from the worker"));
    }

    void completionWithoutValue() {
        bool called = false;
        test::awaitDone([&called](QObject *context, auto done) {
            QTimer::singleShot(1, context, [&called, done]() mutable {
                called = true;
                done();
            });
        });
        QVERIFY(called);
    }

    void conditionThatComesTrue() {
        bool flag = false;
        QTimer::singleShot(1, this, [&flag] { flag = true; });
        test::awaitCondition([&flag] { return flag; }, "the flag");
        QVERIFY(flag);
    }

    void valueTimeoutFailsTheTest() {
        expectFailure("valueNeverAnswered", QStringLiteral("the answer (int)"));
    }
    void completionTimeoutFailsTheTest() {
        expectFailure("completionNeverCalled", QStringLiteral("the completion"));
    }
    void conditionTimeoutFailsTheTest() {
        expectFailure("conditionNeverHolds", QStringLiteral("the flag that stays down"));
    }
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0) {
        AwaitTimeoutChild child;
        // -nocrashhandler: the child's abort is expected, no stack dump through gdb.
        return QTest::qExec(&child,
                            {QString::fromLocal8Bit(argv[0]), QStringLiteral("-nocrashhandler"),
                             QString::fromLocal8Bit(argv[2])});
    }
    TstAwait test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_await.moc"
