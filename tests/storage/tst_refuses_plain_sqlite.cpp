// The storage opener built against plain SQLite (a link-order mistake) refuses to open and
// leaves no file behind: history never lands on disk in plaintext.
#include "storage/cipher_open.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr::storage;

class TestRefusesPlainSqlite : public QObject {
    Q_OBJECT
private slots:
    void plainSqliteHasNoCipher() { QVERIFY(linkedSqlCipherVersion().isEmpty()); }

    void openingIsRefusedAndNoFileIsCreated() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("profile/history.db"));
        sql::Database db;
        const OpenResult result = openEncryptedDatabase(db, path, QByteArray(32, '\x42'));
        QCOMPARE(result.error, OpenError::NotSqlCipher);
        QVERIFY(!db.isOpen());
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
    }

    void anExistingPlaintextDatabaseIsNotWrittenTo() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.db"));
        {
            sql::Database plain;
            QVERIFY(plain.open(path, true));
            QVERIFY(plain.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('hello');"));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        sql::Database db;
        QCOMPARE(openEncryptedDatabase(db, path, QByteArray(32, '\x42')).error,
                 OpenError::NotSqlCipher);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }
};

QTEST_GUILESS_MAIN(TestRefusesPlainSqlite)
#include "tst_refuses_plain_sqlite.moc"
