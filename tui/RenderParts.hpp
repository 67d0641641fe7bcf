#pragma once
// Internal to the tui module: the panel painters render() is made of.
#include <string>
#include <string_view>
#include <vector>

#include "tui/Canvas.hpp"
#include "tui/Model.hpp"
#include "tui/UiState.hpp"

namespace clscope::tui::detail {

inline constexpr Style kPlain{};
inline constexpr Style kDim{Color::kDefault, false, true, false};
inline constexpr Style kBold{Color::kDefault, true, false, false};
inline constexpr Style kTitle{Color::kDefault, true, false, true};
inline constexpr Style kTitleFocused{Color::kCyan, true, false, true};
inline constexpr Style kKeyHint{Color::kCyan, true, false, true};
inline constexpr Style kAlert{Color::kRed, true, false, true};
inline constexpr Style kWarn{Color::kYellow, true, false, false};
inline constexpr Style kGood{Color::kGreen, false, false, false};
inline constexpr Style kAccent{Color::kCyan, false, false, false};

/// A run of text with one style; a line is a list of them.
struct Span {
  std::string text;
  Style style;
};
using Line = std::vector<Span>;

/// `s` right-aligned in `w` columns (display width; longer text is left as is).
std::string pad_left(std::string s, int w);
/// `s` left-aligned in exactly `w` columns: padded, or cut with an ellipsis.
std::string fit_right(std::string s, int w);
/// Draws a line of spans from (x, y), clipped at the painter's edge.
int draw_line(Painter& p, int x, int y, const Line& line);
/// Panel title row: the whole row in title style, text from column 1.
void draw_title(Painter& p, std::string_view text, bool focused, std::string_view right = {});

void draw_header(Painter& p, const DashboardModel& m, const UiState& s);
void draw_footer(Painter& p, const DashboardModel& m, const UiState& s);
void draw_workloads(Painter& p, const DashboardModel& m, const UiState& s);
void draw_device(Painter& p, const DashboardModel& m, const UiState& s);
/// The device panel of an observed program: its kernels by total time (RenderKernels.cpp).
void draw_top_kernels(Painter& p, const std::vector<KernelRow>& kernels, const UiState& s);
void draw_charts(Painter& p, const DashboardModel& m, const UiState& s);
void draw_events(Painter& p, const DashboardModel& m, const UiState& s);
void draw_menu(Painter& p, const DashboardModel& m, const UiState& s);
void draw_too_small(Painter& p, Size screen);

/// Lines of a non-main view (help, topology, details, processes); `width`
/// (0: a default) shapes the processes table, never the number of lines.
std::vector<Line> view_lines(const DashboardModel& m, const UiState& s, int width = 0);
/// The processes view's lines (RenderProcesses.cpp).
std::vector<Line> process_lines(const DashboardModel& m, const UiState& s, int width);
/// The rows in display order: device use, then host CPU, descending; unknowns last.
std::vector<ProcessEntry> sorted_processes(const ProcessesInfo& info);
void draw_view(Painter& p, const DashboardModel& m, const UiState& s);

/// The reason shown for the selected device row, or "" when it is available.
std::string selected_metric_reason(const DashboardModel& m, const UiState& s);

}  // namespace clscope::tui::detail
