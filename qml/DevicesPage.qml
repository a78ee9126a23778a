import QtQuick
import QtQuick.Controls
import Messenger.Core

// The devices signed in to this account; any but this one can be signed out from here.
Page {
    id: page

    signal closeRequested

    background: Rectangle {
        color: Theme.window
    }

    header: ChatHeader {
        title: qsTr("Devices")
        showBack: true
        onBack: page.closeRequested()
    }

    ListView {
        id: devices
        anchors.fill: parent
        clip: true
        reuseItems: true
        model: Session.devices

        delegate: ItemDelegate {
            id: device

            required property int deviceId
            required property string name
            required property date lastSeen
            required property bool current

            width: ListView.view.width
            padding: Theme.spacing + 4
            contentItem: Item {
                implicitHeight: info.implicitHeight
                Column {
                    id: info
                    anchors.left: parent.left
                    anchors.right: revoke.left
                    Text {
                        text: device.name
                        color: Theme.text
                        font.pixelSize: Theme.fontSize
                        font.bold: device.current
                    }
                    Text {
                        text: device.current ? qsTr("This device")
                                             : qsTr("Last seen %1").arg(device.lastSeen.toLocaleString(Qt.locale(), Locale.ShortFormat))
                        color: device.current ? Theme.accent : Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }
                Button {
                    id: revoke
                    visible: !device.current
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Sign out")
                    onClicked: Session.revokeDevice(device.deviceId)
                }
            }
        }
    }

    Component.onCompleted: Session.devices.refresh()
}
