import QtQuick
import QtTest
import Messenger.Ui.Chats

// The unread badge shows the count and disappears when everything is read.
TestCase {
    id: test
    name: "UnreadBadge"
    width: 200
    height: 100
    visible: true
    when: windowShown

    Component {
        id: badgeComponent
        UnreadBadge {}
    }

    function test_hidden_at_zero() {
        const badge = createTemporaryObject(badgeComponent, test, { count: 0 });
        verify(!badge.visible);
    }

    function test_shows_the_count() {
        const badge = createTemporaryObject(badgeComponent, test, { count: 7 });
        verify(badge.visible);
        compare(findChild(badge, "unreadBadgeLabel").text, "7");
    }

    function test_hides_when_read() {
        const badge = createTemporaryObject(badgeComponent, test, { count: 2 });
        badge.count = 0;
        verify(!badge.visible);
    }

    function test_large_counts_are_capped() {
        const badge = createTemporaryObject(badgeComponent, test, { count: 12345 });
        compare(findChild(badge, "unreadBadgeLabel").text, "999+");
        verify(badge.width >= badge.height, "pill, never narrower than tall");
    }
}
