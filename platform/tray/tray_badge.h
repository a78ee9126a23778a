#pragma once
//! The tray's picture: the app's icon with the unread count in a red circle at its bottom right,
//! as Telegram Desktop draws it ("99+" past 99, so the digits stay legible at 22 px). Any thread.
#include <QIcon>
#include <QImage>
#include <QString>

namespace msgr::platform {

//! What the badge says for `count` unread messages: "" for none, "99+" past 99.
QString trayBadgeText(int count);
//! `icon` rendered at `size` px with the badge of `count` drawn on it (the icon alone for 0).
QImage trayBadgeImage(const QIcon &icon, int size, int count);
//! The icon for the tray: the badged picture at the sizes trays ask for (16..64 px).
QIcon trayBadgeIcon(const QIcon &icon, int count);

} // namespace msgr::platform
