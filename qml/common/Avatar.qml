import QtQuick

// A round placeholder avatar: the name's initial on a colour picked from the name.
Rectangle {
    id: avatar

    property string name
    property int size: Theme.avatarSize

    readonly property var palette: ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"]

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: palette[name.length > 0 ? name.charCodeAt(0) % palette.length : 0]

    Text {
        anchors.centerIn: parent
        text: avatar.name.length > 0 ? avatar.name.charAt(0).toUpperCase() : "?"
        color: "#ffffff"
        font.pixelSize: avatar.size * 0.42
        font.bold: true
    }
}
