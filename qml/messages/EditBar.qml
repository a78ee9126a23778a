import QtQuick
import QtQuick.Layouts
import Messenger.Ui.Common

// Above the composer while a message is being edited: "Editing" and the text as it was, with ×
// (or Esc) to cancel.
Rectangle {
    id: bar
    objectName: "editBar"

    property string originalText

    signal cancel

    implicitHeight: layout.implicitHeight + Theme.spacing
    color: Theme.window

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.divider
    }

    RowLayout {
        id: layout
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.spacing * 2
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        Rectangle {
            Layout.preferredWidth: 3
            Layout.fillHeight: true
            color: Theme.accent
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Text {
                text: qsTr("Editing")
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.bold: true
            }
            Text {
                objectName: "editBarText"
                Layout.fillWidth: true
                text: bar.originalText.split("\n")[0]
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
                elide: Text.ElideRight
                textFormat: Text.PlainText
            }
        }
        IconButton {
            objectName: "cancelEditButton"
            text: "\u2715"
            font.pixelSize: 14
            tip: qsTr("Cancel editing")
            onClicked: bar.cancel()
        }
    }
}
