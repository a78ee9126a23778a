import QtQuick
import QtQuick.Controls
import Messenger.Preferences

// The interface language. Each language is named in itself, so a user who landed in a language
// they cannot read still finds their own; the app switches at once (main.cpp applies it).
ComboBox {
    id: choice

    objectName: "languageChoice"
    textRole: "label"
    valueRole: "code"
    model: [
        { code: "", label: qsTr("Same as the system") },
        { code: "en", label: "English" },
        { code: "ru", label: "Русский" }
    ]
    // The model is rebuilt when the language changes (its first label is translated), which
    // resets the selection: put it back each time.
    function showChosen() {
        currentIndex = Math.max(0, indexOfValue(Preferences.language));
    }

    Component.onCompleted: showChosen()
    onModelChanged: showChosen()
    onActivated: Preferences.language = currentValue

    Connections {
        target: Preferences
        function onLanguageChanged() {
            choice.showChosen();
        }
    }
}
