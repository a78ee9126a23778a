#include "platform/tray/tray_badge.h"

#include <QFont>
#include <QPainter>

namespace msgr::platform {

namespace {
// Telegram's badge red; white digits read on it in light and dark trays alike.
const QColor kBadgeColor(0xe5, 0x39, 0x35);
} // namespace

QString trayBadgeText(int count) {
    if (count <= 0)
        return {};
    return count > 99 ? QStringLiteral("99+") : QString::number(count);
}

QImage trayBadgeImage(const QIcon &icon, int size, int count) {
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    icon.paint(&painter, image.rect());
    const QString text = trayBadgeText(count);
    if (text.isEmpty())
        return image;
    // The badge covers the bottom-right ~60 % of the icon: big enough for two digits at 16 px.
    const int badge = qMax(8, size * 3 / 5);
    const QRectF area(size - badge, size - badge, badge, badge);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kBadgeColor);
    painter.drawEllipse(area);
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(qMax(6, badge * (text.size() > 2 ? 2 : text.size() > 1 ? 3 : 4) / 6));
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(area, Qt::AlignCenter, text);
    return image;
}

QIcon trayBadgeIcon(const QIcon &icon, int count) {
    QIcon badged;
    for (int size : {16, 22, 24, 32, 48, 64})
        badged.addPixmap(QPixmap::fromImage(trayBadgeImage(icon, size, count)));
    return badged;
}

} // namespace msgr::platform
