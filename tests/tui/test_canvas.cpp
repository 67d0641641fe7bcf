#include <gtest/gtest.h>

#include "tui/Canvas.hpp"
#include "tui/Chart.hpp"
#include "tui/Format.hpp"

using namespace clscope::tui;

TEST(Canvas, DecodesUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(decode_utf8("a°→"), std::u32string(U"a°→"));
  EXPECT_EQ(decode_utf8("a\xff" "b"), std::u32string(U"a\uFFFDb"));
  EXPECT_EQ(decode_utf8("\xe2\x86"), std::u32string(U"\uFFFD\uFFFD"));  // truncated sequence
  EXPECT_EQ(decode_utf8("\xc0\xaf"), std::u32string(U"\uFFFD\uFFFD"));  // overlong
}

TEST(Canvas, WritesOutsideAreDropped) {
  Canvas c(4, 2);
  c.put(-1, 0, U'x', {});
  c.put(4, 0, U'x', {});
  c.put(0, 2, U'x', {});
  c.put(3, 1, U'y', {});
  EXPECT_EQ(c.to_text(), "    \n   y\n");
}

TEST(Canvas, WideCharactersTakeTwoCellsAndNeverHalfOne) {
  Canvas c(5, 1);
  Painter p(c, c.bounds(), false);
  EXPECT_EQ(p.text(0, 0, "日本x"), 5);
  EXPECT_EQ(c.row_text(0), "日本x");
  c.put(1, 0, U'a', {});  // overwrites the second half of 日
  EXPECT_EQ(c.row_text(0), " a本x");
  Canvas d(3, 1);
  Painter q(d, d.bounds(), false);
  EXPECT_EQ(q.text(0, 0, "ab日"), 2);  // 日 does not fit in the last cell
  EXPECT_EQ(d.row_text(0), "ab ");
}

TEST(Painter, ClipsToItsRectangle) {
  Canvas c(10, 3);
  Painter p(c, Rect{2, 1, 4, 1}, false);
  p.text(-2, 0, "abcdefghij", {});
  p.text(0, 1, "below", {});
  EXPECT_EQ(c.to_text(), "          \n  cdef    \n          \n");
  Painter s = p.sub(Rect{3, 0, 10, 5});
  EXPECT_EQ(s.width(), 1);
  EXPECT_EQ(s.height(), 1);
}

TEST(Painter, AsciiModeTransliterates) {
  Canvas c(30, 1);
  Painter p(c, c.bounds(), true);
  p.text(0, 0, "58 °C 52µs a→b ▶ 日");
  EXPECT_EQ(c.row_text(0), "58 degC 52us a->b > ?         ");
  EXPECT_TRUE(c.ascii_only());
}

TEST(Painter, TextFitMarksTruncation) {
  Canvas c(8, 2);
  Painter p(c, c.bounds(), false);
  p.text_fit(0, 0, "abcdefghij", {}, 5);
  p.text_right(0, 1, "xy", {}, 8);
  EXPECT_EQ(c.row_text(0), "abcd…   ");
  EXPECT_EQ(c.row_text(1), "      xy");
  Canvas a(8, 1);
  Painter pa(a, a.bounds(), true);
  pa.text_fit(0, 0, "abcdefghij", {}, 5);
  EXPECT_EQ(a.row_text(0), "abcd~   ");
}

TEST(Painter, ControlCharactersBecomeQuestionMarks) {
  Canvas c(4, 1);
  Painter p(c, c.bounds(), false);
  p.text(0, 0, "a\tb\x1b");
  EXPECT_EQ(c.row_text(0), "a?b?");
}

TEST(Format, Numbers) {
  EXPECT_EQ(format_value(0.5123), "0.51");
  EXPECT_EQ(format_value(25.43), "25.4");
  EXPECT_EQ(format_value(512.4), "512");
  EXPECT_EQ(format_value(9000), "9000");
  EXPECT_EQ(format_value(51234), "51.2k");
  EXPECT_EQ(format_value(5.12e6), "5120k");
  EXPECT_EQ(format_value(5.12e7), "51.2M");
  EXPECT_EQ(format_pct(96.5), "96");
  EXPECT_EQ(format_pct(3.2), "3.2");
  EXPECT_EQ(format_us(52), "52µs");
  EXPECT_EQ(format_us(1250), "1.25ms");
  EXPECT_EQ(format_ms(12.34), "12.3ms");
  EXPECT_EQ(format_elapsed(75), "1:15");
  EXPECT_EQ(format_elapsed(3723), "1:02:03");
  EXPECT_EQ(format_short(0.25), "0.25");
  EXPECT_EQ(format_short(2), "2");
}

TEST(Chart, WindowScrollsOnCellBoundaries) {
  const ChartWindow w = chart_window(25, 10, ChartGlyphs::kBraille);
  EXPECT_EQ(w.per_cell, 2);
  EXPECT_EQ(w.first, 6u);  // 25 - 20 = 5, rounded up to a cell boundary
  EXPECT_EQ(w.column(6), 0);
  EXPECT_EQ(w.column(24), 9);
  EXPECT_EQ(w.column(5), -1);
  EXPECT_EQ(chart_window(5, 10, ChartGlyphs::kBlocks).first, 0u);
}

TEST(Chart, BrailleAreaFillsFromTheBottom) {
  Canvas c(2, 2);
  Painter p(c, c.bounds(), false);
  const std::vector<std::optional<double>> v = {8.0, 4.0, std::nullopt, 1.0};
  draw_area(p, Rect{0, 0, 2, 2}, v, chart_window(v.size(), 2, ChartGlyphs::kBraille), 8.0,
            ChartGlyphs::kBraille, {});
  // Column 0: left full (8 dots), right half (4 dots, bottom cell only).
  EXPECT_EQ(c.at(0, 0).ch, U'\u2847');  // left column dots 1,2,3,7
  EXPECT_EQ(c.at(0, 1).ch, U'\u28FF');  // all eight
  // Column 1: left missing, right 1 of 8 -> one dot at the bottom right.
  EXPECT_EQ(c.at(1, 0).ch, U' ');
  EXPECT_EQ(c.at(1, 1).ch, U'\u2880');
}

TEST(Chart, AsciiAreaUsesHashAndDot) {
  Canvas c(3, 2);
  Painter p(c, c.bounds(), true);
  const std::vector<std::optional<double>> v = {4.0, 1.0, 3.0};
  draw_area(p, Rect{0, 0, 3, 2}, v, chart_window(3, 3, ChartGlyphs::kAscii), 4.0,
            ChartGlyphs::kAscii, {});
  EXPECT_EQ(c.to_text(), "# .\n#.#\n");
}

TEST(Chart, VerdictBandLabelsRuns) {
  Canvas c(24, 1);
  Painter p(c, c.bounds(), false);
  std::vector<std::string_view> v(24, "memory-bound");
  for (int i = 14; i < 24; ++i) v[static_cast<std::size_t>(i)] = "host-bound";
  v[23] = "starved";
  draw_verdict_band(p, 0, v, chart_window(v.size(), 24, ChartGlyphs::kBlocks), 24);
  EXPECT_EQ(c.row_text(0), "memory-bound  host     S");
  EXPECT_TRUE(c.at(0, 0).style.reverse);
  EXPECT_TRUE(c.at(15, 0).style.bold);
}
