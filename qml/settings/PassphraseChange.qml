import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// Settings > Passphrase: a profile whose key is wrapped under a passphrase (no keychain) gets a
// new passphrase here: the current one, the new one twice. The messages' key stays the same;
// only the key file is rewritten (Session.changePassphrase, off the GUI thread). A profile
// whose key is in the system keychain only says so.
ColumnLayout {
    id: form

    property bool failed: false

    spacing: Theme.spacing / 2

    Label {
        objectName: "keychainNote"
        Layout.fillWidth: true
        Layout.margins: Theme.spacing / 2
        visible: Session.keychainAvailable
        text: qsTr("This profile's key is kept in the system keychain: there is no passphrase to change.")
        wrapMode: Text.Wrap
        color: Theme.secondaryText
    }

    TextField {
        id: current
        objectName: "currentPassphraseField"
        visible: !Session.keychainAvailable
        Layout.fillWidth: true
        placeholderText: qsTr("Current passphrase")
        echoMode: TextInput.Password
        enabled: !Session.passphraseChanging
    }
    TextField {
        id: fresh
        objectName: "newPassphraseField"
        visible: !Session.keychainAvailable
        Layout.fillWidth: true
        placeholderText: qsTr("New passphrase")
        echoMode: TextInput.Password
        enabled: !Session.passphraseChanging
    }
    TextField {
        id: repeated
        objectName: "repeatPassphraseField"
        visible: !Session.keychainAvailable
        Layout.fillWidth: true
        placeholderText: qsTr("New passphrase again")
        echoMode: TextInput.Password
        enabled: !Session.passphraseChanging
        onAccepted: change.clicked()
    }
    Button {
        id: change
        objectName: "changePassphraseButton"
        visible: !Session.keychainAvailable
        text: Session.passphraseChanging ? qsTr("Changing…") : qsTr("Change passphrase")
        enabled: !Session.passphraseChanging && current.text.length > 0 && fresh.text.length > 0
        onClicked: {
            result.text = ""
            Session.changePassphrase(current.text, fresh.text, repeated.text)
        }
    }
    Label {
        id: result
        objectName: "passphraseChangeResult"
        Layout.fillWidth: true
        Layout.margins: Theme.spacing / 2
        visible: text.length > 0
        wrapMode: Text.Wrap
        color: form.failed ? Theme.danger : Theme.secondaryText
    }

    Connections {
        target: Session
        function onPassphraseChangeFinished(ok, message) {
            form.failed = !ok
            result.text = ok ? qsTr("The passphrase is changed. Use the new one from now on.") : message
            if (ok) {
                current.clear()
                fresh.clear()
                repeated.clear()
            }
        }
    }
}
