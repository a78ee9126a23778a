<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>AccountSwitcher</name>
    <message>
        <source>Accounts</source>
        <translation>Аккаунты</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Новый аккаунт</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Удалить аккаунт</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>Добавить аккаунт</translation>
    </message>
    <message numerus="yes">
        <source>This app keeps up to %n accounts.</source>
        <translation>
            <numerusform>Здесь можно держать не больше %n аккаунта.</numerusform>
            <numerusform>Здесь можно держать не больше %n аккаунтов.</numerusform>
            <numerusform>Здесь можно держать не больше %n аккаунтов.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlockedBar</name>
    <message>
        <source>You blocked this user.</source>
        <translation>Вы заблокировали этого пользователя.</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Разблокировать</translation>
    </message>
</context>
<context>
    <name>ChannelBar</name>
    <message>
        <source>Unmute</source>
        <translation>Включить уведомления</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Отключить уведомления</translation>
    </message>
    <message>
        <source>Leave channel</source>
        <translation>Покинуть канал</translation>
    </message>
</context>
<context>
    <name>ChannelInfoPage</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Channel info</source>
        <translation>Информация о канале</translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n подписчик</numerusform>
            <numerusform>%n подписчика</numerusform>
            <numerusform>%n подписчиков</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit the title and description</source>
        <translation>Изменить название и описание</translation>
    </message>
    <message>
        <source>Channel title</source>
        <translation>Название канала</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Description (optional)</source>
        <translation>Описание (необязательно)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Private channel</source>
        <translation>Частный канал</translation>
    </message>
    <message>
        <source>You own this channel.</source>
        <translation>Вы владелец этого канала.</translation>
    </message>
    <message>
        <source>You are an admin of this channel.</source>
        <translation>Вы администратор этого канала.</translation>
    </message>
    <message>
        <source>You are subscribed.</source>
        <translation>Вы подписаны.</translation>
    </message>
    <message>
        <source>You are not subscribed to this channel.</source>
        <translation>Вы не подписаны на этот канал.</translation>
    </message>
    <message>
        <source>Owner and admins</source>
        <translation>Владелец и администраторы</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>владелец</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>Remove %1 from the admins?</source>
        <translation>Убрать %1 из администраторов?</translation>
    </message>
    <message>
        <source>Remove admin</source>
        <translation>Снять администратора</translation>
    </message>
    <message>
        <source>@username (several: separated by spaces)</source>
        <translation>@имя пользователя (несколько — через пробел)</translation>
    </message>
    <message>
        <source>Add subscribers</source>
        <translation>Добавить подписчиков</translation>
    </message>
    <message>
        <source>Make admin</source>
        <translation>Назначить администратором</translation>
    </message>
    <message>
        <source>Mute notifications</source>
        <translation>Отключить уведомления</translation>
    </message>
    <message>
        <source>Leave channel</source>
        <translation>Покинуть канал</translation>
    </message>
    <message>
        <source>Leave “%1”? You will no longer get its posts.</source>
        <translation>Покинуть «%1»? Вы больше не будете получать его публикации.</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Покинуть</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n участник</numerusform>
            <numerusform>%n участника</numerusform>
            <numerusform>%n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>Add members</source>
        <translation>Добавить участников</translation>
    </message>
    <message>
        <source>Remove from group</source>
        <translation>Удалить из группы</translation>
    </message>
    <message>
        <source>Leave group</source>
        <translation>Покинуть группу</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Участники</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Secret chat</source>
        <translation>Секретный чат</translation>
    </message>
    <message>
        <source>Encryption and self-destruct timer</source>
        <translation>Шифрование и таймер самоуничтожения</translation>
    </message>
    <message>
        <source>Start a secret chat</source>
        <translation>Начать секретный чат</translation>
    </message>
    <message>
        <source>Group info</source>
        <translation>Информация о группе</translation>
    </message>
</context>
<context>
    <name>ChatListDelegate</name>
    <message>
        <source>Unpin</source>
        <translation>Открепить</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>Закрепить</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Включить уведомления</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Отключить уведомления</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>На 1 час</translation>
    </message>
    <message>
        <source>For 8 hours</source>
        <translation>На 8 часов</translation>
    </message>
    <message>
        <source>For 2 days</source>
        <translation>На 2 дня</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>Навсегда</translation>
    </message>
</context>
<context>
    <name>ChatListPage</name>
    <message>
        <source>Close search</source>
        <translation>Закрыть поиск</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Чаты</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>Поиск сообщений</translation>
    </message>
    <message>
        <source>No chats yet. Start one with the pencil button.</source>
        <translation>Чатов пока нет. Начните чат кнопкой с карандашом.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message numerus="yes">
        <source>Accounts (%n unread)</source>
        <translation>
            <numerusform>Аккаунты (%n непрочитанное)</numerusform>
            <numerusform>Аккаунты (%n непрочитанных)</numerusform>
            <numerusform>Аккаунты (%n непрочитанных)</numerusform>
        </translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Аккаунты</translation>
    </message>
    <message>
        <source>New channel</source>
        <translation>Новый канал</translation>
    </message>
    <message>
        <source>Find channels</source>
        <translation>Найти каналы</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>My profile</source>
        <translation>Мой профиль</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Новая группа</translation>
    </message>
    <message>
        <source>Join group by link</source>
        <translation>Вступить в группу по ссылке</translation>
    </message>
</context>
<context>
    <name>ChatListRow</name>
    <message>
        <source>Secret chat</source>
        <translation>Секретный чат</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <source>Draft:</source>
        <translation>Черновик:</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n новое сообщение</numerusform>
            <numerusform>%n новых сообщения</numerusform>
            <numerusform>%n новых сообщений</numerusform>
        </translation>
    </message>
    <message>
        <source>Scroll to newest</source>
        <translation>К последним сообщениям</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Сохранить как</translation>
    </message>
    <message>
        <source>%1&apos;s key changed. Tap here to compare the safety number; sending is paused until you do.</source>
        <translation>Ключ собеседника %1 изменился. Нажмите здесь, чтобы сверить код безопасности; до этого отправка приостановлена.</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n участник</numerusform>
            <numerusform>%n участника</numerusform>
            <numerusform>%n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%n online</source>
        <translation>
            <numerusform>%n в сети</numerusform>
            <numerusform>%n в сети</numerusform>
            <numerusform>%n в сети</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n подписчик</numerusform>
            <numerusform>%n подписчика</numerusform>
            <numerusform>%n подписчиков</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel info</source>
        <translation>Информация о канале</translation>
    </message>
    <message>
        <source>Group info</source>
        <translation>Информация о группе</translation>
    </message>
</context>
<context>
    <name>CommentsPage</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n комментарий</numerusform>
            <numerusform>%n комментария</numerusform>
            <numerusform>%n комментариев</numerusform>
        </translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Комментарии</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Кто-то</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Не отправлено</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>No comments yet. Be the first!</source>
        <translation>Комментариев пока нет. Будьте первым!</translation>
    </message>
    <message>
        <source>Write a comment…</source>
        <translation>Напишите комментарий…</translation>
    </message>
    <message>
        <source>%L1 / %L2</source>
        <translation>%L1 / %L2</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Прикрепить файл</translation>
    </message>
    <message>
        <source>Too long: at most %L1 characters</source>
        <translation>Слишком длинно: не больше %L1 символов</translation>
    </message>
    <message>
        <source>%L1 / %L2</source>
        <translation>%L1 / %L2</translation>
    </message>
    <message numerus="yes">
        <source>%1 · sent as %n messages</source>
        <translation>
            <numerusform>%1 · будет отправлено %n сообщением</numerusform>
            <numerusform>%1 · будет отправлено %n сообщениями</numerusform>
            <numerusform>%1 · будет отправлено %n сообщениями</numerusform>
        </translation>
    </message>
    <message>
        <source>%1:%2</source>
        <translation>%1:%2</translation>
    </message>
    <message>
        <source>● %1 · release to send, slide away to cancel</source>
        <translation>● %1 · отпустите, чтобы отправить; уведите в сторону для отмены</translation>
    </message>
    <message>
        <source>● %1 · release to cancel</source>
        <translation>● %1 · отпустите для отмены</translation>
    </message>
    <message>
        <source>Hold to record a voice message</source>
        <translation>Удерживайте, чтобы записать голосовое сообщение</translation>
    </message>
</context>
<context>
    <name>ComposerFilesBar</name>
    <message numerus="yes">
        <source>%n file(s) · the text below is the caption</source>
        <translation>
            <numerusform>%n файл · текст ниже станет подписью</numerusform>
            <numerusform>%n файла · текст ниже станет подписью</numerusform>
            <numerusform>%n файлов · текст ниже станет подписью</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove all files</source>
        <translation>Убрать все файлы</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Убрать %1</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Waiting for network…</source>
        <translation>Ожидание сети…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>Обновление…</translation>
    </message>
    <message>
        <source>Not connecting: the server address is not encrypted</source>
        <translation>Нет подключения: адрес сервера не зашифрован</translation>
    </message>
    <message numerus="yes">
        <source>Cannot reach the server. Retrying in %n s</source>
        <translation>
            <numerusform>Нет связи с сервером. Повтор через %n с</numerusform>
            <numerusform>Нет связи с сервером. Повтор через %n с</numerusform>
            <numerusform>Нет связи с сервером. Повтор через %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation>Нет связи с сервером</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Повторить сейчас</translation>
    </message>
    <message numerus="yes">
        <source>%1. Retrying in %n s</source>
        <translation>
            <numerusform>%1. Повтор через %n с</numerusform>
            <numerusform>%1. Повтор через %n с</numerusform>
            <numerusform>%1. Повтор через %n с</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactErrors</name>
    <message>
        <source>Not connected: try again when online.</source>
        <translation>Нет соединения: попробуйте снова, когда появится сеть.</translation>
    </message>
    <message>
        <source>This username is taken.</source>
        <translation>Это имя пользователя уже занято.</translation>
    </message>
    <message>
        <source>A username is 3-32 characters of a-z, 0-9 and _, starting with a letter.</source>
        <translation>Имя пользователя — от 3 до 32 символов a-z, 0-9 и _, начинается с буквы.</translation>
    </message>
    <message>
        <source>No such user.</source>
        <translation>Такого пользователя нет.</translation>
    </message>
    <message>
        <source>Blocked: %1.</source>
        <translation>Заблокировано: %1.</translation>
    </message>
    <message>
        <source>Not now: %1.</source>
        <translation>Не сейчас: %1.</translation>
    </message>
    <message>
        <source>Too long: &quot;about&quot; holds at most 140 characters.</source>
        <translation>Слишком длинно: в «О себе» не больше 140 символов.</translation>
    </message>
</context>
<context>
    <name>ContactRow</name>
    <message>
        <source>@%1 · invitation denied</source>
        <translation>@%1 · приглашение отклонено</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Ещё</translation>
    </message>
    <message>
        <source>Remove from contacts</source>
        <translation>Удалить из контактов</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Заблокировать</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>No contacts yet. Invite someone by their username.</source>
        <translation>Контактов пока нет. Пригласите кого-нибудь по имени пользователя.</translation>
    </message>
    <message>
        <source>Invitations to you</source>
        <translation>Приглашения вам</translation>
    </message>
    <message>
        <source>Your invitations</source>
        <translation>Ваши приглашения</translation>
    </message>
    <message>
        <source>Blocked users</source>
        <translation>Заблокированные</translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>Username</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ваше имя</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Создать аккаунт</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Войти</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Delete message?</source>
        <translation>Удалить сообщение?</translation>
    </message>
    <message>
        <source>Delete it only on your devices, or for everyone in the chat?</source>
        <translation>Удалить только на ваших устройствах или у всех в чате?</translation>
    </message>
    <message>
        <source>It will be deleted on your devices; the others keep it.</source>
        <translation>Сообщение будет удалено на ваших устройствах; у остальных оно останется.</translation>
    </message>
    <message>
        <source>Delete for me</source>
        <translation>Удалить у меня</translation>
    </message>
    <message>
        <source>Delete for everyone</source>
        <translation>Удалить у всех</translation>
    </message>
    <message>
        <source>It will be deleted for everyone in the chat.</source>
        <translation>Сообщение будет удалено у всех в чате.</translation>
    </message>
    <message>
        <source>Only its sender and the admins can delete this message.</source>
        <translation>Удалить это сообщение могут только его автор и администраторы.</translation>
    </message>
</context>
<context>
    <name>DeliveryMark</name>
    <message>
        <source>Sending</source>
        <translation>Отправляется</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Прочитано</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Не отправлено</translation>
    </message>
</context>
<context>
    <name>DeviceRow</name>
    <message>
        <source>This device</source>
        <translation>Это устройство</translation>
    </message>
    <message>
        <source>Last seen %1</source>
        <translation>Был в сети %1</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Завершить сеанс</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Sign out %1?</source>
        <translation>Завершить сеанс «%1»?</translation>
    </message>
    <message>
        <source>That device will have to log in again to read or send messages.</source>
        <translation>Чтобы читать и отправлять сообщения, на том устройстве придётся войти снова.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Завершить сеанс</translation>
    </message>
</context>
<context>
    <name>EditBar</name>
    <message>
        <source>Editing</source>
        <translation>Редактирование</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Отменить редактирование</translation>
    </message>
</context>
<context>
    <name>EmptyChatPlaceholder</name>
    <message>
        <source>Select a chat to start messaging</source>
        <translation>Выберите чат, чтобы начать переписку</translation>
    </message>
</context>
<context>
    <name>FailedMessageBar</name>
    <message>
        <source>Send again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>FileBubble</name>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Скачать</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Forwarded from %1</source>
        <translation>Переслано от %1</translation>
    </message>
    <message>
        <source>Retry upload</source>
        <translation>Повторить отправку</translation>
    </message>
</context>
<context>
    <name>FindChannelsDialog</name>
    <message>
        <source>Find channels</source>
        <translation>Найти каналы</translation>
    </message>
    <message>
        <source>Channel name, title or description</source>
        <translation>Имя, название или описание канала</translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n подписчик</numerusform>
            <numerusform>%n подписчика</numerusform>
            <numerusform>%n подписчиков</numerusform>
        </translation>
    </message>
    <message>
        <source>No channels found</source>
        <translation>Каналы не найдены</translation>
    </message>
    <message>
        <source>Search needs a connection</source>
        <translation>Для поиска нужно подключение</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>Подписаться</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n участник</numerusform>
            <numerusform>%n участника</numerusform>
            <numerusform>%n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>Join group</source>
        <translation>Вступить в группу</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Forward to…</source>
        <translation>Переслать в…</translation>
    </message>
</context>
<context>
    <name>GroupAnswerText</name>
    <message>
        <source>Not connected: try again when online.</source>
        <translation>Нет подключения: повторите, когда появится сеть.</translation>
    </message>
    <message>
        <source>This link is invalid or was revoked.</source>
        <translation>Ссылка недействительна или отозвана.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Слишком много попыток. Повторите через %n минуту.</numerusform>
            <numerusform>Слишком много попыток. Повторите через %n минуты.</numerusform>
            <numerusform>Слишком много попыток. Повторите через %n минут.</numerusform>
        </translation>
    </message>
    <message>
        <source>You are not allowed to do this in this group.</source>
        <translation>В этой группе вам это не разрешено.</translation>
    </message>
    <message>
        <source>The group is too large for this.</source>
        <translation>Для этого группа слишком большая.</translation>
    </message>
    <message>
        <source>You cannot join: you or the link&apos;s author blocked the other.</source>
        <translation>Вступить нельзя: вы или автор ссылки заблокировали друг друга.</translation>
    </message>
</context>
<context>
    <name>GroupInfoPage</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Group info</source>
        <translation>Информация о группе</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n участник</numerusform>
            <numerusform>%n участника</numerusform>
            <numerusform>%n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename the group</source>
        <translation>Переименовать группу</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Название группы</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>You are not a member of this group.</source>
        <translation>Вы не состоите в этой группе.</translation>
    </message>
    <message>
        <source>Add members</source>
        <translation>Добавить участников</translation>
    </message>
    <message>
        <source>Leave group</source>
        <translation>Покинуть группу</translation>
    </message>
    <message>
        <source>Leave “%1”? You will no longer get its messages.</source>
        <translation>Покинуть «%1»? Вы больше не будете получать её сообщения.</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Покинуть</translation>
    </message>
    <message>
        <source>Make admin</source>
        <translation>Назначить администратором</translation>
    </message>
    <message>
        <source>Remove admin</source>
        <translation>Снять администратора</translation>
    </message>
    <message>
        <source>Remove from group</source>
        <translation>Удалить из группы</translation>
    </message>
    <message>
        <source>Remove %1 from the group?</source>
        <translation>Удалить %1 из группы?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Revoke the invite link? Nobody will be able to join by it any more; members who joined by it stay.</source>
        <translation>Отозвать ссылку-приглашение? По ней больше никто не сможет вступить; вступившие по ней участники останутся.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Отозвать</translation>
    </message>
    <message>
        <source>Upgrade to supergroup</source>
        <translation>Преобразовать в супергруппу</translation>
    </message>
    <message>
        <source>Upgrade “%1” to a supergroup? It can then have up to 200,000 members; the group keeps its history and takes no new messages.</source>
        <translation>Преобразовать «%1» в супергруппу? В ней может быть до 200 000 участников; у группы останется история, но новых сообщений в неё писать будет нельзя.</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Преобразовать</translation>
    </message>
</context>
<context>
    <name>HistorySearch</name>
    <message>
        <source>No messages found</source>
        <translation>Сообщения не найдены</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Previous photo</source>
        <translation>Предыдущее фото</translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation>Следующее фото</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>InviteField</name>
    <message>
        <source>Invite by username</source>
        <translation>Пригласить по имени пользователя</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Пригласить</translation>
    </message>
</context>
<context>
    <name>InviteLinkSection</name>
    <message>
        <source>Invite link</source>
        <translation>Ссылка-приглашение</translation>
    </message>
    <message>
        <source>Anyone with this link can join the group.</source>
        <translation>Любой, у кого есть эта ссылка, может вступить в группу.</translation>
    </message>
    <message>
        <source>Create a link anyone can use to join the group. Creating a new link disables the previous one.</source>
        <translation>Создайте ссылку, по которой любой сможет вступить в группу. Новая ссылка отключает предыдущую.</translation>
    </message>
    <message>
        <source>New link</source>
        <translation>Новая ссылка</translation>
    </message>
    <message>
        <source>Create link</source>
        <translation>Создать ссылку</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Отозвать</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>Ссылка скопирована.</translation>
    </message>
</context>
<context>
    <name>JoinByLinkDialog</name>
    <message>
        <source>Join group by link</source>
        <translation>Вступить в группу по ссылке</translation>
    </message>
    <message>
        <source>msgr://join/…</source>
        <translation>msgr://join/…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверить</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s), you are one of them</source>
        <translation>
            <numerusform>%n участник, вы среди них</numerusform>
            <numerusform>%n участника, вы среди них</numerusform>
            <numerusform>%n участников, вы среди них</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n участник</numerusform>
            <numerusform>%n участника</numerusform>
            <numerusform>%n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Вступить</translation>
    </message>
</context>
<context>
    <name>LanguageChoice</name>
    <message>
        <source>Same as the system</source>
        <translation>Как в системе</translation>
    </message>
</context>
<context>
    <name>LastSeenChoice</name>
    <message>
        <source>Who can see my last seen time</source>
        <translation>Кто видит время моего последнего визита</translation>
    </message>
    <message>
        <source>Everybody</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>My contacts</source>
        <translation>Мои контакты</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Никто</translation>
    </message>
    <message>
        <source>If you do not share your last seen time, you will not see other people&apos;s either.</source>
        <translation>Если вы скрываете время своего последнего визита, вы не увидите его и у других.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Messenger</source>
        <translation>Messenger</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Sign up</source>
        <translation>Регистрация</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Secret chat</source>
        <translation>Секретный чат</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>Выйти?</translation>
    </message>
    <message>
        <source>This device stops receiving messages until you log in again with your username and password.</source>
        <translation>Это устройство перестанет получать сообщения, пока вы снова не войдёте с именем пользователя и паролем.</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>%1 is signed out on this computer and its messages are deleted from it. The account itself stays: log in again to use it here.</source>
        <translation>На этом компьютере будет выполнен выход из %1, а его сообщения будут удалены с компьютера. Сам аккаунт останется: войдите снова, чтобы пользоваться им здесь.</translation>
    </message>
    <message>
        <source>Remove account?</source>
        <translation>Удалить аккаунт?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Аккаунты</translation>
    </message>
</context>
<context>
    <name>MediaBubble</name>
    <message>
        <source>%1:%2</source>
        <translation>%1:%2</translation>
    </message>
    <message>
        <source>Forwarded from %1</source>
        <translation>Переслано от %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Воспроизвести</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Retry upload</source>
        <translation>Повторить отправку</translation>
    </message>
</context>
<context>
    <name>MediaCache</name>
    <message>
        <source>The cached file is missing.</source>
        <translation>Файла нет в кэше.</translation>
    </message>
    <message>
        <source>The cached file is cut off.</source>
        <translation>Файл в кэше обрезан.</translation>
    </message>
    <message>
        <source>The cached file is damaged.</source>
        <translation>Файл в кэше повреждён.</translation>
    </message>
    <message>
        <source>The cached file&apos;s key is unusable.</source>
        <translation>Ключ файла в кэше непригоден.</translation>
    </message>
    <message>
        <source>The cached file could not be used.</source>
        <translation>Не удалось использовать файл из кэша.</translation>
    </message>
</context>
<context>
    <name>MemberRow</name>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>владелец</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>администратор</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <source>edited</source>
        <translation>изменено</translation>
    </message>
    <message>
        <source>Forwarded from %1</source>
        <translation>Переслано от %1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n комментарий</numerusform>
            <numerusform>%n комментария</numerusform>
            <numerusform>%n комментариев</numerusform>
        </translation>
    </message>
    <message>
        <source>Leave a comment</source>
        <translation>Оставить комментарий</translation>
    </message>
</context>
<context>
    <name>MessageMenu</name>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Переслать</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Открепить</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Закрепить</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Выбрать</translation>
    </message>
    <message>
        <source>Read by</source>
        <translation>Кто прочитал</translation>
    </message>
</context>
<context>
    <name>MoreAttachments</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>MyProfilePage</name>
    <message>
        <source>My profile</source>
        <translation>Мой профиль</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>About</source>
        <translation>О себе</translation>
    </message>
    <message>
        <source>A few words about you</source>
        <translation>Пара слов о себе</translation>
    </message>
    <message>
        <source>%1 / 140</source>
        <translation>%1 / 140</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
</context>
<context>
    <name>NewChannelDialog</name>
    <message>
        <source>New channel</source>
        <translation>Новый канал</translation>
    </message>
    <message>
        <source>Channel title</source>
        <translation>Название канала</translation>
    </message>
    <message>
        <source>Description (optional)</source>
        <translation>Описание (необязательно)</translation>
    </message>
    <message>
        <source>Public @name (optional)</source>
        <translation>Публичное @имя (необязательно)</translation>
    </message>
    <message>
        <source>Public: anyone can find it by its name, title or description.</source>
        <translation>Публичный: любой найдёт его по имени, названию или описанию.</translation>
    </message>
    <message>
        <source>Private: only people you add can read it.</source>
        <translation>Частный: читать его смогут только те, кого вы добавите.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
</context>
<context>
    <name>NewChatDialog</name>
    <message>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>No users found</source>
        <translation>Пользователи не найдены</translation>
    </message>
    <message>
        <source>Search needs a connection</source>
        <translation>Для поиска нужно подключение</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <source>New group</source>
        <translation>Новая группа</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Название группы</translation>
    </message>
    <message>
        <source>Add members</source>
        <translation>Добавить участников</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) picked</source>
        <translation>
            <numerusform>Выбран %n участник</numerusform>
            <numerusform>Выбрано %n участника</numerusform>
            <numerusform>Выбрано %n участников</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Создание…</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
</context>
<context>
    <name>PassphraseChange</name>
    <message>
        <source>This profile&apos;s key is kept in the system keychain: there is no passphrase to change.</source>
        <translation>Ключ этого профиля хранится в системной связке ключей: менять пароль шифрования не нужно.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Текущий пароль шифрования</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новый пароль шифрования</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Новый пароль шифрования ещё раз</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Меняем…</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Сменить пароль шифрования</translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation>Пароль шифрования изменён. Теперь используйте новый.</translation>
    </message>
</context>
<context>
    <name>PassphraseForm</name>
    <message>
        <source>No system keychain was found. Choose a passphrase to encrypt your messages on this device.</source>
        <translation>Системное хранилище ключей не найдено. Задайте пароль, которым будут зашифрованы ваши сообщения на этом устройстве.</translation>
    </message>
    <message>
        <source>Enter the passphrase that protects your messages on this device.</source>
        <translation>Введите пароль, который защищает ваши сообщения на этом устройстве.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Пароль шифрования</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>Повторите пароль шифрования</translation>
    </message>
    <message>
        <source>At least %1 characters</source>
        <translation>Не менее %1 символов</translation>
    </message>
    <message>
        <source>The passphrases differ</source>
        <translation>Пароли не совпадают</translation>
    </message>
    <message>
        <source>Set passphrase</source>
        <translation>Задать пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
</context>
<context>
    <name>PhotoBubble</name>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Forwarded from %1</source>
        <translation>Переслано от %1</translation>
    </message>
    <message>
        <source>Retry upload</source>
        <translation>Повторить отправку</translation>
    </message>
</context>
<context>
    <name>PhotoButtons</name>
    <message>
        <source>Uploading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Set photo</source>
        <translation>Установить фото</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Удалить фото</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>Выберите фото</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</source>
        <translation>Изображения (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</translation>
    </message>
</context>
<context>
    <name>PhotoChanger</name>
    <message>
        <source>Not connected to the server.</source>
        <translation>Нет соединения с сервером.</translation>
    </message>
    <message>
        <source>Only the owner and admins can do this.</source>
        <translation>Это могут только владелец и администраторы.</translation>
    </message>
    <message>
        <source>The photo is too large.</source>
        <translation>Фото слишком большое.</translation>
    </message>
    <message>
        <source>A photo is already being changed.</source>
        <translation>Фото уже меняется.</translation>
    </message>
    <message>
        <source>The photo could not be saved.</source>
        <translation>Не удалось сохранить фото.</translation>
    </message>
</context>
<context>
    <name>PhotoPreparation</name>
    <message>
        <source>The picture is too large.</source>
        <translation>Изображение слишком большое.</translation>
    </message>
    <message>
        <source>This file is not a picture that can be used.</source>
        <translation>Этот файл нельзя использовать как изображение.</translation>
    </message>
    <message>
        <source>The picture could not be converted.</source>
        <translation>Не удалось преобразовать изображение.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Файл не читается.</translation>
    </message>
</context>
<context>
    <name>PinnedBar</name>
    <message>
        <source>Pinned message · %1</source>
        <translation>Закреплённое сообщение · %1</translation>
    </message>
    <message>
        <source>Pinned message</source>
        <translation>Закреплённое сообщение</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Открепить</translation>
    </message>
</context>
<context>
    <name>ProxyChoice</name>
    <message>
        <source>No proxy</source>
        <translation>Без прокси</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Системные настройки прокси</translation>
    </message>
    <message>
        <source>SOCKS5 proxy</source>
        <translation>Прокси SOCKS5</translation>
    </message>
    <message>
        <source>HTTP proxy (CONNECT)</source>
        <translation>Прокси HTTP (CONNECT)</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>необязательно</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>saved (unchanged)</source>
        <translation>сохранён (без изменений)</translation>
    </message>
    <message>
        <source>Save and reconnect</source>
        <translation>Сохранить и переподключиться</translation>
    </message>
    <message>
        <source>This run uses the proxy given on the command line.</source>
        <translation>Сейчас используется прокси, заданный в командной строке.</translation>
    </message>
</context>
<context>
    <name>QuoteBlock</name>
    <message>
        <source>Deleted message</source>
        <translation>Удалённое сообщение</translation>
    </message>
</context>
<context>
    <name>ReadersPopup</name>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Read by</source>
        <translation>Кто прочитал</translation>
    </message>
    <message numerus="yes">
        <source>Read by %n</source>
        <translation>
            <numerusform>Прочитал %n</numerusform>
            <numerusform>Прочитали %n</numerusform>
            <numerusform>Прочитали %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>received by %n</source>
        <translation>
            <numerusform>получил %n</numerusform>
            <numerusform>получили %n</numerusform>
            <numerusform>получили %n</numerusform>
        </translation>
    </message>
    <message>
        <source>read</source>
        <translation>прочитано</translation>
    </message>
    <message>
        <source>received</source>
        <translation>получено</translation>
    </message>
    <message>
        <source>not received yet</source>
        <translation>ещё не получено</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>ReplyBar</name>
    <message>
        <source>Reply to %1</source>
        <translation>В ответ %1</translation>
    </message>
    <message>
        <source>Cancel reply</source>
        <translation>Отменить ответ</translation>
    </message>
</context>
<context>
    <name>SecretAttachments</name>
    <message>
        <source>The file cannot be read.</source>
        <translation>Файл не читается.</translation>
    </message>
    <message>
        <source>Files in secret chats are limited to 3.9 GiB.</source>
        <translation>Файлы в секретных чатах ограничены 3,9 ГиБ.</translation>
    </message>
    <message>
        <source>The profile&apos;s folder cannot be written.</source>
        <translation>В папку профиля нельзя записать.</translation>
    </message>
    <message>
        <source>The file could not be encrypted.</source>
        <translation>Файл не удалось зашифровать.</translation>
    </message>
    <message>
        <source>The file changed after it began to be sent.</source>
        <translation>Файл изменился после начала отправки.</translation>
    </message>
    <message>
        <source>The file was not sent.</source>
        <translation>Файл не отправлен.</translation>
    </message>
</context>
<context>
    <name>SecretChatDialog</name>
    <message>
        <source>Secret chat</source>
        <translation>Секретный чат</translation>
    </message>
    <message>
        <source>Messages here are encrypted on this device and can be read only on %1&apos;s device. Compare the emoji or the numbers below with theirs: if they match, nobody is in between.</source>
        <translation>Сообщения здесь шифруются на этом устройстве, и прочитать их можно только на устройстве собеседника %1. Сверьте эмодзи или числа ниже с теми, что у него: если они совпадают, посредника нет.</translation>
    </message>
    <message>
        <source>%1&apos;s key changed. Sending is paused until you compare the new safety number with them.</source>
        <translation>Ключ собеседника %1 изменился. Отправка приостановлена, пока вы не сверите с ним новый код безопасности.</translation>
    </message>
    <message>
        <source>It matches: accept the new key</source>
        <translation>Совпадает: принять новый ключ</translation>
    </message>
    <message>
        <source>The keys of this chat are not known yet.</source>
        <translation>Ключи этого чата пока неизвестны.</translation>
    </message>
    <message>
        <source>Self-destruct timer</source>
        <translation>Таймер самоуничтожения</translation>
    </message>
    <message>
        <source>Messages sent after the timer is set disappear from both devices that long after they are read.</source>
        <translation>Сообщения, отправленные после установки таймера, исчезают с обоих устройств через это время после прочтения.</translation>
    </message>
</context>
<context>
    <name>SecretDownload</name>
    <message>
        <source>The file was damaged or tampered with: it was not kept (%1).</source>
        <translation>Файл повреждён или подменён: он не сохранён (%1).</translation>
    </message>
</context>
<context>
    <name>SelectionBar</name>
    <message numerus="yes">
        <source>%n message(s) selected</source>
        <translation>
            <numerusform>Выбрано %n сообщение</numerusform>
            <numerusform>Выбрано %n сообщения</numerusform>
            <numerusform>Выбрано %n сообщений</numerusform>
        </translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Переслать</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>SendFailureText</name>
    <message>
        <source>Not sent: longer than %L1 characters.</source>
        <translation>Не отправлено: длиннее %L1 символов.</translation>
    </message>
    <message>
        <source>Not sent: one of you has blocked the other.</source>
        <translation>Не отправлено: один из вас заблокировал другого.</translation>
    </message>
    <message>
        <source>Not sent: this chat no longer exists or you are no longer in it.</source>
        <translation>Не отправлено: этого чата больше нет или вы больше в нём не состоите.</translation>
    </message>
    <message>
        <source>Not sent: you may not write here.</source>
        <translation>Не отправлено: вам нельзя писать сюда.</translation>
    </message>
    <message>
        <source>Not sent: the other device of this secret chat no longer exists.</source>
        <translation>Не отправлено: другого устройства этого секретного чата больше нет.</translation>
    </message>
    <message>
        <source>Not sent: the server refused this message.</source>
        <translation>Не отправлено: сервер отклонил это сообщение.</translation>
    </message>
</context>
<context>
    <name>ServiceMessageText</name>
    <message>
        <source>someone</source>
        <translation>кто-то</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 и %2</translation>
    </message>
    <message>
        <source>%1 created the group “%2”</source>
        <translation>%1 создаёт группу «%2»</translation>
    </message>
    <message>
        <source>%1 changed the group name to “%2”</source>
        <translation>%1 меняет название группы на «%2»</translation>
    </message>
    <message>
        <source>%1 added %2</source>
        <translation>%1 добавляет %2</translation>
    </message>
    <message>
        <source>%1 removed %2</source>
        <translation>%1 удаляет %2</translation>
    </message>
    <message>
        <source>%1 left the group</source>
        <translation>%1 покидает группу</translation>
    </message>
    <message>
        <source>%1 upgraded the group to a supergroup</source>
        <translation>%1 преобразует группу в супергруппу</translation>
    </message>
    <message>
        <source>%1 changed the group photo</source>
        <translation>%1 меняет фото группы</translation>
    </message>
    <message>
        <source>%1 removed the group photo</source>
        <translation>%1 удаляет фото группы</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>Notify about new messages</source>
        <translation>Уведомлять о новых сообщениях</translation>
    </message>
    <message>
        <source>Show the sender and the text</source>
        <translation>Показывать отправителя и текст</translation>
    </message>
    <message>
        <source>Privacy and security</source>
        <translation>Конфиденциальность и безопасность</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Прокси</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Память устройства</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Пароль шифрования</translation>
    </message>
</context>
<context>
    <name>StorageUsageView</name>
    <message>
        <source>Total</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>Messages and settings (database)</source>
        <translation>Сообщения и настройки (база данных)</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Фотографии</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>Other (downloads in progress, secret chats)</source>
        <translation>Прочее (незавершённые загрузки, секретные чаты)</translation>
    </message>
    <message>
        <source>Files waiting to be sent</source>
        <translation>Файлы, ожидающие отправки</translation>
    </message>
    <message>
        <source>Clear cache</source>
        <translation>Очистить кэш</translation>
    </message>
    <message>
        <source>Delete %1 of downloaded photos and files from this device? They stay in your chats and are downloaded again when you open them.</source>
        <translation>Удалить с этого устройства %1 загруженных фотографий и файлов? Они останутся в чатах и загрузятся снова, когда вы их откроете.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) deleted, %1 freed.</source>
        <translation>
            <numerusform>Удалён %n файл, освобождено %1.</numerusform>
            <numerusform>Удалено %n файла, освобождено %1.</numerusform>
            <numerusform>Удалено %n файлов, освобождено %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThemeChoice</name>
    <message>
        <source>Same as the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
</context>
<context>
    <name>TransportNotice</name>
    <message>
        <source>Allow unencrypted connections to this server</source>
        <translation>Разрешить незашифрованное подключение к этому серверу</translation>
    </message>
</context>
<context>
    <name>UpgradedBar</name>
    <message>
        <source>This group was upgraded to a supergroup</source>
        <translation>Эта группа преобразована в супергруппу</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
</context>
<context>
    <name>UserPicker</name>
    <message>
        <source>Remove %1</source>
        <translation>Убрать %1</translation>
    </message>
    <message>
        <source>Search by username</source>
        <translation>Поиск по имени пользователя</translation>
    </message>
    <message>
        <source>No users found</source>
        <translation>Пользователи не найдены</translation>
    </message>
    <message>
        <source>Search needs a connection</source>
        <translation>Для поиска нужно подключение</translation>
    </message>
</context>
<context>
    <name>UserProfilePage</name>
    <message>
        <source>last seen %1</source>
        <translation>был(а) в сети %1</translation>
    </message>
    <message>
        <source>last seen recently</source>
        <translation>был(а) недавно</translation>
    </message>
    <message>
        <source>last seen within a week</source>
        <translation>был(а) на этой неделе</translation>
    </message>
    <message>
        <source>last seen within a month</source>
        <translation>был(а) в этом месяце</translation>
    </message>
    <message>
        <source>last seen a long time ago</source>
        <translation>был(а) давно</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>You blocked this user.</source>
        <translation>Вы заблокировали этого пользователя.</translation>
    </message>
    <message>
        <source>In your contacts</source>
        <translation>В ваших контактах</translation>
    </message>
    <message>
        <source>Invitation sent</source>
        <translation>Приглашение отправлено</translation>
    </message>
    <message>
        <source>Invited you to their contacts</source>
        <translation>Приглашает вас в контакты</translation>
    </message>
    <message>
        <source>Your invitation was denied</source>
        <translation>Ваше приглашение отклонено</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Написать</translation>
    </message>
    <message>
        <source>Accept invitation</source>
        <translation>Принять приглашение</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Добавить в контакты</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Заблокировать</translation>
    </message>
</context>
<context>
    <name>msgr::core::AccountConnection</name>
    <message>
        <source>The server address is not encrypted (ws://); connecting to it was refused</source>
        <translation>Адрес сервера не зашифрован (ws://); подключение к нему отклонено</translation>
    </message>
    <message>
        <source>The server address is not a ws:// or wss:// address</source>
        <translation>Адрес сервера не является адресом ws:// или wss://</translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation>Сервер недоступен</translation>
    </message>
    <message>
        <source>The proxy refused the user name or password</source>
        <translation>Прокси отклонил имя пользователя или пароль</translation>
    </message>
    <message>
        <source>Cannot reach the proxy</source>
        <translation>Нет связи с прокси</translation>
    </message>
</context>
<context>
    <name>msgr::core::ChannelDirectory</name>
    <message>
        <source>Not connected: try again when online.</source>
        <translation>Нет подключения: попробуйте снова, когда появится сеть.</translation>
    </message>
    <message>
        <source>That @name is taken: choose another.</source>
        <translation>Это @имя занято: выберите другое.</translation>
    </message>
    <message>
        <source>A public name is 3 to 32 letters a-z, digits or _, starting with a letter.</source>
        <translation>Публичное имя — от 3 до 32 латинских букв a-z, цифр или _, начинается с буквы.</translation>
    </message>
    <message>
        <source>Too long.</source>
        <translation>Слишком длинно.</translation>
    </message>
    <message>
        <source>Only the channel&apos;s owner and admins can do that.</source>
        <translation>Это могут только владелец и администраторы канала.</translation>
    </message>
    <message>
        <source>No such channel.</source>
        <translation>Такого канала нет.</translation>
    </message>
    <message>
        <source>You are subscribed to as many channels as allowed.</source>
        <translation>Вы подписаны на максимальное число каналов.</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>Сервер отклонил: %1</translation>
    </message>
    <message>
        <source>A channel needs a title.</source>
        <translation>У канала должно быть название.</translation>
    </message>
</context>
<context>
    <name>msgr::core::ChannelInfo</name>
    <message>
        <source>Too long: a title has at most %1 characters, a description at most %2.</source>
        <translation>Слишком длинно: в названии не больше %1 символов, в описании — не больше %2.</translation>
    </message>
    <message>
        <source>You and one of these users have blocked each other: nobody was added.</source>
        <translation>Вы и один из этих пользователей заблокировали друг друга: никто не добавлен.</translation>
    </message>
    <message>
        <source>No such user or channel: nothing was changed.</source>
        <translation>Нет такого пользователя или канала: ничего не изменено.</translation>
    </message>
    <message>
        <source>That user is not subscribed to the channel.</source>
        <translation>Этот пользователь не подписан на канал.</translation>
    </message>
    <message>
        <source>A channel needs a title.</source>
        <translation>У канала должно быть название.</translation>
    </message>
    <message>
        <source>No user is named @%1.</source>
        <translation>Нет пользователя с именем @%1.</translation>
    </message>
    <message>
        <source>Type the @usernames of the people to add.</source>
        <translation>Введите @имена пользователей, которых нужно добавить.</translation>
    </message>
    <message>
        <source>At most %1 people can be added at once.</source>
        <translation>За один раз можно добавить не больше %1 человек.</translation>
    </message>
    <message>
        <source>One of these users is subscribed to as many channels as allowed (%1): nobody was added.</source>
        <translation>Один из этих пользователей подписан на максимальное число каналов (%1): никто не добавлен.</translation>
    </message>
    <message>
        <source>Type one @username.</source>
        <translation>Введите одно @имя пользователя.</translation>
    </message>
    <message>
        <source>A channel has at most %1 admins besides its owner.</source>
        <translation>У канала может быть не больше %1 администраторов, кроме владельца.</translation>
    </message>
</context>
<context>
    <name>msgr::core::ChatListModel</name>
    <message>
        <source>Photo</source>
        <translation>Фото</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Видео</translation>
    </message>
    <message>
        <source>Voice message</source>
        <translation>Голосовое сообщение</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Аудио</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
</context>
<context>
    <name>msgr::core::CommentsThread</name>
    <message>
        <source>Not connected: the comment is sent when online.</source>
        <translation>Нет соединения: комментарий отправится, когда связь появится.</translation>
    </message>
    <message>
        <source>Not connected: the comments load when online.</source>
        <translation>Нет соединения: комментарии загрузятся, когда связь появится.</translation>
    </message>
    <message>
        <source>Subscribe to the channel to comment.</source>
        <translation>Подпишитесь на канал, чтобы комментировать.</translation>
    </message>
    <message>
        <source>Only the comment&apos;s author and the channel&apos;s owner and admins can delete it.</source>
        <translation>Удалить комментарий могут только его автор, владелец и администраторы канала.</translation>
    </message>
    <message numerus="yes">
        <source>Too many comments at once: try again in %n second(s).</source>
        <translation>
            <numerusform>Слишком много комментариев сразу: попробуйте через %n секунду.</numerusform>
            <numerusform>Слишком много комментариев сразу: попробуйте через %n секунды.</numerusform>
            <numerusform>Слишком много комментариев сразу: попробуйте через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>A comment has at most %1 characters.</source>
        <translation>В комментарии не больше %1 символов.</translation>
    </message>
    <message>
        <source>This channel is private or gone.</source>
        <translation>Этот канал закрытый или удалён.</translation>
    </message>
    <message>
        <source>This post cannot have comments.</source>
        <translation>Этот пост нельзя комментировать.</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>Сервер отказал: %1</translation>
    </message>
    <message>
        <source>A comment cannot be empty.</source>
        <translation>Комментарий не может быть пустым.</translation>
    </message>
</context>
<context>
    <name>msgr::core::ComposerFiles</name>
    <message numerus="yes">
        <source>At most %n files in one message: %1 was not added.</source>
        <translation>
            <numerusform>Не больше %n файла в одном сообщении: %1 не добавлен.</numerusform>
            <numerusform>Не больше %n файлов в одном сообщении: %1 не добавлен.</numerusform>
            <numerusform>Не больше %n файлов в одном сообщении: %1 не добавлен.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::DownloadManager</name>
    <message>
        <source>Not a file id: %1</source>
        <translation>Не идентификатор файла: %1</translation>
    </message>
    <message>
        <source>Files are limited to 4 GiB.</source>
        <translation>Размер файла ограничен 4 ГиБ.</translation>
    </message>
    <message>
        <source>The profile could not be written.</source>
        <translation>Не удалось записать профиль.</translation>
    </message>
    <message>
        <source>No such download.</source>
        <translation>Такой загрузки нет.</translation>
    </message>
    <message>
        <source>The download is not finished.</source>
        <translation>Скачивание не завершено.</translation>
    </message>
    <message>
        <source>The file is too large to show.</source>
        <translation>Файл слишком велик, чтобы его показать.</translation>
    </message>
</context>
<context>
    <name>msgr::core::DownloadTransfer</name>
    <message>
        <source>The server&apos;s answer did not fit the request (HTTP %1).</source>
        <translation>Ответ сервера не соответствует запросу (HTTP %1).</translation>
    </message>
    <message>
        <source>The server sent a range of another version of the file.</source>
        <translation>Сервер прислал часть другой версии файла.</translation>
    </message>
    <message>
        <source>The file kept changing while it was downloaded.</source>
        <translation>Файл менялся во время скачивания.</translation>
    </message>
    <message>
        <source>The server sent more than the file&apos;s length.</source>
        <translation>Сервер прислал больше, чем длина файла.</translation>
    </message>
    <message>
        <source>The download was cut short.</source>
        <translation>Скачивание прервалось.</translation>
    </message>
    <message>
        <source>Waiting for the account to sign in again.</source>
        <translation>Ожидание повторного входа в аккаунт.</translation>
    </message>
    <message>
        <source>The server has no such file for this account (HTTP %1).</source>
        <translation>У сервера нет такого файла для этого аккаунта (HTTP %1).</translation>
    </message>
    <message>
        <source>The server could not send the rest of the file (HTTP 416).</source>
        <translation>Сервер не смог прислать оставшуюся часть файла (HTTP 416).</translation>
    </message>
    <message>
        <source>The server is busy (HTTP %1).</source>
        <translation>Сервер занят (HTTP %1).</translation>
    </message>
    <message>
        <source>The server refused the download (HTTP %1).</source>
        <translation>Сервер отклонил скачивание (HTTP %1).</translation>
    </message>
</context>
<context>
    <name>msgr::core::GroupCreator</name>
    <message>
        <source>A group needs a name.</source>
        <translation>У группы должно быть название.</translation>
    </message>
    <message numerus="yes">
        <source>A group&apos;s name has at most %n characters.</source>
        <translation>
            <numerusform>Название группы — не больше %n символа.</numerusform>
            <numerusform>Название группы — не больше %n символов.</numerusform>
            <numerusform>Название группы — не больше %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected: try again when online.</source>
        <translation>Нет подключения: повторите, когда появится сеть.</translation>
    </message>
</context>
<context>
    <name>msgr::core::GroupInfoModel</name>
    <message>
        <source>Not connected: try again when online.</source>
        <translation>Нет подключения: повторите, когда появится сеть.</translation>
    </message>
    <message>
        <source>A group needs a name.</source>
        <translation>У группы должно быть название.</translation>
    </message>
</context>
<context>
    <name>msgr::core::InviteJoiner</name>
    <message>
        <source>This is not an invite link. It looks like %1…</source>
        <translation>Это не ссылка-приглашение. Она выглядит так: %1…</translation>
    </message>
</context>
<context>
    <name>msgr::core::MediaPlayback</name>
    <message>
        <source>The file cannot be played.</source>
        <translation>Файл нельзя воспроизвести.</translation>
    </message>
</context>
<context>
    <name>msgr::core::MediaService</name>
    <message>
        <source>The file is not downloaded.</source>
        <translation>Файл не скачан.</translation>
    </message>
</context>
<context>
    <name>msgr::core::MessageActions</name>
    <message>
        <source>Not connected; try again when online.</source>
        <translation>Нет соединения; попробуйте снова, когда появится сеть.</translation>
    </message>
</context>
<context>
    <name>msgr::core::MessageListModel</name>
    <message>
        <source>Nothing to save.</source>
        <translation>Нечего сохранять.</translation>
    </message>
</context>
<context>
    <name>msgr::core::MessageNotifier</name>
    <message>
        <source>Messenger</source>
        <translation>Messenger</translation>
    </message>
    <message>
        <source>New message</source>
        <translation>Новое сообщение</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Кто-то</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 в «%2»</translation>
    </message>
</context>
<context>
    <name>msgr::core::Presence</name>
    <message>
        <source>online</source>
        <translation>в сети</translation>
    </message>
    <message>
        <source>last seen recently</source>
        <translation>был(а) недавно</translation>
    </message>
    <message>
        <source>last seen within a week</source>
        <translation>был(а) на этой неделе</translation>
    </message>
    <message>
        <source>last seen within a month</source>
        <translation>был(а) в этом месяце</translation>
    </message>
    <message>
        <source>last seen a long time ago</source>
        <translation>был(а) давно</translation>
    </message>
    <message>
        <source>last seen just now</source>
        <translation>был(а) только что</translation>
    </message>
    <message numerus="yes">
        <source>last seen %n minute(s) ago</source>
        <translation>
            <numerusform>был(а) %n минуту назад</numerusform>
            <numerusform>был(а) %n минуты назад</numerusform>
            <numerusform>был(а) %n минут назад</numerusform>
        </translation>
    </message>
    <message>
        <source>last seen today at %1</source>
        <translation>был(а) сегодня в %1</translation>
    </message>
    <message>
        <source>last seen yesterday at %1</source>
        <translation>был(а) вчера в %1</translation>
    </message>
    <message>
        <source>last seen %1</source>
        <translation>был(а) %1</translation>
    </message>
</context>
<context>
    <name>msgr::core::ProxySettings</name>
    <message>
        <source>Enter the proxy&apos;s host name or address</source>
        <translation>Укажите имя или адрес сервера прокси</translation>
    </message>
    <message>
        <source>The proxy&apos;s host is not a valid host name or address</source>
        <translation>Сервер прокси — не допустимое имя или адрес</translation>
    </message>
    <message>
        <source>The proxy&apos;s port is a number from 1 to 65535</source>
        <translation>Порт прокси — число от 1 до 65535</translation>
    </message>
    <message>
        <source>The proxy&apos;s user name and password have at most %1 characters each</source>
        <translation>Имя пользователя и пароль прокси — не длиннее %1 символов каждый</translation>
    </message>
    <message>
        <source>A proxy password needs a user name</source>
        <translation>Для пароля прокси нужно имя пользователя</translation>
    </message>
    <message>
        <source>A proxy is socks5://host:port or http://host:port (with an optional user:password@), &quot;system&quot; or &quot;off&quot;</source>
        <translation>Прокси задаётся как socks5://сервер:порт или http://сервер:порт (можно с user:password@), «system» или «off»</translation>
    </message>
    <message>
        <source>The proxy address is not valid</source>
        <translation>Недопустимый адрес прокси</translation>
    </message>
</context>
<context>
    <name>msgr::core::SecretChatService</name>
    <message>
        <source>not connected</source>
        <translation>нет подключения</translation>
    </message>
    <message>
        <source>device %1 of that user has no secret-chat keys</source>
        <translation>у устройства %1 этого пользователя нет ключей секретных чатов</translation>
    </message>
    <message>
        <source>that user has no device with secret-chat keys</source>
        <translation>у этого пользователя нет устройства с ключами секретных чатов</translation>
    </message>
</context>
<context>
    <name>msgr::core::Session</name>
    <message>
        <source>Wrong username or password</source>
        <translation>Неверное имя пользователя или пароль</translation>
    </message>
    <message>
        <source>This username is taken</source>
        <translation>Это имя пользователя уже занято</translation>
    </message>
    <message>
        <source>A username has 3 to 32 characters: a-z, 0-9 and _, starting with a letter</source>
        <translation>Имя пользователя: от 3 до 32 символов a-z, 0-9 и _, начинается с буквы</translation>
    </message>
    <message>
        <source>A password has 8 to 256 characters</source>
        <translation>Пароль: от 8 до 256 символов</translation>
    </message>
    <message>
        <source>Too many attempts; try again later</source>
        <translation>Слишком много попыток; попробуйте позже</translation>
    </message>
    <message>
        <source>This device was signed out</source>
        <translation>Сеанс этого устройства завершён</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>Cannot create the profile directory %1</source>
        <translation>Не удалось создать папку профиля %1</translation>
    </message>
    <message>
        <source>Wrong passphrase</source>
        <translation>Неверный пароль шифрования</translation>
    </message>
    <message>
        <source>The key of this profile is missing from the keychain</source>
        <translation>Ключа этого профиля нет в хранилище ключей</translation>
    </message>
    <message>
        <source>The keychain refused: %1</source>
        <translation>Хранилище ключей отказало: %1</translation>
    </message>
    <message>
        <source>This profile has no passphrase yet; create one</source>
        <translation>У этого профиля ещё нет пароля шифрования; задайте его</translation>
    </message>
    <message>
        <source>This profile already has a passphrase</source>
        <translation>У этого профиля уже есть пароль шифрования</translation>
    </message>
    <message>
        <source>A passphrase has at least %1 characters</source>
        <translation>Пароль шифрования: не менее %1 символов</translation>
    </message>
    <message>
        <source>Cannot open the profile: %1</source>
        <translation>Не удалось открыть профиль: %1</translation>
    </message>
    <message>
        <source>The server address %1 is not encrypted (ws://). Anyone on the network between you and the server could read your messages and take over your account, so the app does not connect. Ask for a wss:// address, or allow unencrypted connections only on a network you fully trust.</source>
        <translation>Адрес сервера %1 не зашифрован (ws://). Любой в сети между вами и сервером мог бы читать ваши сообщения и захватить ваш аккаунт, поэтому приложение не подключается. Попросите адрес wss:// или разрешите незашифрованное подключение только в сети, которой полностью доверяете.</translation>
    </message>
    <message>
        <source>Unencrypted connection (ws://) allowed: anyone on the network between you and the server can read your messages and take over your account.</source>
        <translation>Незашифрованное подключение (ws://) разрешено: любой в сети между вами и сервером может читать ваши сообщения и захватить ваш аккаунт.</translation>
    </message>
    <message>
        <source>The server address &quot;%1&quot; is not a ws:// or wss:// address.</source>
        <translation>Адрес сервера «%1» не является адресом ws:// или wss://.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вход не выполнен</translation>
    </message>
    <message>
        <source>This user has no device that can take a secret chat yet.</source>
        <translation>У этого пользователя пока нет устройства, поддерживающего секретные чаты.</translation>
    </message>
    <message>
        <source>Not connected: try again once online.</source>
        <translation>Нет соединения: попробуйте снова, когда появится сеть.</translation>
    </message>
    <message>
        <source>The secret chat could not be started. Try again later.</source>
        <translation>Не удалось начать секретный чат. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The chat&apos;s notifications could not be changed.</source>
        <translation>Не удалось изменить уведомления чата.</translation>
    </message>
    <message>
        <source>Unknown proxy type</source>
        <translation>Неизвестный тип прокси</translation>
    </message>
    <message>
        <source>The profile is not open yet</source>
        <translation>Профиль ещё не открыт</translation>
    </message>
    <message>
        <source>The proxy refused the user name or password</source>
        <translation>Прокси отклонил имя пользователя или пароль</translation>
    </message>
    <message>
        <source>Cannot reach the proxy</source>
        <translation>Нет связи с прокси</translation>
    </message>
    <message>
        <source>The passphrase is being changed already</source>
        <translation>Пароль шифрования уже меняется</translation>
    </message>
    <message>
        <source>This profile&apos;s key is kept in the system keychain, not under a passphrase</source>
        <translation>Ключ этого профиля хранится в системной связке ключей, а не под паролем шифрования</translation>
    </message>
    <message>
        <source>Enter the current passphrase</source>
        <translation>Введите текущий пароль шифрования</translation>
    </message>
    <message>
        <source>The new passphrases do not match</source>
        <translation>Новые пароли шифрования не совпадают</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the current one</source>
        <translation>Новый пароль шифрования совпадает с текущим</translation>
    </message>
    <message>
        <source>Wrong current passphrase</source>
        <translation>Неверный текущий пароль шифрования</translation>
    </message>
    <message>
        <source>Not enough memory to protect the passphrase; nothing changed</source>
        <translation>Не хватает памяти для защиты пароля шифрования; ничего не изменено</translation>
    </message>
    <message>
        <source>The key file could not be rewritten; the old passphrase still works</source>
        <translation>Не удалось перезаписать файл ключа; старый пароль шифрования по-прежнему действует</translation>
    </message>
</context>
<context>
    <name>msgr::core::TypingIndicators</name>
    <message>
        <source>typing…</source>
        <translation>печатает…</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Кто-то</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 печатает…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 и %2 печатают…</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n others are typing…</source>
        <translation>
            <numerusform>%1 и ещё %n человек печатают…</numerusform>
            <numerusform>%1 и ещё %n человека печатают…</numerusform>
            <numerusform>%1 и ещё %n человек печатают…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::UploadManager</name>
    <message>
        <source>Not a readable file: %1</source>
        <translation>Файл недоступен для чтения: %1</translation>
    </message>
    <message>
        <source>Files are limited to 4 GiB: %1</source>
        <translation>Размер файла ограничен 4 ГиБ: %1</translation>
    </message>
    <message>
        <source>The profile could not be written.</source>
        <translation>Не удалось записать профиль.</translation>
    </message>
</context>
<context>
    <name>msgr::core::UploadTransfer</name>
    <message>
        <source>The file is no longer there: %1</source>
        <translation>Файла больше нет: %1</translation>
    </message>
    <message>
        <source>The file changed after its upload began: %1</source>
        <translation>Файл изменился после начала загрузки: %1</translation>
    </message>
    <message>
        <source>The server&apos;s answer to the upload&apos;s creation was malformed.</source>
        <translation>Сервер ответил на создание загрузки некорректно.</translation>
    </message>
    <message>
        <source>The server&apos;s upload does not match the file.</source>
        <translation>Загрузка на сервере не соответствует файлу.</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Не удалось прочитать файл: %1</translation>
    </message>
    <message>
        <source>Waiting for the account to sign in again.</source>
        <translation>Ожидание повторного входа в аккаунт.</translation>
    </message>
    <message>
        <source>The server refused the upload (HTTP %1).</source>
        <translation>Сервер отклонил загрузку (HTTP %1).</translation>
    </message>
    <message>
        <source>The server is busy (HTTP %1).</source>
        <translation>Сервер занят (HTTP %1).</translation>
    </message>
    <message numerus="yes">
        <source>The server refused the file&apos;s parts as damaged %n time(s) in a row.</source>
        <translation>
            <numerusform>Сервер %n раз подряд отклонил части файла как повреждённые.</numerusform>
            <numerusform>Сервер %n раза подряд отклонил части файла как повреждённые.</numerusform>
            <numerusform>Сервер %n раз подряд отклонил части файла как повреждённые.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::VoiceRecorder</name>
    <message>
        <source>No microphone was found.</source>
        <translation>Микрофон не найден.</translation>
    </message>
    <message>
        <source>The recording could not be stored.</source>
        <translation>Не удалось сохранить запись.</translation>
    </message>
</context>
<context>
    <name>msgr::core::secret::ServiceTexts</name>
    <message>
        <source>The safety number changed: the other device&apos;s key is new. Compare the safety numbers, then confirm the new key to write.</source>
        <translation>Код безопасности изменился: у другого устройства новый ключ. Сравните коды безопасности, затем подтвердите новый ключ, чтобы писать.</translation>
    </message>
    <message>
        <source>You confirmed the new key.</source>
        <translation>Вы подтвердили новый ключ.</translation>
    </message>
    <message>
        <source>You turned the self-destruct timer off.</source>
        <translation>Вы выключили таймер самоуничтожения.</translation>
    </message>
    <message>
        <source>The self-destruct timer was turned off.</source>
        <translation>Таймер самоуничтожения выключен.</translation>
    </message>
    <message>
        <source>You set the self-destruct timer to %1.</source>
        <translation>Вы установили таймер самоуничтожения: %1.</translation>
    </message>
    <message>
        <source>The self-destruct timer was set to %1.</source>
        <translation>Установлен таймер самоуничтожения: %1.</translation>
    </message>
</context>
<context>
    <name>msgr::core::secret::TimerTexts</name>
    <message>
        <source>off</source>
        <translation>выкл.</translation>
    </message>
    <message numerus="yes">
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n неделя</numerusform>
            <numerusform>%n недели</numerusform>
            <numerusform>%n недель</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n день</numerusform>
            <numerusform>%n дня</numerusform>
            <numerusform>%n дней</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
</context>
<context>
    <name>msgr::platform::FreedesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
</context>
<context>
    <name>msgr::platform::SystemTray</name>
    <message>
        <source>Open Messenger</source>
        <translation>Открыть Messenger</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Messenger</source>
        <translation>Messenger</translation>
    </message>
    <message numerus="yes">
        <source>Messenger: %n unread message(s)</source>
        <translation>
            <numerusform>Messenger: %n непрочитанное сообщение</numerusform>
            <numerusform>Messenger: %n непрочитанных сообщения</numerusform>
            <numerusform>Messenger: %n непрочитанных сообщений</numerusform>
        </translation>
    </message>
</context>
</TS>
