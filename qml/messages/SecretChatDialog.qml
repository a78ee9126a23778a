import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Messages
import Messenger.Ui.Common

// A secret chat's encryption and timer: the emoji and the safety number to compare with the
// other person (in person, or by scanning the QR code), a loud warning with the confirmation
// when their key changed, and the self-destruct timer (Telegram's values, off to one week).
Dialog {
    id: dialog

    required property SecretChatInfo info
    property string peerName

    title: qsTr("Secret chat")
    modal: true
    standardButtons: Dialog.Close
    padding: Theme.spacing * 2

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("Messages here are encrypted on this device and can be read only on %1's device. Compare the emoji or the numbers below with theirs: if they match, nobody is in between.").arg(dialog.peerName)
            }

            Rectangle {
                objectName: "keyChangedWarning"
                visible: dialog.info.keyChanged
                Layout.fillWidth: true
                implicitHeight: warning.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius
                color: Theme.warning
                ColumnLayout {
                    id: warning
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.warningText
                        font.bold: true
                        text: qsTr("%1's key changed. Sending is paused until you compare the new safety number with them.").arg(dialog.peerName)
                    }
                    Button {
                        objectName: "confirmKeyButton"
                        text: qsTr("It matches: accept the new key")
                        onClicked: dialog.info.confirmNewKey()
                    }
                }
            }

            Label {
                objectName: "verificationEmoji"
                Layout.alignment: Qt.AlignHCenter
                visible: dialog.info.ready
                text: dialog.info.emoji
                font.pixelSize: 26
            }
            Label {
                objectName: "safetyNumber"
                Layout.alignment: Qt.AlignHCenter
                Layout.maximumWidth: parent.width
                visible: dialog.info.ready
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: dialog.info.safetyNumber
                font.family: "monospace"
                font.pixelSize: Theme.fontSize
                color: Theme.text
            }
            Image {
                objectName: "verificationQr"
                Layout.alignment: Qt.AlignHCenter
                visible: dialog.info.ready
                source: dialog.info.qrSource
                sourceSize.width: 240
                width: 240
                height: 240
                smooth: false
                asynchronous: true
            }
            Label {
                visible: !dialog.info.ready
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                text: qsTr("The keys of this chat are not known yet.")
            }

            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Self-destruct timer")
                    color: Theme.text
                }
                ComboBox {
                    id: timerChoice
                    objectName: "timerChoice"
                    model: dialog.info.timerChoices
                    textRole: "label"
                    valueRole: "ms"
                    currentIndex: indexOfValue(dialog.info.timerMs)
                    onActivated: index => dialog.info.setTimer(valueAt(index))
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
                text: qsTr("Messages sent after the timer is set disappear from both devices that long after they are read.")
            }
        }
    }
}
