import QtQuick
import Messenger.Account
import Messenger.Ui.Common

// A strip above the chat list telling the user why messages may not arrive: offline, connecting,
// catching up, or refused (an unencrypted address; TransportNotice explains and offers the
// opt-in). Hidden (zero height) while online.
Rectangle {
    id: banner

    property int connection: Session.Online

    readonly property string message: {
        switch (connection) {
        case Session.Offline: return qsTr("Waiting for network\u2026");
        case Session.Connecting: return qsTr("Connecting\u2026");
        case Session.Updating: return qsTr("Updating\u2026");
        case Session.Refused: return qsTr("Not connecting: the server address is not encrypted");
        default: return "";
        }
    }

    visible: message.length > 0
    implicitHeight: visible ? label.implicitHeight + Theme.spacing * 2 : 0
    color: Theme.warning

    Text {
        id: label
        objectName: "connectionBannerText"
        anchors.centerIn: parent
        text: banner.message
        color: Theme.warningText
        font.pixelSize: Theme.smallFontSize + 1
    }
}
