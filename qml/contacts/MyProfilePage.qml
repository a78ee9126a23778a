import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Contacts
import Messenger.Ui.Common
import Messenger.Ui.Settings

// My profile: the letter avatar, display name, @username and "about", saved together (the
// server's refusals — a username taken or not valid, an "about" too long — shown as text), and
// who sees the last seen time (the settings' choice).
Page {
    id: page

    signal closeRequested

    background: Rectangle {
        color: Theme.window
    }

    header: ChatHeader {
        title: qsTr("My profile")
        showBack: true
        onBack: page.closeRequested()
    }

    ProfileModel {
        id: profile
        objectName: "myProfileModel"
        context: Session.context
        userId: 0
        // The fields start from what the server (or the store, offline) says.
        onProfileChanged: page.fill()
    }

    function fill() {
        nameField.text = profile.displayName;
        usernameField.text = profile.username;
        aboutField.text = profile.about;
    }

    Component.onCompleted: page.fill()

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + Theme.spacing * 4
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            x: Theme.spacing * 2
            y: Theme.spacing * 2
            width: parent.width - Theme.spacing * 4
            spacing: Theme.spacing

            Avatar {
                Layout.alignment: Qt.AlignHCenter
                objectName: "myProfileAvatar"
                name: nameField.text.length > 0 ? nameField.text : usernameField.text
                photo: profile.photoUrl
                size: 96
            }
            PhotoButtons {
                objectName: "myProfilePhotoButtons"
                Layout.alignment: Qt.AlignHCenter
                hasPhoto: profile.photoUrl.length > 0
                busy: profile.photoBusy
                onPhotoChosen: file => profile.setPhoto(file)
                onRemoveRequested: profile.removePhoto()
            }
            Label {
                text: qsTr("Name")
                color: Theme.secondaryText
            }
            TextField {
                id: nameField
                objectName: "profileNameField"
                Layout.fillWidth: true
                maximumLength: 64
            }
            Label {
                text: qsTr("Username")
                color: Theme.secondaryText
            }
            TextField {
                id: usernameField
                objectName: "profileUsernameField"
                Layout.fillWidth: true
                maximumLength: 33
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                leftPadding: atSign.width + 8
                Label {
                    id: atSign
                    x: 6
                    anchors.verticalCenter: parent.verticalCenter
                    text: "@"
                    color: Theme.secondaryText
                }
            }
            Label {
                text: qsTr("About")
                color: Theme.secondaryText
            }
            TextArea {
                id: aboutField
                objectName: "profileAboutField"
                Layout.fillWidth: true
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("A few words about you")
            }
            Label {
                Layout.alignment: Qt.AlignRight
                // Telegram's bio limit; the server refuses longer (TOO_LARGE).
                text: qsTr("%1 / 140").arg(aboutField.length)
                color: aboutField.length > 140 ? Theme.danger : Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
            }
            Label {
                objectName: "profileError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: profile.errorText
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Label {
                id: savedNote
                objectName: "profileSaved"
                visible: false
                text: qsTr("Saved")
                color: Theme.accent
                Connections {
                    target: profile
                    function onSaved() {
                        savedNote.visible = true;
                    }
                    function onBusyChanged() {
                        if (profile.busy)
                            savedNote.visible = false;
                    }
                }
            }
            Button {
                objectName: "profileSaveButton"
                Layout.alignment: Qt.AlignRight
                text: qsTr("Save")
                highlighted: true
                enabled: !profile.busy && nameField.text.trim().length > 0
                onClicked: profile.save(nameField.text, aboutField.text, usernameField.text)
            }
            LastSeenChoice {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
            }
        }
    }
}
