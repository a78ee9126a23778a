import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// Over the composer while the user selects messages (the message menu's "Select", then a tap
// on each bubble): how many are selected, and what can be done with them at once. Esc, or
// Cancel, ends the selection. It holds the keyboard focus meanwhile so that Esc reaches it
// before the window's own Esc (which closes the chat).
FocusScope {
    id: bar
    objectName: "selectionBar"

    property int count: 0
    // Forwarding needs messages on the server of a chat that has replies and forwards.
    property bool canForward: true

    signal forward
    signal copy
    signal cancel

    implicitHeight: layout.implicitHeight + Theme.spacing

    Keys.onShortcutOverride: event => { event.accepted = event.key === Qt.Key_Escape; }
    Keys.onEscapePressed: bar.cancel()

    Rectangle {
        anchors.fill: parent
        color: Theme.window
    }
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

        Label {
            objectName: "selectionCount"
            Layout.fillWidth: true
            text: qsTr("%n message(s) selected", "", bar.count)
            color: Theme.text
            font.pixelSize: Theme.fontSize
            elide: Text.ElideRight
        }
        Button {
            objectName: "forwardSelectedButton"
            text: qsTr("Forward")
            visible: bar.canForward
            enabled: bar.count > 0
            onClicked: bar.forward()
        }
        Button {
            objectName: "copySelectedButton"
            text: qsTr("Copy")
            enabled: bar.count > 0
            onClicked: bar.copy()
        }
        Button {
            objectName: "cancelSelectionButton"
            text: qsTr("Cancel")
            onClicked: bar.cancel()
        }
    }
}
