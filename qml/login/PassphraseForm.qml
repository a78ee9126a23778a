import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// Without a system keychain the local database key comes from a passphrase: asked for to
// unlock an existing profile, or chosen (typed twice) for a new one.
ColumnLayout {
    id: form

    property bool creating: false
    property bool busy: false
    // Only checked when creating: unlocking must accept whatever was chosen before.
    property int minimumLength: 8

    signal submitted(string passphrase)

    readonly property bool canSubmit: !busy && passphrase.text.length > 0
                                      && (!creating || (passphrase.text.length >= minimumLength
                                                        && passphrase.text === repeat.text))

    function submit() {
        if (canSubmit)
            form.submitted(passphrase.text);
    }

    function focusFirstField() {
        passphrase.forceActiveFocus();
    }

    spacing: Theme.spacing

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        text: form.creating
              ? qsTr("No system keychain was found. Choose a passphrase to encrypt your messages on this device.")
              : qsTr("Enter the passphrase that protects your messages on this device.")
    }
    TextField {
        id: passphrase
        objectName: "passphraseField"
        Layout.fillWidth: true
        placeholderText: qsTr("Passphrase")
        echoMode: TextInput.Password
        enabled: !form.busy
        onAccepted: form.creating ? repeat.forceActiveFocus() : form.submit()
    }
    TextField {
        id: repeat
        visible: form.creating
        Layout.fillWidth: true
        placeholderText: qsTr("Repeat passphrase")
        echoMode: TextInput.Password
        enabled: !form.busy
        onAccepted: form.submit()
    }
    Label {
        visible: form.creating && passphrase.text.length > 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: Theme.smallFontSize
        color: Theme.secondaryText
        text: passphrase.text.length < form.minimumLength
              ? qsTr("At least %1 characters").arg(form.minimumLength)
              : passphrase.text !== repeat.text ? qsTr("The passphrases differ") : ""
    }
    PrimaryButton {
        Layout.fillWidth: true
        text: form.creating ? qsTr("Set passphrase") : qsTr("Unlock")
        enabled: form.canSubmit
        onClicked: form.submit()
    }
}
