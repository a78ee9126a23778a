import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Preferences
import Messenger.Ui.Common

// The settings: how the app looks and speaks, when it notifies, this account's devices, the
// profile's disk use and passphrase, the server it talks to and the proxy it goes through.
// Every choice applies at once; nothing to confirm.
Page {
    id: page

    objectName: "settingsPage"

    signal closeRequested
    signal devicesRequested

    background: Rectangle {
        color: Theme.window
    }

    header: ChatHeader {
        title: qsTr("Settings")
        showBack: true
        onBack: page.closeRequested()
    }

    Flickable {
        anchors.fill: parent
        contentHeight: sections.implicitHeight + Theme.spacing * 2
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: sections
            width: parent.width
            spacing: 0

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Theme")
                ThemeChoice {
                    Layout.fillWidth: true
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Language")
                LanguageChoice {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Notifications")
                Switch {
                    objectName: "notificationsSwitch"
                    Layout.fillWidth: true
                    text: qsTr("Notify about new messages")
                    checked: Preferences.notifications
                    onToggled: Preferences.notifications = checked
                }
                Switch {
                    objectName: "notificationPreviewSwitch"
                    Layout.fillWidth: true
                    enabled: Preferences.notifications
                    text: qsTr("Show the sender and the text")
                    checked: Preferences.notificationPreview
                    onToggled: Preferences.notificationPreview = checked
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Privacy and security")
                LastSeenChoice {
                    Layout.fillWidth: true
                }
                ItemDelegate {
                    objectName: "devicesEntry"
                    Layout.fillWidth: true
                    text: qsTr("Devices")
                    onClicked: page.devicesRequested()
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Storage")
                StorageUsageView {
                    Layout.fillWidth: true
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Passphrase")
                PassphraseChange {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Server")
                Label {
                    objectName: "serverAddress"
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing
                    text: Session.serverUrl
                    color: Theme.text
                    elide: Text.ElideMiddle
                }
                TransportNotice {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing
                    onAllowRequested: allow => Session.allowInsecureTransport = allow
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Proxy")
                ProxyChoice {
                    Layout.fillWidth: true
                }
            }
        }
    }
}
