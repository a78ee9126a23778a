import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// Settings > Proxy, as Telegram Desktop has it: no proxy, the system's, or a SOCKS5 or HTTP
// (CONNECT) proxy of the user's own. Off and system apply at once; a custom proxy applies on
// "Save" once its host and port are valid (Session.setProxy says what is wrong otherwise). The
// sync connection dials again through it at once, transfers take it for their next request.
// The saved password is never shown: left empty with the same user name, it is kept.
ColumnLayout {
    id: choice

    // The type being edited: starts at the saved one.
    property int mode: Session.proxyMode
    readonly property bool custom: mode === Session.ProxySocks5 || mode === Session.ProxyHttp
    property string error: ""

    function apply() {
        choice.error = Session.setProxy(choice.mode, hostField.text,
                                        portField.text.length > 0 ? Number(portField.text) : 0,
                                        userField.text, passwordField.text);
        if (choice.error.length === 0)
            passwordField.text = "";
    }

    spacing: 0

    Repeater {
        model: [
            { value: Session.ProxyOff, label: qsTr("No proxy") },
            { value: Session.ProxySystem, label: qsTr("Use the system's proxy settings") },
            { value: Session.ProxySocks5, label: qsTr("SOCKS5 proxy") },
            { value: Session.ProxyHttp, label: qsTr("HTTP proxy (CONNECT)") }
        ]
        delegate: RadioButton {
            required property var modelData
            objectName: "proxyMode_" + modelData.value
            Layout.fillWidth: true
            enabled: !Session.proxyFromCommandLine
            text: modelData.label
            checked: choice.mode === modelData.value
            onClicked: {
                choice.mode = modelData.value;
                choice.error = "";
                if (!choice.custom)
                    choice.apply();
                // The click set `checked` itself: follow the mode again.
                checked = Qt.binding(() => choice.mode === modelData.value);
            }
        }
    }

    GridLayout {
        Layout.fillWidth: true
        Layout.margins: Theme.spacing
        visible: choice.custom
        columns: 2
        columnSpacing: Theme.spacing

        Label {
            text: qsTr("Host")
            color: Theme.text
        }
        TextField {
            id: hostField
            objectName: "proxyHostField"
            Layout.fillWidth: true
            text: Session.proxyHost
            placeholderText: qsTr("proxy.example.com")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhUrlCharactersOnly
        }
        Label {
            text: qsTr("Port")
            color: Theme.text
        }
        TextField {
            id: portField
            objectName: "proxyPortField"
            Layout.fillWidth: true
            text: Session.proxyPort > 0 ? String(Session.proxyPort) : ""
            placeholderText: choice.mode === Session.ProxyHttp ? "8080" : "1080"
            inputMethodHints: Qt.ImhDigitsOnly
        }
        Label {
            text: qsTr("User name")
            color: Theme.text
        }
        TextField {
            id: userField
            objectName: "proxyUserField"
            Layout.fillWidth: true
            text: Session.proxyUserName
            placeholderText: qsTr("optional")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        }
        Label {
            text: qsTr("Password")
            color: Theme.text
        }
        TextField {
            id: passwordField
            objectName: "proxyPasswordField"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: Session.proxyHasPassword ? qsTr("saved (unchanged)") : qsTr("optional")
            inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
        }
    }

    Button {
        objectName: "proxySaveButton"
        Layout.leftMargin: Theme.spacing
        visible: choice.custom
        enabled: !Session.proxyFromCommandLine
        text: qsTr("Save and reconnect")
        onClicked: choice.apply()
    }

    Label {
        objectName: "proxyError"
        Layout.fillWidth: true
        Layout.margins: Theme.spacing
        visible: text.length > 0
        text: choice.error
        color: Theme.danger
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "proxyProblem"
        Layout.fillWidth: true
        Layout.margins: Theme.spacing
        visible: text.length > 0
        text: Session.proxyProblem
        color: Theme.danger
        wrapMode: Text.Wrap
    }
    Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing
        Layout.rightMargin: Theme.spacing
        visible: Session.proxyFromCommandLine
        text: qsTr("This run uses the proxy given on the command line.")
        color: Theme.secondaryText
        font.pixelSize: Theme.smallFontSize
        wrapMode: Text.Wrap
    }
}
