import QtQuick
import QtQuick.Layouts
import Messenger.Ui.Common

// At the top of a chat (docs/protocol.md §17.4): the pinned message's sender and the start of
// its text; a tap shows the message, × unpins it (offered only to who may).
Rectangle {
    id: bar
    objectName: "pinnedBar"

    property string senderName
    property string excerpt
    property bool canUnpin: false

    signal activated
    signal unpin

    implicitHeight: layout.implicitHeight + Theme.spacing
    color: Theme.window

    Rectangle {
        anchors.bottom: parent.bottom
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
            objectName: "pinnedBarQuote"
            Layout.fillWidth: true
            senderName: bar.senderName.length > 0
                        ? qsTr("Pinned message · %1").arg(bar.senderName)
                        : qsTr("Pinned message")
            excerpt: bar.excerpt
            onClicked: bar.activated()
        }
        IconButton {
            objectName: "unpinButton"
            visible: bar.canUnpin
            text: "\u2715"
            font.pixelSize: 14
            tip: qsTr("Unpin")
            onClicked: bar.unpin()
        }
    }
}
