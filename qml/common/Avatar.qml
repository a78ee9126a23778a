import QtQuick

// A round avatar: the photo when there is one (docs/protocol.md §24: its inline thumbnail at
// once, then the photo once downloaded, both decoded round off the GUI thread by the
// "image://avatar" provider), else the name's initial on a colour picked from the name, which
// also stays when the photo does not decode.
Rectangle {
    id: avatar

    property string name
    property int size: Theme.avatarSize
    // The photo's "image://avatar/…" URL (CoreContext.photoUrl, a model's photoUrl); "": none.
    property string photo
    // The photo (or its thumbnail) is shown instead of the letters.
    readonly property bool showsPhoto: full.status === Image.Ready || thumb.status === Image.Ready

    readonly property var palette: ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"]

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: showsPhoto ? "transparent" : palette[name.length > 0 ? name.charCodeAt(0) % palette.length : 0]

    Text {
        anchors.centerIn: parent
        visible: !avatar.showsPhoto
        text: avatar.name.length > 0 ? avatar.name.charAt(0).toUpperCase() : "?"
        color: "#ffffff"
        font.pixelSize: avatar.size * 0.42
        font.bold: true
    }

    Image {
        id: thumb
        objectName: "avatarThumbnail"
        anchors.fill: parent
        visible: full.status !== Image.Ready
        asynchronous: true
        cache: true
        sourceSize.width: avatar.size
        sourceSize.height: avatar.size
        source: avatar.photo !== "" ? avatar.photo + "/thumb" : ""
    }

    Image {
        id: full
        objectName: "avatarPhoto"
        anchors.fill: parent
        asynchronous: true
        cache: true
        sourceSize.width: avatar.size
        sourceSize.height: avatar.size
        source: avatar.photo
    }
}
