// The tray's picture: the unread count on the app's icon, legible at tray sizes, the icon
// untouched where the badge is not, and the bare icon when nothing is unread. Also the tray
// itself where the desktop has none (this test's offscreen platform): nothing shown, no crash.
#include "platform/tray/system_tray.h"
#include "platform/tray/tray_badge.h"

#include <QPixmap>
#include <QTest>

using namespace msgr::platform;

namespace {
const QColor kIconColor(0x30, 0x60, 0xc0);

QIcon solidIcon() {
    QPixmap pixmap(64, 64);
    pixmap.fill(kIconColor);
    return QIcon(pixmap);
}
//! Pixels in `rect` close to white (the digits).
int whitePixels(const QImage &image, const QRect &rect) {
    int white = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            white += c.red() > 200 && c.green() > 200 && c.blue() > 200;
        }
    return white;
}
//! Pixels in `rect` of the badge's red.
int redPixels(const QImage &image, const QRect &rect) {
    int red = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            red += c.red() > 180 && c.green() < 110 && c.blue() < 110;
        }
    return red;
}
} // namespace

class TstTrayBadge : public QObject {
    Q_OBJECT

private slots:
    void textCapsAt99() {
        QCOMPARE(trayBadgeText(0), QString());
        QCOMPARE(trayBadgeText(-3), QString());
        QCOMPARE(trayBadgeText(1), QStringLiteral("1"));
        QCOMPARE(trayBadgeText(99), QStringLiteral("99"));
        QCOMPARE(trayBadgeText(100), QStringLiteral("99+"));
        QCOMPARE(trayBadgeText(12345), QStringLiteral("99+"));
    }

    void nothingUnreadIsTheBareIcon() {
        const QImage image = trayBadgeImage(solidIcon(), 22, 0);
        QCOMPARE(image.size(), QSize(22, 22));
        QCOMPARE(image.pixelColor(21, 21), kIconColor); // the corner the badge would cover
        QCOMPARE(image.pixelColor(0, 0), kIconColor);
    }

    void theCountIsDrawnInARedBadgeAtTheCorner_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("count");
        for (int size : {16, 22, 32, 64})
            for (int count : {7, 42, 250})
                QTest::addRow("%dpx-%d", size, count) << size << count;
    }
    void theCountIsDrawnInARedBadgeAtTheCorner() {
        QFETCH(int, size);
        QFETCH(int, count);
        const QImage image = trayBadgeImage(solidIcon(), size, count);
        QCOMPARE(image.pixelColor(0, 0), kIconColor); // the icon shows outside the badge
        const int badge = size * 3 / 5;
        const QRect area(size - badge, size - badge, badge, badge);
        // The badge's red fills most of its circle (π/4 of the square less the digits: at least 40
        // %), and white digits are drawn inside it.
        const int red = redPixels(image, area);
        QVERIFY2(red * 5 >= badge * badge * 2,
                 qPrintable(QStringLiteral("%1 red of %2").arg(red).arg(badge * badge)));
        QVERIFY2(whitePixels(image, area) >= 2, qPrintable(QString::number(count)));
    }

    void differentCountsLookDifferent() {
        const QIcon icon = solidIcon();
        QVERIFY(trayBadgeImage(icon, 32, 3) != trayBadgeImage(icon, 32, 8));
        QVERIFY(trayBadgeImage(icon, 32, 100) == trayBadgeImage(icon, 32, 500)); // both "99+"
    }

    void withoutATrayNothingIsShown() {
        SystemTray tray(solidIcon());
        QVERIFY(!tray.available()); // offscreen: no tray host
        tray.setUnreadCount(5);
        QCOMPARE(tray.unreadCount(), 5);
    }
};

QTEST_MAIN(TstTrayBadge)
#include "tst_tray_badge.moc"
