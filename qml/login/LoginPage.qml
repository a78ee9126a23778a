import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// Sign up or log in; asks for the local passphrase instead when the core needs one.
Page {
    id: page

    readonly property bool busy: Session.state === Session.Busy
    readonly property bool needsPassphrase: Session.state === Session.NeedsPassphrase

    background: Rectangle {
        color: Theme.pane
    }

    Flickable {
        anchors.fill: parent
        contentHeight: Math.max(height, card.implicitHeight + 48)
        boundsBehavior: Flickable.StopAtBounds

        Rectangle {
            id: card
            anchors.centerIn: parent
            width: Math.min(parent.width - 32, 380)
            implicitHeight: content.implicitHeight + 48
            radius: Theme.radius
            color: Theme.window

            ColumnLayout {
                id: content
                anchors.fill: parent
                anchors.margins: 24
                spacing: Theme.spacing * 2

                Image {
                    Layout.alignment: Qt.AlignHCenter
                    source: "qrc:/Messenger/Ui/icons/messenger.svg"
                    sourceSize.width: 72
                    sourceSize.height: 72
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Messenger")
                    color: Theme.text
                    font.pixelSize: 24
                    font.bold: true
                }

                TabBar {
                    id: mode
                    objectName: "loginModeTabs"
                    visible: !page.needsPassphrase
                    Layout.fillWidth: true
                    palette.brightText: Theme.secondaryText
                    // A first run starts on "Sign up"; a profile that was used on "Log in".
                    currentIndex: Session.newProfile ? 1 : 0
                    // An error of the other form (a wrong password, a taken name) is stale.
                    onCurrentIndexChanged: Session.clearError()
                    TabButton {
                        text: qsTr("Log in")
                    }
                    TabButton {
                        text: qsTr("Sign up")
                    }
                }

                CredentialsForm {
                    id: credentials
                    visible: !page.needsPassphrase
                    Layout.fillWidth: true
                    signingUp: mode.currentIndex === 1
                    busy: page.busy
                    onSubmitted: (username, password, displayName) => {
                        if (signingUp)
                            Session.signUp(username, password, displayName);
                        else
                            Session.logIn(username, password);
                    }
                }

                PassphraseForm {
                    id: passphraseForm
                    visible: page.needsPassphrase
                    Layout.fillWidth: true
                    busy: page.busy
                    creating: !Session.passphraseExists
                    minimumLength: 8 // Session::kMinPassphraseChars
                    onSubmitted: passphrase => creating ? Session.createPassphrase(passphrase)
                                                        : Session.unlock(passphrase)
                }

                TransportNotice {
                    objectName: "loginTransportNotice"
                    Layout.fillWidth: true
                    // The opt-in is saved in the profile, which is open once the passphrase
                    // (if any) was given.
                    canChange: !page.needsPassphrase
                    onAllowRequested: allow => Session.allowInsecureTransport = allow
                }

                Label {
                    objectName: "loginError"
                    visible: text.length > 0
                    Layout.fillWidth: true
                    text: Session.errorText
                    color: Theme.danger
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignHCenter
                }

                BusyIndicator {
                    visible: page.busy
                    running: visible
                    Layout.alignment: Qt.AlignHCenter
                }
            }
        }
    }

    function focusForm() {
        if (needsPassphrase)
            passphraseForm.focusFirstField();
        else
            credentials.focusFirstField();
    }

    // Later: in onCompleted the page is not in the window yet, and after a state change the
    // form to focus only becomes visible (and enabled) once the change has been handled.
    Timer {
        id: focusLater
        interval: 0
        onTriggered: page.focusForm()
    }

    Component.onCompleted: focusLater.restart()
    onNeedsPassphraseChanged: focusLater.restart()
    onBusyChanged: if (!busy) focusLater.restart()
}
