import QtQuick
import QtTest
import Messenger.Ui.Common

// The Avatar (docs/protocol.md §24): letters without a photo; the photo once it loads, over
// the letters; letters again when the photo does not decode or is removed. (The app's photo
// URLs come from the "image://avatar" provider, tested in tests/core/tst_photos_client; here
// a plain file stands in for it.)
TestCase {
    id: test
    name: "AvatarPhoto"
    width: 200
    height: 200
    visible: true
    when: windowShown

    Component {
        id: avatarComponent
        Avatar {
            name: "Alice"
            size: 64
        }
    }

    function letterOf(avatar) {
        for (let i = 0; i < avatar.children.length; ++i) {
            const child = avatar.children[i];
            if (child.text !== undefined)
                return child;
        }
        return null;
    }

    function test_letters_without_a_photo() {
        const avatar = createTemporaryObject(avatarComponent, test);
        verify(!avatar.showsPhoto);
        verify(letterOf(avatar).visible);
        compare(letterOf(avatar).text, "A");
        verify(avatar.color !== Qt.rgba(0, 0, 0, 0));
    }

    function test_photo_shown_once_it_loads() {
        const avatar = createTemporaryObject(avatarComponent, test,
                                             { photo: Qt.resolvedUrl("data/avatar_photo.png") });
        const photo = findChild(avatar, "avatarPhoto");
        tryCompare(photo, "status", Image.Ready);
        verify(avatar.showsPhoto);
        verify(!letterOf(avatar).visible);
        // Removed: the letters come back.
        avatar.photo = "";
        tryVerify(() => !avatar.showsPhoto);
        verify(letterOf(avatar).visible);
    }

    function test_letters_when_the_photo_does_not_decode() {
        const avatar = createTemporaryObject(avatarComponent, test,
                                             { photo: Qt.resolvedUrl("data/not_a_photo.png") });
        const photo = findChild(avatar, "avatarPhoto");
        tryCompare(photo, "status", Image.Error);
        verify(!avatar.showsPhoto);
        verify(letterOf(avatar).visible);
    }
}
