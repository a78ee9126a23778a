import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// In a channel the user may only read (not its owner or an admin), in place of the composer:
// mute or unmute its posts' notifications, and leave it.
Rectangle {
    id: bar

    property bool muted: false
    property bool canLeave: true
    property bool busy: false

    signal muteToggled
    signal leaveRequested

    implicitHeight: Theme.headerHeight
    color: Theme.window

    Row {
        anchors.centerIn: parent
        spacing: Theme.spacing * 2
        Button {
            objectName: "channelMuteButton"
            flat: true
            enabled: !bar.busy
            text: bar.muted ? qsTr("Unmute") : qsTr("Mute")
            onClicked: bar.muteToggled()
        }
        Button {
            objectName: "leaveChannelButton"
            flat: true
            visible: bar.canLeave
            enabled: !bar.busy
            text: qsTr("Leave channel")
            onClicked: bar.leaveRequested()
        }
    }
}
