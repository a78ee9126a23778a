import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Contacts
import Messenger.Ui.Common

// Laid over the composer of a private chat whose peer the user blocked (Telegram's "Unblock"
// in place of the composer): says so, and unblocks. Neither side's messages go through while
// the block stands (docs/protocol.md §14.3).
Rectangle {
    id: bar

    property double peerUserId: 0
    readonly property bool blocked: peer.blocked

    visible: bar.blocked
    color: Theme.window

    ProfileModel {
        id: peer
        fetches: false
        context: bar.peerUserId > 0 ? Session.context : null
        userId: bar.peerUserId
    }

    // Keeps taps and keys from the composer underneath.
    MouseArea {
        anchors.fill: parent
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing * 2
        anchors.rightMargin: Theme.spacing * 2
        Label {
            objectName: "blockedNotice"
            Layout.fillWidth: true
            text: peer.errorText.length > 0 ? peer.errorText : qsTr("You blocked this user.")
            color: Theme.secondaryText
            elide: Text.ElideRight
        }
        Button {
            objectName: "unblockPeerButton"
            text: qsTr("Unblock")
            enabled: !peer.busy
            onClicked: peer.setBlocked(false)
        }
    }
}
