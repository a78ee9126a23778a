import QtQuick
import QtQuick.Controls
import Messenger.Core

// One row of the chat list: avatar, title, last message, its time, the unread count and, when
// the last message is ours, its delivery mark. Plain properties so it can be tested alone.
ItemDelegate {
    id: row

    property string title
    property string lastText
    property date lastDate
    property int unreadCount: 0
    property int lastOutgoingState: MessageState.None
    property bool selected: false

    // Today: the time; this week: the weekday; older: the date.
    function shortStamp(when) {
        if (isNaN(when.getTime()))
            return "";
        const now = new Date();
        const ageDays = (now - when) / 86400000;
        if (when.toDateString() === now.toDateString())
            return when.toLocaleTimeString(Qt.locale(), Locale.ShortFormat);
        if (ageDays < 6)
            return when.toLocaleDateString(Qt.locale(), "ddd");
        return when.toLocaleDateString(Qt.locale(), Locale.ShortFormat);
    }

    implicitHeight: Theme.avatarSize + 2 * Theme.spacing + 4
    padding: Theme.spacing
    leftPadding: Theme.spacing + 4
    rightPadding: Theme.spacing + 4

    background: Rectangle {
        color: row.selected ? Theme.selection : row.hovered ? Theme.pane : Theme.window
    }

    contentItem: Item {
        Avatar {
            id: avatar
            name: row.title
            anchors.verticalCenter: parent.verticalCenter
        }

        Text {
            id: titleText
            anchors.left: avatar.right
            anchors.leftMargin: Theme.spacing + 4
            anchors.right: meta.left
            anchors.rightMargin: Theme.spacing
            anchors.top: avatar.top
            anchors.topMargin: 2
            text: row.title
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
            font.bold: true
        }

        Row {
            id: meta
            anchors.right: parent.right
            anchors.verticalCenter: titleText.verticalCenter
            spacing: 4
            DeliveryMark {
                deliveryState: row.lastOutgoingState
                baseColor: Theme.outgoingMeta
            }
            Text {
                text: row.shortStamp(row.lastDate)
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
            }
        }

        Text {
            anchors.left: titleText.left
            anchors.right: badge.visible ? badge.left : parent.right
            anchors.rightMargin: Theme.spacing
            anchors.bottom: avatar.bottom
            anchors.bottomMargin: 2
            text: row.lastText
            textFormat: Text.PlainText
            maximumLineCount: 1
            elide: Text.ElideRight
            color: Theme.secondaryText
            font.pixelSize: Theme.fontSize - 1
        }

        UnreadBadge {
            id: badge
            anchors.right: parent.right
            anchors.bottom: avatar.bottom
            count: row.unreadCount
        }
    }
}
