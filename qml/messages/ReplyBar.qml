import QtQuick
import QtQuick.Layouts
import Messenger.Ui.Common

// Above the composer while the user writes a reply (docs/protocol.md §19): "Reply to" whom and
// the quoted text, with × (or Esc) to cancel.
Rectangle {
    id: bar
    objectName: "replyBar"

    property string senderName
    property string excerpt

    signal cancel

    implicitHeight: layout.implicitHeight + Theme.spacing
    color: Theme.window

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.divider
    }

    RowLayout {
        id: layout
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.spacing * 2
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        QuoteBlock {
            objectName: "replyBarQuote"
            Layout.fillWidth: true
            senderName: qsTr("Reply to %1").arg(bar.senderName)
            excerpt: bar.excerpt
        }
        IconButton {
            objectName: "cancelReplyButton"
            text: "\u2715"
            font.pixelSize: 14
            tip: qsTr("Cancel reply")
            onClicked: bar.cancel()
        }
    }
}
