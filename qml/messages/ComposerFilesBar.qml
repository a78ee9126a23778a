import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Messages
import Messenger.Ui.Common

// Above the composer while files wait to be sent (Telegram's preview): each file as a tile
// (a picture's thumbnail, or its name) with its size and × to remove it; "Clear" (or Esc in
// the composer) removes them all. The message field's text goes with them as the caption.
// A file that was not taken (the 11th, an unreadable one) says why under the tiles.
Rectangle {
    id: bar
    objectName: "composerFilesBar"

    required property ComposerFiles files

    implicitHeight: visible ? layout.implicitHeight + Theme.spacing : 0
    visible: bar.files.count > 0 || bar.files.refusal.length > 0
    color: Theme.window

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.divider
    }

    ColumnLayout {
        id: layout
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.spacing
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            Text {
                objectName: "composerFilesTitle"
                Layout.fillWidth: true
                text: bar.files.count > 0 ? qsTr("%n file(s) · the text below is the caption", "", bar.files.count) : ""
                color: Theme.secondaryText
                font.pixelSize: Theme.smallFontSize
                elide: Text.ElideRight
            }
            IconButton {
                objectName: "composerFilesClear"
                text: "\u2715"
                tip: qsTr("Remove all files")
                onClicked: bar.files.clear()
            }
        }

        ListView {
            id: tiles
            objectName: "composerFilesList"
            visible: bar.files.count > 0
            Layout.fillWidth: true
            Layout.preferredHeight: 96
            orientation: ListView.Horizontal
            spacing: Theme.spacing
            clip: true
            model: bar.files
            delegate: Rectangle {
                id: tile
                objectName: "composerFile"
                required property int index
                required property string name
                required property double size
                required property string thumbnail
                required property bool ready

                width: 80
                height: 96
                radius: 6
                color: Theme.pane

                Image {
                    objectName: "composerFileThumbnail"
                    x: 4
                    y: 4
                    width: 72
                    height: 60
                    visible: tile.thumbnail.length > 0
                    source: tile.thumbnail
                    fillMode: Image.PreserveAspectCrop
                    asynchronous: true
                }
                Text {
                    x: 4
                    y: 4
                    width: 72
                    height: 60
                    visible: tile.thumbnail.length === 0
                    text: "\uD83D\uDCC4"
                    font.pixelSize: 28
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                Text {
                    objectName: "composerFileName"
                    x: 4
                    y: 66
                    width: 72
                    text: tile.name
                    color: Theme.text
                    font.pixelSize: Theme.smallFontSize - 1
                    elide: Text.ElideMiddle
                    textFormat: Text.PlainText
                }
                Text {
                    objectName: "composerFileSize"
                    x: 4
                    y: 80
                    width: 72
                    text: tile.ready ? Qt.locale().formattedDataSize(tile.size) : "…"
                    color: Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize - 2
                    elide: Text.ElideRight
                }
                RoundButton {
                    objectName: "composerFileRemove"
                    anchors.top: parent.top
                    anchors.right: parent.right
                    width: 24
                    height: 24
                    padding: 0
                    text: "\u2715"
                    font.pixelSize: 11
                    Accessible.name: qsTr("Remove %1").arg(tile.name)
                    onClicked: bar.files.remove(tile.index)
                }
            }
        }

        Text {
            objectName: "composerFilesRefusal"
            visible: bar.files.refusal.length > 0
            Layout.fillWidth: true
            text: bar.files.refusal
            color: Theme.danger
            font.pixelSize: Theme.smallFontSize
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
    }
}
