#include "tui/Canvas.hpp"

#include <algorithm>

namespace clscope::tui {

Rect intersect(const Rect& a, const Rect& b) {
  const int x0 = std::max(a.x, b.x);
  const int y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.right(), b.right());
  const int y1 = std::min(a.bottom(), b.bottom());
  if (x1 <= x0 || y1 <= y0) return {x0, y0, 0, 0};
  return {x0, y0, x1 - x0, y1 - y0};
}

bool overlaps(const Rect& a, const Rect& b) {
  return !a.empty() && !b.empty() && !intersect(a, b).empty();
}

int char_width(char32_t ch) {
  if (ch == 0) return 0;
  if ((ch >= 0x0300 && ch <= 0x036F) || (ch >= 0x200B && ch <= 0x200F) ||
      (ch >= 0xFE00 && ch <= 0xFE0F) || (ch >= 0x20D0 && ch <= 0x20FF))
    return 0;
  if ((ch >= 0x1100 && ch <= 0x115F) || (ch >= 0x2E80 && ch <= 0x303E) ||
      (ch >= 0x3041 && ch <= 0x33FF) || (ch >= 0x3400 && ch <= 0x4DBF) ||
      (ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0xA000 && ch <= 0xA4CF) ||
      (ch >= 0xAC00 && ch <= 0xD7A3) || (ch >= 0xF900 && ch <= 0xFAFF) ||
      (ch >= 0xFE30 && ch <= 0xFE4F) || (ch >= 0xFF00 && ch <= 0xFF60) ||
      (ch >= 0xFFE0 && ch <= 0xFFE6) || (ch >= 0x1F300 && ch <= 0x1F64F) ||
      (ch >= 0x1F900 && ch <= 0x1F9FF) || (ch >= 0x20000 && ch <= 0x3FFFD))
    return 2;
  return 1;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    }
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

void append_utf8(std::string& out, char32_t ch) {
  if (ch < 0x80) {
    out.push_back(static_cast<char>(ch));
  } else if (ch < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (ch >> 6)));
    out.push_back(static_cast<char>(0x80 | (ch & 0x3F)));
  } else if (ch < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (ch >> 12)));
    out.push_back(static_cast<char>(0x80 | ((ch >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (ch & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (ch >> 18)));
    out.push_back(static_cast<char>(0x80 | ((ch >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((ch >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (ch & 0x3F)));
  }
}

int text_width(std::string_view utf8) {
  int w = 0;
  for (char32_t ch : decode_utf8(utf8)) w += char_width(ch);
  return w;
}

int drawn_width(std::string_view utf8, bool ascii) {
  int width = 0;
  for (char32_t ch : decode_utf8(utf8)) {
    if (ascii && ch >= 0x7F) {
      const std::string_view alt = ascii_fallback(ch);
      width += alt.empty() ? 1 : static_cast<int>(alt.size());
    } else {
      width += char_width(ch);
    }
  }
  return width;
}

std::string_view ascii_fallback(char32_t ch) {
  switch (ch) {
    case U'°': return "deg";
    case U'µ': return "u";
    case U'→': return "->";
    case U'←': return "<-";
    case U'–':
    case U'—':
    case U'─': return "-";
    case U'…': return "~";
    case U'×': return "x";
    case U'≥': return ">=";
    case U'≤': return "<=";
    case U'│': return "|";
    case U'▶':
    case U'▸': return ">";
    case U'✓': return "v";
    case U'\u00A0': return " ";
    default: return "";
  }
}

Canvas::Canvas(int cols, int rows)
    : cols_(std::max(cols, 0)), rows_(std::max(rows, 0)),
      cells_(static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_)) {}

void Canvas::put(int x, int y, char32_t ch, Style style) {
  if (y < 0 || y >= rows_ || x < 0 || x >= cols_) return;
  const int w = char_width(ch);
  if (w == 0) return;
  if (w == 2 && x + 1 >= cols_) return;
  // Never leave half of a wide character behind.
  if (cell(x, y).ch == kWideContinuation && x > 0) cell(x - 1, y).ch = U' ';
  const int last = x + w - 1;
  if (last + 1 < cols_ && cell(last + 1, y).ch == kWideContinuation) cell(last + 1, y).ch = U' ';
  cell(x, y) = Cell{ch, style};
  if (w == 2) cell(x + 1, y) = Cell{kWideContinuation, style};
}

void Canvas::fill(const Rect& r, char32_t ch, Style style) {
  const Rect c = intersect(r, bounds());
  for (int y = c.y; y < c.bottom(); ++y)
    for (int x = c.x; x < c.right(); ++x) put(x, y, ch, style);
}

std::string Canvas::row_text(int y) const {
  std::string out;
  if (y < 0 || y >= rows_) return out;
  for (int x = 0; x < cols_; ++x) {
    const char32_t ch = at(x, y).ch;
    if (ch != kWideContinuation) append_utf8(out, ch);
  }
  return out;
}

std::string Canvas::to_text() const {
  std::string out;
  for (int y = 0; y < rows_; ++y) {
    out += row_text(y);
    out.push_back('\n');
  }
  return out;
}

bool Canvas::ascii_only() const {
  return std::all_of(cells_.begin(), cells_.end(),
                     [](const Cell& c) { return c.ch >= 0x20 && c.ch < 0x7F; });
}

Painter::Painter(Canvas& canvas, const Rect& area, bool ascii)
    : canvas_(&canvas), area_(intersect(area, canvas.bounds())), ascii_(ascii) {}

Painter Painter::sub(const Rect& r) const {
  Painter p = *this;
  p.area_ = intersect(Rect{area_.x + r.x, area_.y + r.y, r.w, r.h}, area_);
  return p;
}

void Painter::put(int x, int y, char32_t ch, Style style) {
  if (x < 0 || y < 0 || x >= area_.w || y >= area_.h) return;
  if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0)) ch = U'?';
  if (ascii_ && ch >= 0x7F) {
    const std::string_view alt = ascii_fallback(ch);
    ch = alt.empty() ? U'?' : static_cast<char32_t>(alt.front());
  }
  if (char_width(ch) == 2 && x + 1 >= area_.w) ch = U' ';
  canvas_->put(area_.x + x, area_.y + y, ch, style);
}

int Painter::text(int x, int y, std::string_view utf8, Style style, int max_cols) {
  if (y < 0 || y >= area_.h) return 0;
  const int limit = max_cols < 0 ? area_.w - x : std::min(max_cols, area_.w - x);
  int used = 0;
  auto emit = [&](char32_t ch) -> bool {
    int w = char_width(ch);
    if (w == 0) return true;
    if (used + w > limit) return false;
    put(x + used, y, ch, style);
    used += w;
    return true;
  };
  for (char32_t ch : decode_utf8(utf8)) {
    if (ascii_ && ch >= 0x7F) {
      std::string_view alt = ascii_fallback(ch);
      if (alt.empty()) alt = "?";
      bool ok = true;
      for (char a : alt) ok = ok && emit(static_cast<char32_t>(a));
      if (!ok) break;
      continue;
    }
    if (!emit(ch)) break;
  }
  return used;
}

int Painter::text_fit(int x, int y, std::string_view utf8, Style style, int max_cols) {
  const int limit = std::min(max_cols, area_.w - x);
  if (limit <= 0) return 0;
  if (drawn_width(utf8, ascii_) <= limit) return text(x, y, utf8, style, limit);
  const int used = text(x, y, utf8, style, limit - 1);
  put(x + used, y, ascii_ ? U'~' : U'…', style);
  return used + 1;
}

void Painter::text_right(int x, int y, std::string_view utf8, Style style, int max_cols) {
  const int w = drawn_width(utf8, ascii_);
  if (w > max_cols) {
    text_fit(x, y, utf8, style, max_cols);
    return;
  }
  text(x + max_cols - w, y, utf8, style, w);
}

void Painter::fill(const Rect& r, char32_t ch, Style style) {
  const Rect c = intersect(r, Rect{0, 0, area_.w, area_.h});
  for (int y = c.y; y < c.bottom(); ++y)
    for (int x = c.x; x < c.right(); ++x) put(x, y, ch, style);
}

void Painter::fill_row(int y, Style style) { fill(Rect{0, y, area_.w, 1}, U' ', style); }

}  // namespace clscope::tui
