#pragma once
// Where each panel goes for a terminal size. Pure; thread-safe.
//
// Guarantees (tested over every size from 40x12 to 200x60): the panels never
// overlap and lie inside the screen. Below 40x12 the layout is `too_small`
// and only a message is drawn. More space gives taller charts and more event
// rows; narrow screens drop the charts first, then the device panel.
#include <vector>

#include "tui/Canvas.hpp"
#include "tui/UiState.hpp"

namespace clscope::tui {

inline constexpr int kMinCols = 40;
inline constexpr int kMinRows = 12;

/// Content sizes that shape the layout (all optional).
struct LayoutHints {
  int workloads = 0;    ///< rows of the workloads table
  int device_rows = 9;  ///< metric rows of the device panel, throttle included
};

struct Layout {
  Size screen;
  bool too_small = false;  ///< below kMinCols x kMinRows: only a message
  Rect header;
  Rect footer;
  // Main view panels (empty when dropped or in another view).
  Rect workloads;
  Rect device;
  Rect charts;
  Rect events;
  /// Other views (help, topology, device details): between header and footer.
  Rect body;
  /// The workloads menu, drawn over the main view when open.
  Rect popup;
};

Layout layout(Size screen, const UiState& state, const LayoutHints& hints = {});

/// The panels of a layout that must not overlap (header, footer, main-view
/// panels or body); empty ones left out. The popup is an overlay, not listed.
std::vector<Rect> panel_rects(const Layout& l);

}  // namespace clscope::tui
