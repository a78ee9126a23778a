import QtQuick
import QtQuick.Controls

// A flat round tool button showing a glyph or an icon, with a hover circle instead of the
// style's rectangle.
ToolButton {
    id: button

    property string tip

    implicitWidth: 40
    implicitHeight: 40
    font.pixelSize: 20
    icon.color: Theme.secondaryText
    palette.buttonText: Theme.secondaryText
    Accessible.name: tip
    ToolTip.visible: hovered && tip.length > 0
    ToolTip.text: tip
    ToolTip.delay: 600

    background: Rectangle {
        radius: width / 2
        color: Theme.pane
        visible: button.hovered || button.down
        opacity: button.down ? 1 : 0.7
    }
}
