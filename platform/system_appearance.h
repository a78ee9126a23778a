#pragma once
//! Whether the desktop asks for a dark or a light look. Qt 6.4 reads no such setting itself, and
//! the Basic style the app uses ignores the dark themes a Linux desktop offers unless a platform
//! theme package is installed; the freedesktop portal's "color-scheme" answers without one. One
//! implementation per OS (platform/linux/: the portal over D-Bus); where the OS already feeds the
//! palette (Windows, macOS, mobile), the portable one answers Unknown and Theme reads the palette.
//!
//! Thread affinity: the thread that makes it (the GUI thread); it never blocks on the bus.
#include <QObject>
#include <memory>

namespace msgr::platform {

class SystemAppearance : public QObject {
    Q_OBJECT
public:
    enum class Scheme { Unknown, Dark, Light };
    Q_ENUM(Scheme)

    using QObject::QObject;

    Scheme scheme() const { return m_scheme; }

signals:
    void schemeChanged(msgr::platform::SystemAppearance::Scheme scheme);

protected:
    void setScheme(Scheme scheme);

private:
    Scheme m_scheme = Scheme::Unknown;
};

//! The implementation of the target system; it starts asking at once and reports through
//! schemeChanged (the first answer included).
std::unique_ptr<SystemAppearance> createSystemAppearance(QObject *parent = nullptr);

} // namespace msgr::platform
