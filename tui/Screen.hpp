#pragma once
// The terminal: the only part of clscope that talks to curses (Screen.cpp is
// the only file that includes it). It copies Canvas frames to the terminal,
// reads keys, and always gives the terminal back.
//
// Lifecycle: Screen::open() -> draw()/read_key() on one thread -> restore()
// or destruction. restore() is idempotent and may be called from an atexit
// handler or a std::terminate handler of the application; it is not
// async-signal-safe: signal handlers should only set a flag (see
// DashboardOptions::stop) and let the UI loop return.
//
// Signals: install SIGINT/SIGTERM/SIGHUP handlers BEFORE open(); ncurses then
// leaves them alone (it only takes over signals still at SIG_DFL). ncurses
// handles SIGWINCH and reports it as kKeyResize.
//
// Thread safety: one thread (the UI thread) uses a Screen.
#include <memory>
#include <string>

#include "tui/Canvas.hpp"

namespace clscope::tui {

struct ScreenOptions {
  bool color = true;   ///< false: --no-color or NO_COLOR (bold/dim/reverse remain)
  bool ascii = false;  ///< --ascii: the dashboard draws ASCII only
};

/// True unless `no_color_option` (--no-color) or NO_COLOR is set to a
/// non-empty value (https://no-color.org). Pass getenv("NO_COLOR").
bool color_enabled(bool no_color_option, const char* no_color_env);

class Screen {
 public:
  struct OpenResult {
    std::unique_ptr<Screen> screen;  ///< null on failure
    std::string error;  ///< why it failed, with what to do (e.g. "use --headless")
  };
  /// Opens the terminal on stdout (keys from stdin, or /dev/tty when stdin
  /// is not a terminal). Fails when stdout is not a terminal, TERM is unset
  /// or unknown, or the terminal cannot address the cursor (TERM=dumb).
  /// Sets LC_CTYPE from the environment so UTF-8 output works.
  static OpenResult open(const ScreenOptions& options);

  ~Screen();
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;

  /// Current terminal size.
  Size size() const;
  /// False when the locale is not UTF-8: draw ASCII only then.
  bool utf8() const { return utf8_; }
  bool color() const { return color_; }

  /// Waits up to `timeout_ms` (0: poll) for a key; returns a Key code or a
  /// Unicode code point, kKeyNone on timeout or interruption, kKeyResize after
  /// a resize (the next draw() then repaints everything).
  int read_key(int timeout_ms);

  /// Copies the canvas to the terminal: only cells that changed since the
  /// previous frame are handed to curses, which sends only what differs.
  /// The screen is erased only after a resize.
  void draw(const Canvas& canvas);

  /// Gives the terminal back (endwin). Idempotent; later draw()/read_key()
  /// calls do nothing.
  void restore() noexcept;
  bool active() const { return active_; }

 private:
  struct Impl;
  explicit Screen(std::unique_ptr<Impl> impl, bool color, bool utf8);
  std::unique_ptr<Impl> impl_;
  Canvas previous_;
  bool color_ = true;
  bool utf8_ = true;
  bool active_ = true;
  bool repaint_ = true;
};

}  // namespace clscope::tui
