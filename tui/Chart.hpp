#pragma once
// Time-series charts drawn into a Painter: area charts in braille (2 samples
// per cell, 4 levels per row), block characters (1 sample per cell, 8 levels
// per row) or ASCII ('#' and '.'), a vertical marker, and the verdict band.
// Pure; thread-safe. Samples are oldest first; the chart fills from the left
// and scrolls once full, the newest sample at the right end.
#include <optional>
#include <string_view>
#include <vector>

#include "tui/Canvas.hpp"

namespace clscope::tui {

enum class ChartGlyphs { kBraille, kBlocks, kAscii };

/// Which samples a chart of `width` cells shows and where each one lands.
struct ChartWindow {
  std::size_t first = 0;  ///< index of the first sample shown
  int per_cell = 1;       ///< samples per cell column
  /// Cell column of sample `index` (-1 when not shown).
  int column(std::size_t index) const;
};

ChartWindow chart_window(std::size_t samples, int width, ChartGlyphs glyphs);

/// Area chart of `values` scaled 0..y_max into `area` (relative to `p`).
/// Missing samples are left blank; a positive sample shows at least one dot.
/// Blank cells are not written, so a marker drawn first stays visible.
void draw_area(Painter& p, const Rect& area, const std::vector<std::optional<double>>& values,
               const ChartWindow& window, double y_max, ChartGlyphs glyphs, Style style);

/// A vertical marker line at cell column `col` of `area`, drawn over what is there.
void draw_marker(Painter& p, const Rect& area, int col, ChartGlyphs glyphs, Style style);

/// The verdict band on row `y`: each cell takes the verdict of its newest
/// sample; a run of equal verdicts is one coloured (reverse) stretch labelled
/// with the verdict's name, short name, a prefix of it or its letter,
/// whichever fits with one cell to spare (so runs stay apart without colour).
void draw_verdict_band(Painter& p, int y, const std::vector<std::string_view>& verdicts,
                       const ChartWindow& window, int width);

/// Largest present value (nullopt when none).
std::optional<double> max_value(const std::vector<std::optional<double>>& values,
                                const ChartWindow& window);

}  // namespace clscope::tui
