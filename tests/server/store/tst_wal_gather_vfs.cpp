// The writer's WAL writes are gathered in memory (server/store/wal_gather_vfs.h): what a
// commit wrote must be on file when the commit returns, for a reader on its own descriptor and
// for a process that dies right after, and SQLite must read back what it spilled mid-transaction.
#include "server/store/sqlite_connection.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>
#include <unistd.h>

#include <memory>

using msgr::server::sqlite::Connection;
using msgr::server::sqlite::Statement;
using msgr::server::sqlite::Transaction;

namespace {

//! Rows of ~3 KiB, so that one 4 KiB page holds one row and a transaction of a few hundred
//! rows is larger than the gathering buffer (512 KiB).
constexpr int kValueBytes = 3000;

std::unique_ptr<Connection> openWriter(const QString &path) {
    QString error;
    auto db = Connection::open(path, Connection::Mode::ReadWrite, &error);
    if (!db)
        qFatal("cannot open the writer: %s", qPrintable(error));
    db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    // A tiny page cache: large transactions spill pages into the WAL and read them back.
    db->exec("PRAGMA cache_size = 16;");
    db->exec("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    return db;
}

std::unique_ptr<Connection> openReader(const QString &path) {
    QString error;
    auto db = Connection::open(path, Connection::Mode::ReadOnly, &error);
    if (!db)
        qFatal("cannot open the reader: %s", qPrintable(error));
    return db;
}

QByteArray valueFor(qint64 key) {
    return QByteArray(kValueBytes, static_cast<char>('a' + key % 26));
}

void insertRows(Connection &db, qint64 first, int count) {
    Transaction tx(db, Transaction::Kind::Immediate);
    for (qint64 key = first; key < first + count; ++key)
        db.prepare("INSERT INTO t (k, v) VALUES (?, ?)").bind(1, key).bind(2, valueFor(key)).run();
    tx.commit();
}

//! Rows and whether each holds the value written for its key.
std::pair<qint64, bool> readAll(Connection &db) {
    Statement rows = db.prepare("SELECT k, v FROM t ORDER BY k");
    qint64 count = 0;
    bool intact = true;
    while (rows.step()) {
        ++count;
        intact = intact && rows.blob(1) == valueFor(rows.int64(0));
    }
    return {count, intact};
}

QString integrity(Connection &db) {
    Statement check = db.prepare("PRAGMA integrity_check");
    return check.step() ? check.text(0) : QStringLiteral("no answer");
}

} // namespace

class WalGatherVfsTest : public QObject {
    Q_OBJECT

private slots:
    void aCommitIsOnFileForAnotherReaderWhenItReturns();
    void aTransactionReadsBackWhatItSpilled();
    void theWalRestartsAfterACheckpoint();
    void aProcessThatDiesAfterItsCommitsLosesNone();
};

void WalGatherVfsTest::aCommitIsOnFileForAnotherReaderWhenItReturns() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("db"));
    auto writer = openWriter(path);
    auto reader = openReader(path);
    qint64 written = 0;
    // Small commits (a few frames, gathered whole) and large ones (past the buffer).
    for (const int rows : {1, 2, 7, 1, 300, 3, 1000, 1}) {
        insertRows(*writer, written + 1, rows);
        written += rows;
        const auto [count, intact] = readAll(*reader);
        QCOMPARE(count, written);
        QVERIFY(intact);
    }
}

void WalGatherVfsTest::aTransactionReadsBackWhatItSpilled() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("db"));
    auto writer = openWriter(path);
    Transaction tx(*writer, Transaction::Kind::Immediate);
    for (qint64 key = 1; key <= 2000; ++key) // 6 MB through a 64 KiB page cache
        writer->prepare("INSERT INTO t (k, v) VALUES (?, ?)")
            .bind(1, key)
            .bind(2, valueFor(key))
            .run();
    // Read every row back inside the transaction: the spilled pages come from the WAL.
    const auto [count, intact] = readAll(*writer);
    QCOMPARE(count, qint64(2000));
    QVERIFY(intact);
    writer->exec("UPDATE t SET v = v WHERE k % 3 = 0"); // pages written again, mid-transaction
    tx.commit();
    auto reader = openReader(path);
    const auto [readerCount, readerIntact] = readAll(*reader);
    QCOMPARE(readerCount, qint64(2000));
    QVERIFY(readerIntact);
    QCOMPARE(integrity(*reader), QStringLiteral("ok"));
}

void WalGatherVfsTest::theWalRestartsAfterACheckpoint() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("db"));
    qint64 written = 0;
    {
        auto writer = openWriter(path);
        for (int round = 0; round < 4; ++round) {
            insertRows(*writer, written + 1, 200);
            written += 200;
            // The next commit writes the WAL's header at its start again, not after the last
            // frame gathered.
            writer->exec("PRAGMA wal_checkpoint(RESTART)");
            insertRows(*writer, written + 1, 5);
            written += 5;
            auto reader = openReader(path);
            QCOMPARE(readAll(*reader).first, written);
        }
    }
    auto reopened = openWriter(path);
    const auto [count, intact] = readAll(*reopened);
    QCOMPARE(count, written);
    QVERIFY(intact);
    QCOMPARE(integrity(*reopened), QStringLiteral("ok"));
}

void WalGatherVfsTest::aProcessThatDiesAfterItsCommitsLosesNone() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("db"));
    openWriter(path); // the table, created and closed before the fork
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // Commits, then dies without closing anything: no flush at close can help.
        auto writer = openWriter(path);
        for (int i = 0; i < 20; ++i)
            insertRows(*writer, i * 10 + 1, 10);
        _exit(0);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    auto reader = openWriter(path); // recovers the WAL the dead process left
    const auto [count, intact] = readAll(*reader);
    QCOMPARE(count, qint64(200));
    QVERIFY(intact);
    QCOMPARE(integrity(*reader), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(WalGatherVfsTest)
#include "tst_wal_gather_vfs.moc"
