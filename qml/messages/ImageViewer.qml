import QtQuick
import QtQuick.Controls
import Messenger.Messages
import Messenger.Ui.Common

// A photo shown whole over the window (decrypted in memory by the app). A message with several
// photos is an album: the viewer opens on the photo tapped and goes to the message's previous
// or next one with ← / →, the side buttons or a swipe, saying "n / N"; each photo is downloaded
// (by its attachment index) when it is shown, its blurred thumbnail standing in until then.
// A click on the photo, or Escape, closes it.
Popup {
    id: viewer
    objectName: "imageViewer"

    // The chat's messages (the photos' source and downloads).
    property MessageListModel messageModel
    // The message shown, its photos (MessageListModel::pictures) and which of them is shown.
    property double localId: 0
    property var pictures: []
    property int current: 0
    readonly property var picture: current >= 0 && current < pictures.length ? pictures[current] : null

    function openAt(localId, attachmentIndex) {
        viewer.localId = localId;
        viewer.refresh();
        const at = viewer.pictures.findIndex(p => p.index === attachmentIndex);
        viewer.current = Math.max(0, at);
        viewer.open();
        viewer.fetch();
    }
    function refresh() {
        viewer.pictures = viewer.messageModel ? viewer.messageModel.pictures(viewer.localId) : [];
    }
    function fetch() {
        if (viewer.picture && viewer.picture.image.length === 0 && viewer.messageModel)
            viewer.messageModel.downloadAttachment(viewer.localId, viewer.picture.index);
    }
    function step(by) {
        const next = viewer.current + by;
        if (next < 0 || next >= viewer.pictures.length)
            return;
        viewer.current = next;
        viewer.fetch();
    }

    Connections {
        target: viewer.messageModel
        enabled: viewer.opened
        function onPicturesChanged(localId) {
            if (localId === viewer.localId)
                viewer.refresh(); // a download finished: its image URL is known now
        }
    }

    modal: true
    focus: true
    padding: 0
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    background: Rectangle {
        color: "#e0000000"
    }

    Item {
        id: stage
        anchors.fill: parent
        focus: true
        Keys.onLeftPressed: viewer.step(-1)
        Keys.onRightPressed: viewer.step(1)

        Image {
            objectName: "viewerThumbnail"
            anchors.fill: parent
            anchors.margins: 16
            visible: full.status !== Image.Ready
            source: viewer.picture && viewer.picture.thumbnail.length > 0
                    ? viewer.picture.thumbnail.replace("image://msgr-thumbnail/", "image://msgr-thumbnail/blur/") : ""
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }
        Image {
            id: full
            objectName: "viewerImage"
            anchors.fill: parent
            anchors.margins: 16
            source: viewer.picture ? viewer.picture.image : ""
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }
        BusyIndicator {
            anchors.centerIn: parent
            running: viewer.opened && full.status !== Image.Ready
        }
        TapHandler {
            onTapped: viewer.close()
        }
        // A swipe on a touch screen (or a drag with the mouse): the next or previous photo.
        DragHandler {
            id: swipe
            target: null
            yAxis.enabled: false
            onActiveChanged: {
                if (active)
                    return;
                if (swipe.translation.x < -stage.width / 8)
                    viewer.step(1);
                else if (swipe.translation.x > stage.width / 8)
                    viewer.step(-1);
            }
        }

        RoundButton {
            objectName: "viewerPrevious"
            visible: viewer.current > 0
            anchors.left: parent.left
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: 24
            text: "\u2039"
            font.pixelSize: 28
            Accessible.name: qsTr("Previous photo")
            onClicked: viewer.step(-1)
        }
        RoundButton {
            objectName: "viewerNext"
            visible: viewer.current < viewer.pictures.length - 1
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: 24
            text: "\u203A"
            font.pixelSize: 28
            Accessible.name: qsTr("Next photo")
            onClicked: viewer.step(1)
        }
        Text {
            objectName: "viewerCounter"
            visible: viewer.pictures.length > 1
            anchors.top: parent.top
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.topMargin: 24
            text: qsTr("%1 / %2").arg(viewer.current + 1).arg(viewer.pictures.length)
            color: "white"
            font.pixelSize: Theme.fontSize
            style: Text.Outline
            styleColor: "black"
        }
    }
}
