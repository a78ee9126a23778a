import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// In a group that was upgraded to a supergroup (docs/protocol.md §23.4), in place of the
// composer: the group takes no new messages, so the user is sent on to the supergroup.
Rectangle {
    id: bar

    signal openRequested

    implicitHeight: Theme.headerHeight
    color: Theme.window

    Row {
        anchors.centerIn: parent
        spacing: Theme.spacing * 2
        Label {
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("This group was upgraded to a supergroup")
        }
        Button {
            objectName: "openSupergroupButton"
            flat: true
            text: qsTr("Open")
            onClicked: bar.openRequested()
        }
    }
}
