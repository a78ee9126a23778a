import QtQuick
import Messenger.Ui.Common

// The right pane of the wide layout before a chat is chosen.
Rectangle {
    color: Theme.chatBackground

    Rectangle {
        anchors.centerIn: parent
        width: hint.implicitWidth + 24
        height: hint.implicitHeight + 10
        radius: height / 2
        color: Theme.dark ? "#1e2c3a" : "#80000000"
        Text {
            id: hint
            anchors.centerIn: parent
            text: qsTr("Select a chat to start messaging")
            color: "#ffffff"
        }
    }
}
