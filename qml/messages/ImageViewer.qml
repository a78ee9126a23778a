import QtQuick
import QtQuick.Controls

// A photo shown whole over the window (decrypted in memory by the app); a click or Escape
// closes it.
Popup {
    id: viewer
    objectName: "imageViewer"

    property string source

    modal: true
    focus: true
    padding: 0
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    background: Rectangle {
        color: "#e0000000"
    }

    Image {
        anchors.fill: parent
        anchors.margins: 16
        source: viewer.source
        fillMode: Image.PreserveAspectFit
        asynchronous: true
        MouseArea {
            anchors.fill: parent
            onClicked: viewer.close()
        }
    }
}
