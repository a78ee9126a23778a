import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account

// Tells the user when the server address is not encrypted (ws:// to another machine) and
// holds the explicit opt-in for it. Hidden for wss:// and for a server on this machine.
Rectangle {
    id: notice

    property int transport: Session.transport
    property string warning: Session.transportWarning
    property bool allowed: Session.allowInsecureTransport
    // Whether the opt-in can be changed now (the setting lives in the open profile).
    property bool canChange: true

    signal allowRequested(bool allow)

    readonly property bool insecure: transport === Session.InsecureRefused
                                     || transport === Session.InsecureAllowed

    visible: warning.length > 0
    implicitHeight: visible ? content.implicitHeight + Theme.spacing * 2 : 0
    radius: Theme.radius / 2
    color: transport === Session.InsecureAllowed ? Theme.warning : Qt.rgba(0.9, 0.22, 0.21, 0.12)

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing / 2

        Label {
            objectName: "transportWarningText"
            Layout.fillWidth: true
            text: notice.warning
            wrapMode: Text.Wrap
            color: notice.transport === Session.InsecureAllowed ? Theme.warningText : Theme.danger
            font.pixelSize: Theme.smallFontSize + 1
        }
        CheckBox {
            objectName: "allowInsecureCheckBox"
            visible: notice.insecure && notice.canChange
            text: qsTr("Allow unencrypted connections to this server")
            checked: notice.allowed
            onToggled: notice.allowRequested(checked)
        }
    }
}
