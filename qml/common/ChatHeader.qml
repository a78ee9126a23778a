import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The bar above a chat: back button (phone layout only), avatar and title.
Rectangle {
    id: header

    property string title
    property bool showBack: false

    signal back

    implicitHeight: Theme.headerHeight
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: header.showBack ? 4 : 12
        anchors.rightMargin: 12
        spacing: Theme.spacing

        IconButton {
            objectName: "backButton"
            visible: header.showBack
            text: "\u2190"
            tip: qsTr("Back")
            onClicked: header.back()
        }
        Avatar {
            name: header.title
            size: 38
        }
        Label {
            Layout.fillWidth: true
            text: header.title
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize + 1
            font.bold: true
        }
    }

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.divider
    }
}
