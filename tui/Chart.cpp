#include "tui/Chart.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tui/Verdict.hpp"

namespace clscope::tui {

namespace {

// Braille dot bits, bottom row first, for the left and right dot columns.
constexpr unsigned kBrailleLeft[4] = {0x40, 0x04, 0x02, 0x01};
constexpr unsigned kBrailleRight[4] = {0x80, 0x20, 0x10, 0x08};
constexpr char32_t kBlocks[9] = {U' ', U'▁', U'▂', U'▃', U'▄', U'▅', U'▆', U'▇', U'█'};

int levels_per_row(ChartGlyphs g) {
  switch (g) {
    case ChartGlyphs::kBraille: return 4;
    case ChartGlyphs::kBlocks: return 8;
    case ChartGlyphs::kAscii: return 2;
  }
  return 1;
}

// Height of a sample in levels (0 = nothing drawn).
int sample_level(const std::optional<double>& v, double y_max, int total_levels) {
  if (!v || !std::isfinite(*v) || *v <= 0 || y_max <= 0) return 0;
  const double frac = std::min(*v / y_max, 1.0);
  return std::clamp(static_cast<int>(std::lround(frac * total_levels)), 1, total_levels);
}

}  // namespace

int ChartWindow::column(std::size_t index) const {
  if (index < first) return -1;
  return static_cast<int>((index - first) / static_cast<std::size_t>(per_cell));
}

ChartWindow chart_window(std::size_t samples, int width, ChartGlyphs glyphs) {
  ChartWindow w;
  w.per_cell = glyphs == ChartGlyphs::kBraille ? 2 : 1;
  const std::size_t capacity = static_cast<std::size_t>(std::max(width, 0) * w.per_cell);
  if (samples > capacity) {
    // Keep cell boundaries stable while scrolling: start on a cell boundary.
    w.first = samples - capacity;
    w.first += (static_cast<std::size_t>(w.per_cell) - w.first % static_cast<std::size_t>(w.per_cell)) %
               static_cast<std::size_t>(w.per_cell);
  }
  return w;
}

std::optional<double> max_value(const std::vector<std::optional<double>>& values,
                                const ChartWindow& window) {
  std::optional<double> m;
  for (std::size_t i = window.first; i < values.size(); ++i)
    if (values[i] && std::isfinite(*values[i]) && (!m || *values[i] > *m)) m = *values[i];
  return m;
}

void draw_area(Painter& p, const Rect& area, const std::vector<std::optional<double>>& values,
               const ChartWindow& window, double y_max, ChartGlyphs glyphs, Style style) {
  if (area.empty()) return;
  const int per_row = levels_per_row(glyphs);
  const int total = per_row * area.h;
  for (int col = 0; col < area.w; ++col) {
    int level[2] = {0, 0};
    bool any = false;
    for (int k = 0; k < window.per_cell; ++k) {
      const std::size_t i = window.first + static_cast<std::size_t>(col * window.per_cell + k);
      if (i >= values.size()) break;
      level[k] = sample_level(values[i], y_max, total);
      any = any || level[k] > 0;
    }
    if (!any) continue;
    for (int row = 0; row < area.h; ++row) {
      const int base = (area.h - 1 - row) * per_row;  // levels below this cell
      const int fill0 = std::clamp(level[0] - base, 0, per_row);
      char32_t ch = U' ';
      switch (glyphs) {
        case ChartGlyphs::kBraille: {
          const int fill1 = std::clamp(level[1] - base, 0, per_row);
          unsigned bits = 0;
          for (int d = 0; d < fill0; ++d) bits |= kBrailleLeft[d];
          for (int d = 0; d < fill1; ++d) bits |= kBrailleRight[d];
          if (bits != 0) ch = static_cast<char32_t>(0x2800 + bits);
          break;
        }
        case ChartGlyphs::kBlocks:
          ch = kBlocks[fill0];
          break;
        case ChartGlyphs::kAscii:
          ch = fill0 == 2 ? U'#' : fill0 == 1 ? U'.' : U' ';
          break;
      }
      if (ch != U' ') p.put(area.x + col, area.y + row, ch, style);
    }
  }
}

void draw_marker(Painter& p, const Rect& area, int col, ChartGlyphs glyphs, Style style) {
  if (col < 0 || col >= area.w) return;
  const char32_t ch = glyphs == ChartGlyphs::kAscii ? U'|' : U'│';
  for (int row = 0; row < area.h; ++row) p.put(area.x + col, area.y + row, ch, style);
}

void draw_verdict_band(Painter& p, int y, const std::vector<std::string_view>& verdicts,
                       const ChartWindow& window, int width) {
  std::vector<std::string_view> cells(static_cast<std::size_t>(std::max(width, 0)));
  for (std::size_t i = window.first; i < verdicts.size(); ++i) {
    const int col = window.column(i);
    if (col >= 0 && col < width) cells[static_cast<std::size_t>(col)] = verdicts[i];
  }
  int x = 0;
  while (x < width) {
    const std::string_view v = cells[static_cast<std::size_t>(x)];
    int end = x + 1;
    while (end < width && cells[static_cast<std::size_t>(end)] == v) ++end;
    const int run = end - x;
    if (!v.empty()) {
      Style s = verdict_style(v);
      const bool known = v != "unknown";
      if (known) s.reverse = true;
      p.fill(Rect{x, y, run, 1}, U' ', s);
      const std::string_view short_name = verdict_short(v);
      if (run >= static_cast<int>(v.size()) + 1) {
        p.text(x, y, v, s, run);
      } else if (run >= static_cast<int>(short_name.size()) + 1) {
        p.text(x, y, short_name, s, run);
      } else if (run >= 4) {
        p.text(x, y, short_name.substr(0, static_cast<std::size_t>(run - 1)), s, run - 1);
      } else {
        p.put(x, y, static_cast<char32_t>(verdict_letter(v)), s);
      }
    }
    x = end;
  }
}

}  // namespace clscope::tui
