#pragma once
//! The blurred preview of a photo or video bubble (Telegram's behaviour): the message's small
//! inline thumbnail shrunk to kBlurredPreviewSide pixels and box-blurred three times (close
//! to a Gaussian), shown scaled up at once until the full picture is there. Cheap enough for
//! the image provider's loader thread: a 64 px image, a few passes of running sums.
//!
//! Thread affinity: none (a pure function of the image).
#include <QImage>

namespace msgr::core {

//! The preview's longest side in pixels and the blur's radius in those pixels.
inline constexpr int kBlurredPreviewSide = 64;
inline constexpr int kBlurredPreviewRadius = 3;

//! `thumbnail` shrunk to at most kBlurredPreviewSide on its longest side and blurred; a null
//! image for a null one.
QImage blurredPreview(const QImage &thumbnail);

} // namespace msgr::core
