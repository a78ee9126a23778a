import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Preferences

// System, light or dark: applied at once, saved for the next start.
ColumnLayout {
    spacing: 0

    Repeater {
        model: [
            { value: "system", label: qsTr("Same as the system") },
            { value: "light", label: qsTr("Light") },
            { value: "dark", label: qsTr("Dark") }
        ]
        delegate: RadioButton {
            required property var modelData
            objectName: "theme_" + modelData.value
            Layout.fillWidth: true
            text: modelData.label
            checked: Preferences.theme === modelData.value
            onClicked: Preferences.theme = modelData.value
        }
    }
}
