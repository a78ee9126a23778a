import QtQuick
import QtTest
import Messenger.Ui.Chats
import Messenger.Ui.Common

// A muted row shows the mute mark and a grey unread badge; the row's menu offers Telegram's mute
// times (1 hour, 8 hours, 2 days, forever) while the chat is heard, and "Unmute" once it is
// muted, and says which the user chose.
TestCase {
    id: test
    name: "ChatListMute"
    width: 400
    height: 200
    visible: true
    when: windowShown

    Component {
        id: rowComponent
        ChatListDelegate {
            width: 400
            title: "Team"
            lastText: "standup in 5"
            unreadCount: 3
        }
    }

    SignalSpy {
        id: requested
        signalName: "muteRequested"
    }

    function test_mark_and_badge_follow_the_muted_state() {
        const row = createTemporaryObject(rowComponent, test, { muted: false });
        const mark = findChild(row, "muteMark");
        const badge = findChild(row, "unreadBadgeLabel").parent;
        verify(mark);
        verify(!mark.visible);
        verify(Qt.colorEqual(badge.color, Theme.accent));
        row.muted = true;
        verify(mark.visible);
        verify(Qt.colorEqual(badge.color, Theme.secondaryText)); // grey: counted, not pressing
        compare(findChild(row, "unreadBadgeLabel").text, "3");
    }

    function test_menu_offers_the_mute_times_while_heard() {
        const row = createTemporaryObject(rowComponent, test, { muted: false });
        requested.clear();
        requested.target = row;
        // Shown on the open menu: items of a closed popup are never visible.
        row.openMenu();
        const menu = findChild(row, "chatRowMenu");
        tryCompare(menu, "opened", true);
        verify(findChild(row, "muteMenu").enabled);
        verify(!findChild(row, "unmuteMenuItem").visible);
        verify(findChild(row, "pinMenuItem").visible);
        menu.close();
        tryCompare(menu, "visible", false);
        const choices = [["muteHourMenuItem", 3600], ["muteEightHoursMenuItem", 8 * 3600],
                         ["muteTwoDaysMenuItem", 2 * 24 * 3600], ["muteForeverMenuItem", 0]];
        for (let i = 0; i < choices.length; ++i) {
            findChild(row, choices[i][0]).triggered();
            compare(requested.count, i + 1);
            compare(requested.signalArguments[i][0], true, choices[i][0]);
            compare(requested.signalArguments[i][1], choices[i][1], choices[i][0]);
        }
    }

    function test_a_muted_chat_offers_unmute() {
        const row = createTemporaryObject(rowComponent, test, { muted: true });
        requested.clear();
        requested.target = row;
        row.openMenu();
        const menu = findChild(row, "chatRowMenu");
        tryCompare(menu, "opened", true);
        verify(!findChild(row, "muteMenu").enabled);
        const unmute = findChild(row, "unmuteMenuItem");
        verify(unmute.visible);
        menu.close();
        tryCompare(menu, "visible", false);
        compare(unmute.text, "Unmute");
        unmute.triggered();
        compare(requested.count, 1);
        compare(requested.signalArguments[0][0], false);
    }
}
