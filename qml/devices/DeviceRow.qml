import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// One signed-in device: its name, when it was last seen, and a sign-out button unless it is
// this device.
Item {
    id: row

    property string name
    property date lastSeen
    property bool current: false

    signal revokeRequested

    implicitHeight: Math.max(info.implicitHeight, revoke.implicitHeight)

    Column {
        id: info
        anchors.left: parent.left
        anchors.right: revoke.left
        anchors.verticalCenter: parent.verticalCenter
        Text {
            text: row.name
            color: Theme.text
            font.pixelSize: Theme.fontSize
            font.bold: row.current
        }
        Text {
            text: row.current ? qsTr("This device")
                              : qsTr("Last seen %1").arg(row.lastSeen.toLocaleString(Qt.locale(), Locale.ShortFormat))
            color: row.current ? Theme.accent : Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
    }
    Button {
        id: revoke
        visible: !row.current
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        text: qsTr("Sign out")
        onClicked: row.revokeRequested()
    }
}
