// crypto::disableCoreDumps(), which the client's and the server's main() call first: afterwards
// the process is not dumpable (no core file, no ptrace or /proc/<pid>/mem by other processes of
// the user) and its core size limit is 0, soft and hard. Its own executable, because the change
// cannot be undone in the process that made it.
#include "crypto/process_hardening.h"

#include <QTest>

#include <sys/prctl.h>
#include <sys/resource.h>

class TestProcessHardening : public QObject {
    Q_OBJECT
private slots:
    void coreDumpsAreDisabled() {
        const msgr::crypto::HardeningResult result = msgr::crypto::disableCoreDumps();
        QVERIFY(result.notDumpable);
        QVERIFY(result.noCoreFile);
        QVERIFY(result.ok());

        QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        struct rlimit core {};
        QCOMPARE(::getrlimit(RLIMIT_CORE, &core), 0);
        QCOMPARE(core.rlim_cur, rlim_t(0));
        QCOMPARE(core.rlim_max, rlim_t(0));
    }

    void callingItAgainIsHarmless() {
        QVERIFY(msgr::crypto::disableCoreDumps().ok());
        QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    }
};

QTEST_GUILESS_MAIN(TestProcessHardening)
#include "tst_process_hardening.moc"
