import QtQuick
import QtQuick.Controls

// The one main action of a form: filled with the accent colour, faded while disabled.
Button {
    id: button

    implicitHeight: 44
    font.pixelSize: Theme.fontSize
    font.bold: true

    contentItem: Text {
        text: button.text
        font: button.font
        color: Theme.textOnAccent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 8
        color: Theme.accent
        opacity: button.enabled ? (button.down ? 0.8 : 1) : 0.4
    }
}
