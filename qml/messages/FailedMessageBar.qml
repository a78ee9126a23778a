import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// Under a message the server refused for good: why, in words (the red "!" alone said nothing),
// and what the user can do: send it again when that may get through, or delete it.
Item {
    id: bar

    property string reason
    property bool canRetry: false
    property bool canDelete: false

    signal retry
    signal remove

    implicitHeight: column.implicitHeight + 4

    Column {
        id: column
        anchors.right: parent.right
        anchors.rightMargin: Theme.spacing
        width: Math.min(parent.width * 0.75, 520)
        spacing: 0

        Text {
            objectName: "failureReason"
            width: parent.width
            horizontalAlignment: Text.AlignRight
            text: bar.reason
            color: Theme.danger
            font.pixelSize: Theme.smallFontSize
            wrapMode: Text.Wrap
        }
        Row {
            anchors.right: parent.right
            spacing: Theme.spacing
            Button {
                objectName: "retryButton"
                visible: bar.canRetry
                flat: true
                text: qsTr("Send again")
                onClicked: bar.retry()
            }
            Button {
                objectName: "deleteFailedButton"
                visible: bar.canDelete
                flat: true
                text: qsTr("Delete")
                onClicked: bar.remove()
            }
        }
    }
}
