#pragma once
// render(): the whole dashboard frame for a model and UI state, drawn into a
// Canvas (no curses). Pure and deterministic: the same model, state and
// canvas size give the same cells, which the golden tests compare.
//
// What it shows: see docs (views, colours). Unavailable values are dimmed
// "n/a" (their reasons inline with `i`, or for the selected device row);
// off-GPU verdicts and unacknowledged off-GPU shifts are bold + reverse.
// Thread safety: none needed (reads its arguments, writes the canvas).
#include "tui/Canvas.hpp"
#include "tui/Layout.hpp"
#include "tui/Model.hpp"
#include "tui/UiState.hpp"

namespace clscope::tui {

/// Draws the frame into `canvas` (its whole area is redrawn).
void render(const DashboardModel& model, const UiState& state, Canvas& canvas);

/// The layout hints a model implies (workload rows, device rows).
LayoutHints layout_hints(const DashboardModel& model);

/// Lines of the current non-main view (help, topology, details, processes), for scrolling.
int view_line_count(const DashboardModel& model, const UiState& state);

}  // namespace clscope::tui
