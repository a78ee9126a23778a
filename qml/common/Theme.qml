pragma Singleton
import QtQuick
import Messenger.Preferences

// Colours and metrics for the whole UI. Light or dark as the user chose in the settings; with
// "system", what the desktop asks for (the freedesktop portal on Linux, which needs no Qt
// platform theme package), else the system palette: Qt 6.4 has no Qt.styleHints.colorScheme,
// so "dark" is then read from the lightness of the window colour.
QtObject {
    id: theme

    readonly property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool systemDark: Preferences.systemSchemeKnown ? Preferences.systemDark
                                                                      : system.window.hslLightness < 0.5
    readonly property bool dark: Preferences.theme === "dark"
                                 || (Preferences.theme === "system" && systemDark)

    readonly property color window: dark ? "#17212b" : "#ffffff"
    readonly property color pane: dark ? "#0e1621" : "#f1f3f6"
    readonly property color divider: dark ? "#0b1118" : "#dfe3e8"
    readonly property color text: dark ? "#f5f5f5" : "#000000"
    readonly property color secondaryText: dark ? "#7f91a4" : "#707579"
    readonly property color accent: dark ? "#5eb5f7" : "#3390ec"
    readonly property color textOnAccent: "#ffffff"
    readonly property color selection: dark ? "#2b5278" : "#e3effb"
    readonly property color incomingBubble: dark ? "#182533" : "#ffffff"
    readonly property color outgoingBubble: dark ? "#2b5278" : "#e3fee0"
    readonly property color outgoingMeta: dark ? "#7da8d3" : "#4fae4e"
    readonly property color chatBackground: dark ? "#0e1621" : "#dbe6c9"
    readonly property color danger: "#e53935"
    readonly property color warning: dark ? "#4a3b12" : "#fff4d6"
    readonly property color warningText: dark ? "#ffd977" : "#6b5200"

    readonly property int spacing: 8
    readonly property int radius: 12
    readonly property int avatarSize: 48
    readonly property int fontSize: 15
    readonly property int smallFontSize: 12
    readonly property int headerHeight: 56
    // Width at and above which chat list and chat sit side by side.
    readonly property int twoPaneBreakpoint: 720
    readonly property int chatListPaneWidth: 340
}
