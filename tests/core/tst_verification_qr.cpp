// The verification code's QR code (core/secret/verification_qr*.h, libqrencode): the modules
// of a real code have the QR structure (finder patterns in three corners, the fourth not), the
// image keeps the quiet zone white and paints each module as a square of its size, and the
// terminal rendering packs two module rows per line.
#include "core/secret/verification_qr.h"
#include "core/secret/verification_qr_image.h"
#include "crypto/secret/verification_code.h"

#include <QTest>

using namespace msgr::core::secret;

namespace {

const QString kCode =
    QStringLiteral("MSGR-SN:1:645073484677946749824763338699742059211956078762254181727827");

//! The 7x7 finder pattern whose top-left module is (x, y): dark ring, light ring, dark 3x3.
bool finderAt(const QrModules &m, int x, int y) {
    for (int dy = 0; dy < 7; ++dy)
        for (int dx = 0; dx < 7; ++dx) {
            const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));
            if (m.isDark(x + dx, y + dy) != (ring != 2))
                return false;
        }
    return true;
}

} // namespace

class VerificationQrTest : public QObject {
    Q_OBJECT
private slots:
    void modulesHaveTheQrStructure();
    void imageKeepsQuietZoneAndModuleSize();
    void refusesEmptyAndOverlongText();
    void textRenderingPacksTwoRowsPerLine();
};

void VerificationQrTest::modulesHaveTheQrStructure() {
    const std::optional<QrModules> m = encodeQr(kCode);
    QVERIFY(m);
    // 70 alphanumeric characters at level M fit version 3 (29 modules); never larger than 4.
    QVERIFY2(m->size >= 21 && m->size <= 33, qPrintable(QString::number(m->size)));
    QCOMPARE((m->size - 17) % 4, 0);
    QCOMPARE(m->dark.size(), qsizetype(m->size) * m->size);
    QVERIFY(finderAt(*m, 0, 0));
    QVERIFY(finderAt(*m, m->size - 7, 0));
    QVERIFY(finderAt(*m, 0, m->size - 7));
    QVERIFY(!finderAt(*m, m->size - 7, m->size - 7));
    // Deterministic: the same code, the same modules.
    QCOMPARE(encodeQr(kCode)->dark, m->dark);
    QVERIFY(encodeQr(kCode + QLatin1Char('0'))->dark != m->dark);
}

void VerificationQrTest::imageKeepsQuietZoneAndModuleSize() {
    const QrModules m = *encodeQr(kCode);
    const int scale = 5;
    const QImage image = qrImage(m, scale);
    const int side = (m.size + 2 * kQrQuietZone) * scale;
    QCOMPARE(image.size(), QSize(side, side));
    for (int i = 0; i < kQrQuietZone * scale; ++i) {
        QCOMPARE(qGray(image.pixel(i, side / 2)), 255);
        QCOMPARE(qGray(image.pixel(side / 2, side - 1 - i)), 255);
    }
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x) {
            const int px = (x + kQrQuietZone) * scale, py = (y + kQrQuietZone) * scale;
            const int expected = m.isDark(x, y) ? 0 : 255;
            QCOMPARE(qGray(image.pixel(px, py)), expected);
            QCOMPARE(qGray(image.pixel(px + scale - 1, py + scale - 1)), expected);
        }
    const QImage sized = qrImageOf(kCode, 300);
    QVERIFY(sized.width() <= 300 && sized.width() > 300 - (m.size + 2 * kQrQuietZone));
    QVERIFY(qrImage(m, 0).isNull());
}

void VerificationQrTest::refusesEmptyAndOverlongText() {
    QVERIFY(!encodeQr(QString()));
    QVERIFY(!encodeQr(QString(kMaxQrText + 1, QLatin1Char('1'))));
    QVERIFY(qrImageOf(QString(), 200).isNull());
}

void VerificationQrTest::textRenderingPacksTwoRowsPerLine() {
    const QrModules m = *encodeQr(kCode);
    const QStringList lines = qrAsText(m).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const int total = m.size + 2 * kQrQuietZone;
    QCOMPARE(lines.size(), (total + 1) / 2);
    for (const QString &line : lines)
        QCOMPARE(line.size(), total);
    QCOMPARE(lines.first().trimmed(), QString()); // the quiet zone
}

QTEST_GUILESS_MAIN(VerificationQrTest)
#include "tst_verification_qr.moc"
