import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs

// "Set photo" and "Remove photo" (docs/protocol.md §24) under an avatar that the user may
// change (their profile; a group or channel they own or administer): the picture is picked
// here and handed on; the model prepares and uploads it off the GUI thread.
Row {
    id: buttons

    // The avatar has a photo now: "Remove photo" is offered.
    property bool hasPhoto: false
    // A change runs: both wait.
    property bool busy: false

    signal photoChosen(url file)
    signal removeRequested()

    spacing: Theme.spacing

    Button {
        objectName: "setPhotoButton"
        text: buttons.busy ? qsTr("Uploading…") : qsTr("Set photo")
        enabled: !buttons.busy
        flat: true
        onClicked: pictureDialog.open()
    }
    Button {
        objectName: "removePhotoButton"
        visible: buttons.hasPhoto
        text: qsTr("Remove photo")
        enabled: !buttons.busy
        flat: true
        onClicked: buttons.removeRequested()
    }

    FileDialog {
        id: pictureDialog
        objectName: "photoDialog"
        title: qsTr("Choose a photo")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.gif)")]
        onAccepted: buttons.photoChosen(selectedFile)
    }
}
