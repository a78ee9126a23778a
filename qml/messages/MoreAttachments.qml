import QtQuick
import Messenger.Ui.Common

// The attachments of a message after its first (a message carries up to 10): photos and videos
// as a grid of their blurred thumbnails, other files as lines with name and size. Shown under
// the first attachment's bubble content.
Column {
    id: more

    property var attachments: [] // MessageListModel's moreAttachments
    property bool outgoing: false

    // A photo was tapped: its attachment index in the message (the viewer opens on it).
    signal openPicture(int index)

    readonly property var pictures: more.attachments.filter(a => a.thumbnail.length > 0)
    readonly property var files: more.attachments.filter(a => a.thumbnail.length === 0)

    visible: more.attachments.length > 0
    spacing: 4

    Flow {
        objectName: "morePictures"
        width: more.width
        spacing: 4
        visible: more.pictures.length > 0
        Repeater {
            model: more.pictures
            Image {
                id: picture
                required property var modelData
                objectName: "morePicture"
                width: 72
                height: 72
                source: modelData.thumbnail.replace("image://msgr-thumbnail/",
                                                    "image://msgr-thumbnail/blur/")
                fillMode: Image.PreserveAspectCrop
                smooth: true
                asynchronous: true
                MouseArea {
                    anchors.fill: parent
                    enabled: picture.modelData.kind === "photo"
                    onClicked: more.openPicture(picture.modelData.index)
                }
                Text {
                    anchors.centerIn: parent
                    visible: parent.modelData.kind === "video"
                    text: "\u25B6"
                    color: "white"
                    font.pixelSize: 20
                }
            }
        }
    }
    Repeater {
        model: more.files
        Text {
            required property var modelData
            objectName: "moreFile"
            width: more.width
            text: qsTr("%1 (%2)").arg(modelData.name).arg(Qt.locale().formattedDataSize(modelData.size))
            color: Theme.text
            font.pixelSize: Theme.smallFontSize
            elide: Text.ElideMiddle
            textFormat: Text.PlainText
        }
    }
}
