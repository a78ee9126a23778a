import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Ui.Common

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
        objectName: "deviceList"
        anchors.fill: parent
        clip: true
        reuseItems: true
        model: Session.devices

        delegate: ItemDelegate {
            id: device

            required property double deviceId // 64-bit: a double keeps it exact
            required property string name
            required property date lastSeen
            required property bool current

            width: ListView.view.width
            padding: Theme.spacing + 4
            contentItem: DeviceRow {
                name: device.name
                lastSeen: device.lastSeen
                current: device.current
                onRevokeRequested: {
                    revokeConfirm.deviceId = device.deviceId;
                    revokeConfirm.title = qsTr("Sign out %1?").arg(device.name);
                    revokeConfirm.open();
                }
            }
        }
    }

    ConfirmDialog {
        id: revokeConfirm
        objectName: "revokeConfirm"

        property double deviceId: 0

        text: qsTr("That device will have to log in again to read or send messages.")
        actionText: qsTr("Sign out")
        onAccepted: Session.revokeDevice(revokeConfirm.deviceId)
    }

    Component.onCompleted: Session.devices.refresh()
}
