#pragma once
// A terminal-sized grid of cells (a code point and a style each), with no
// curses: render() draws into it, tests read it back as text, and Screen
// copies it to the terminal. Every write is clipped: nothing can land outside
// the grid, nor outside the rectangle a Painter was given.
//
// Thread safety: none (one owner). Failure: none; out-of-range writes are
// dropped, invalid UTF-8 becomes U+FFFD ('?' in ASCII mode).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clscope::tui {

struct Size {
  int cols = 0;
  int rows = 0;
  friend bool operator==(const Size&, const Size&) = default;
};

/// A rectangle in cells; x/y is the top-left corner. Empty when w or h <= 0.
struct Rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  bool empty() const { return w <= 0 || h <= 0; }
  int right() const { return x + w; }   ///< one past the last column
  int bottom() const { return y + h; }  ///< one past the last row
  bool contains(int px, int py) const { return px >= x && px < right() && py >= y && py < bottom(); }
  friend bool operator==(const Rect&, const Rect&) = default;
};

Rect intersect(const Rect& a, const Rect& b);
bool overlaps(const Rect& a, const Rect& b);

/// Foreground colours; Screen maps each to a curses colour pair (id = value).
enum class Color : std::uint8_t {
  kDefault = 0,
  kRed = 1,
  kGreen = 2,
  kYellow = 3,
  kBlue = 4,
  kMagenta = 5,
  kCyan = 6,
  kWhite = 7,
};
inline constexpr int kColorCount = 8;

struct Style {
  Color color = Color::kDefault;
  bool bold = false;
  bool dim = false;
  bool reverse = false;
  friend bool operator==(const Style&, const Style&) = default;
};

/// The second cell of a double-width character holds this code point.
inline constexpr char32_t kWideContinuation = 0;

struct Cell {
  char32_t ch = U' ';
  Style style;
  friend bool operator==(const Cell&, const Cell&) = default;
};

/// Display width of a code point: 0 (combining, zero-width), 1 or 2 (East
/// Asian wide / emoji). Independent of the locale so tests are reproducible.
int char_width(char32_t ch);

/// Decodes UTF-8; invalid sequences become U+FFFD.
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t ch);

/// Display width of a UTF-8 string (see char_width).
int text_width(std::string_view utf8);

class Canvas {
 public:
  Canvas() = default;
  Canvas(int cols, int rows);

  Size size() const { return {cols_, rows_}; }
  int cols() const { return cols_; }
  int rows() const { return rows_; }
  Rect bounds() const { return {0, 0, cols_, rows_}; }

  /// Cell at (x, y); precondition: inside bounds().
  const Cell& at(int x, int y) const { return cells_[static_cast<std::size_t>(y * cols_ + x)]; }

  /// Writes one narrow or wide code point; dropped when it does not fit.
  void put(int x, int y, char32_t ch, Style style);
  void fill(const Rect& r, char32_t ch, Style style);
  void clear() { fill(bounds(), U' ', Style{}); }

  /// Row y as UTF-8 (continuation cells skipped).
  std::string row_text(int y) const;
  /// All rows joined by '\n', each followed by '\n'.
  std::string to_text() const;
  /// True when every cell holds a printable ASCII character.
  bool ascii_only() const;

 private:
  Cell& cell(int x, int y) { return cells_[static_cast<std::size_t>(y * cols_ + x)]; }
  int cols_ = 0;
  int rows_ = 0;
  std::vector<Cell> cells_;
};

/// Draws into one rectangle of a canvas with coordinates relative to it;
/// everything outside the rectangle is clipped. In ASCII mode every non-ASCII
/// character is transliterated ("°" -> "deg", "µ" -> "u", "→" -> "->") or
/// replaced by '?'.
class Painter {
 public:
  Painter(Canvas& canvas, const Rect& area, bool ascii);

  int width() const { return area_.w; }
  int height() const { return area_.h; }
  bool ascii() const { return ascii_; }
  const Rect& area() const { return area_; }

  /// A painter for a sub-rectangle (relative coordinates), clipped to this one.
  Painter sub(const Rect& r) const;

  void put(int x, int y, char32_t ch, Style style);
  /// Writes UTF-8 text starting at (x, y), at most `max_cols` columns
  /// (-1: up to the right edge). Returns the columns written.
  int text(int x, int y, std::string_view utf8, Style style = Style{}, int max_cols = -1);
  /// Like text(), but an over-long string ends in "…" ("~" in ASCII).
  int text_fit(int x, int y, std::string_view utf8, Style style, int max_cols);
  /// Right-aligns `utf8` so that it ends at column x + max_cols.
  void text_right(int x, int y, std::string_view utf8, Style style, int max_cols);
  void fill(const Rect& r, char32_t ch, Style style);
  void fill_row(int y, Style style);  ///< blanks row y with `style`

 private:
  Canvas* canvas_;
  Rect area_;
  bool ascii_;
};

/// ASCII replacement for a non-ASCII code point ("" when there is none).
std::string_view ascii_fallback(char32_t ch);
/// Columns `utf8` takes once drawn (after ASCII transliteration when `ascii`).
int drawn_width(std::string_view utf8, bool ascii);

}  // namespace clscope::tui
