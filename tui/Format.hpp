#pragma once
// Number and time formatting for narrow cells. Pure; thread-safe. Uses '.'
// as the decimal separator whatever the locale.
#include <string>

namespace clscope::tui {

/// About 3 significant digits, with k/M/G suffixes past 10 000:
/// 0.512, 5.12, 51.2, 512, 5120, 51.2k, 5.12M.
std::string format_value(double v);
/// Percentage without the sign: "85", "8.5", "0.42".
std::string format_pct(double pct);
/// Microseconds as "52µs", "1.25ms", "2.50s" (ASCII mode transliterates µ).
std::string format_us(double us);
/// Milliseconds as "0.85ms", "12.3ms", "1.50s".
std::string format_ms(double ms);
/// Elapsed seconds as "m:ss" below an hour, "h:mm:ss" above.
std::string format_elapsed(double s);
/// Refresh period or speed: "0.25", "0.5", "1", "10".
std::string format_short(double v);

}  // namespace clscope::tui
