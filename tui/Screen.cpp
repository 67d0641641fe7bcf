// The one file that includes curses.
#include "tui/Screen.hpp"

#include <curses.h>
#include <langinfo.h>
#include <term.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tui/UiState.hpp"

namespace clscope::tui {

bool color_enabled(bool no_color_option, const char* no_color_env) {
  return !no_color_option && (no_color_env == nullptr || no_color_env[0] == '\0');
}

struct Screen::Impl {
  SCREEN* screen = nullptr;
  FILE* in = nullptr;
  bool own_in = false;
};

namespace {

constexpr short kCursesColors[kColorCount] = {-1,         COLOR_RED,     COLOR_GREEN, COLOR_YELLOW,
                                              COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN,  COLOR_WHITE};

// Whether TERM names a terminal that can move the cursor; "" when it can,
// else the reason.
std::string check_terminal(const char* term) {
  if (term == nullptr || term[0] == '\0')
    return "TERM is not set, so the terminal cannot be driven; set TERM (e.g. xterm-256color) "
           "or use --headless";
  int err = 0;
  if (setupterm(term, STDOUT_FILENO, &err) != OK) {
    if (err == 0)
      return std::string("terminal type '") + term +
             "' is not in the terminfo database; set TERM to a known type or use --headless";
    return "no terminfo database found; install ncurses-base/ncurses-term or use --headless";
  }
  const char* cup = tigetstr(const_cast<char*>("cup"));
  const bool addressable = cup != nullptr && cup != reinterpret_cast<char*>(-1);
  del_curterm(cur_term);
  if (!addressable)
    return std::string("terminal type '") + term +
           "' cannot address the cursor; use --headless (or a TERM like xterm-256color)";
  return {};
}

}  // namespace

Screen::OpenResult Screen::open(const ScreenOptions& options) {
  if (isatty(STDOUT_FILENO) == 0)
    return {nullptr, "stdout is not a terminal; the dashboard needs one (use --headless for "
                     "plain output)"};
  const char* term = std::getenv("TERM");
  if (std::string why = check_terminal(term); !why.empty()) return {nullptr, why};

  std::setlocale(LC_CTYPE, "");
  const bool utf8 = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

  auto impl = std::make_unique<Impl>();
  if (isatty(STDIN_FILENO) != 0) {
    impl->in = stdin;
  } else {
    // A redirected stdin would make getch() return at once and the loop spin.
    impl->in = std::fopen("/dev/tty", "r");
    if (impl->in == nullptr)
      return {nullptr, "stdin is not a terminal and /dev/tty cannot be opened (" +
                           std::string(std::strerror(errno)) + "); use --headless"};
    impl->own_in = true;
  }
  impl->screen = newterm(term, stdout, impl->in);
  if (impl->screen == nullptr) {
    if (impl->own_in) std::fclose(impl->in);
    return {nullptr, std::string("cannot initialise terminal '") + term + "'; use --headless"};
  }
  set_term(impl->screen);
  cbreak();
  noecho();
  nonl();
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  leaveok(stdscr, TRUE);  // the cursor stays hidden: no need to park it
  set_escdelay(25);
  curs_set(0);

  bool color = options.color && has_colors();
  if (color) {
    start_color();
    const short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
    for (short i = 1; i < kColorCount; ++i) init_pair(i, kCursesColors[i], bg);
  }
  return {std::unique_ptr<Screen>(new Screen(std::move(impl), color, utf8)), {}};
}

Screen::Screen(std::unique_ptr<Impl> impl, bool color, bool utf8)
    : impl_(std::move(impl)), color_(color), utf8_(utf8) {}

Screen::~Screen() {
  restore();
  if (impl_->screen != nullptr) delscreen(impl_->screen);
  if (impl_->own_in) std::fclose(impl_->in);
}

void Screen::restore() noexcept {
  if (!active_) return;
  active_ = false;
  curs_set(1);
  endwin();
  std::fflush(stdout);
}

Size Screen::size() const {
  if (!active_) return {};
  int rows = 0;
  int cols = 0;
  getmaxyx(stdscr, rows, cols);
  return {cols, rows};
}

int Screen::read_key(int timeout_ms) {
  if (!active_) return kKeyNone;
  wtimeout(stdscr, timeout_ms < 0 ? 0 : timeout_ms);
  wint_t ch = 0;
  const int r = wget_wch(stdscr, &ch);
  if (r == ERR) return kKeyNone;
  if (r == KEY_CODE_YES) {
    switch (ch) {
      case KEY_UP: return kKeyUp;
      case KEY_DOWN: return kKeyDown;
      case KEY_LEFT: return kKeyLeft;
      case KEY_RIGHT: return kKeyRight;
      case KEY_BTAB: return kKeyBackTab;
      case KEY_PPAGE: return kKeyPageUp;
      case KEY_NPAGE: return kKeyPageDown;
      case KEY_HOME: return kKeyHome;
      case KEY_END: return kKeyEnd;
      case KEY_ENTER: return kKeyEnter;
      case KEY_F(1): return kKeyF1;
      case KEY_F(10): return kKeyF10;
      case KEY_RESIZE:
        repaint_ = true;
        return kKeyResize;
      default: return kKeyNone;
    }
  }
  if (ch == '\r') return kKeyEnter;
  return static_cast<int>(ch);
}

void Screen::draw(const Canvas& canvas) {
  if (!active_) return;
  const Size screen = size();
  const bool full = repaint_ || previous_.size() != canvas.size();
  if (full) werase(stdscr);  // only after a resize (or the first frame)
  const int rows = std::min(canvas.rows(), screen.rows);
  const int cols = std::min(canvas.cols(), screen.cols);
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < cols; ++x) {
      const Cell& c = canvas.at(x, y);
      if (!full && previous_.at(x, y) == c) continue;
      if (c.ch == kWideContinuation) continue;
      wchar_t wc[2] = {static_cast<wchar_t>(c.ch), 0};
      if (!utf8_ && c.ch >= 0x80) wc[0] = L'?';
      attr_t attrs = A_NORMAL;
      if (c.style.bold) attrs |= A_BOLD;
      if (c.style.dim) attrs |= A_DIM;
      if (c.style.reverse) attrs |= A_REVERSE;
      const short pair = color_ ? static_cast<short>(c.style.color) : 0;
      cchar_t cc;
      setcchar(&cc, wc, attrs, pair, nullptr);
      // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
      mvwadd_wch(stdscr, y, x, &cc);
    }
  }
  wnoutrefresh(stdscr);
  doupdate();
  previous_ = canvas;
  repaint_ = false;
}

}  // namespace clscope::tui
