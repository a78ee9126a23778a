import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// Username and password, plus a display name when signing up. Emits what the user typed; the
// page decides which Session call it becomes.
ColumnLayout {
    id: form

    property bool signingUp: false
    property bool busy: false

    signal submitted(string username, string password, string displayName)

    function submit() {
        if (!canSubmit)
            return;
        form.submitted(username.text.trim(), password.text, displayName.text.trim());
    }

    readonly property bool canSubmit: !busy && username.text.trim().length > 0
                                      && password.text.length > 0
                                      && (!signingUp || displayName.text.trim().length > 0)

    function focusFirstField() {
        username.forceActiveFocus();
    }

    spacing: Theme.spacing

    TextField {
        id: username
        objectName: "usernameField"
        Layout.fillWidth: true
        placeholderText: qsTr("Username")
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        enabled: !form.busy
        onAccepted: password.forceActiveFocus()
    }
    TextField {
        id: password
        objectName: "passwordField"
        Layout.fillWidth: true
        placeholderText: qsTr("Password")
        echoMode: TextInput.Password
        enabled: !form.busy
        onAccepted: form.signingUp ? displayName.forceActiveFocus() : form.submit()
    }
    TextField {
        id: displayName
        objectName: "displayNameField"
        visible: form.signingUp
        Layout.fillWidth: true
        placeholderText: qsTr("Your name")
        enabled: !form.busy
        onAccepted: form.submit()
    }
    PrimaryButton {
        objectName: "submitButton"
        Layout.fillWidth: true
        text: form.signingUp ? qsTr("Create account") : qsTr("Log in")
        enabled: form.canSubmit
        onClicked: form.submit()
    }
}
