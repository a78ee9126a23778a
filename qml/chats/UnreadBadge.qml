import QtQuick
import Messenger.Ui.Common

// The number of unread messages in a pill; hidden when there are none.
Rectangle {
    id: badge

    property int count: 0
    property bool muted: false

    visible: count > 0
    implicitHeight: 20
    implicitWidth: Math.max(implicitHeight, label.implicitWidth + 12)
    radius: height / 2
    color: muted ? Theme.secondaryText : Theme.accent

    Text {
        id: label
        objectName: "unreadBadgeLabel"
        anchors.centerIn: parent
        text: badge.count > 999 ? "999+" : badge.count
        color: Theme.textOnAccent
        font.pixelSize: Theme.smallFontSize
        font.bold: true
    }
}
