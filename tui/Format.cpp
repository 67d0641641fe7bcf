#include "tui/Format.hpp"

#include <cmath>
#include <cstdio>

namespace clscope::tui {

namespace {

std::string printf_str(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  std::string s = buf;
  // snprintf follows LC_NUMERIC; the dashboard always uses '.'.
  for (char& c : s)
    if (c == ',') c = '.';
  return s;
}

std::string three_digits(double v) {
  const double a = std::fabs(v);
  if (a >= 100) return printf_str("%.0f", v);
  if (a >= 10) return printf_str("%.1f", v);
  return printf_str("%.2f", v);
}

}  // namespace

std::string format_value(double v) {
  if (!std::isfinite(v)) return "?";
  const double a = std::fabs(v);
  if (a >= 1e10) return three_digits(v / 1e9) + "G";
  if (a >= 1e7) return three_digits(v / 1e6) + "M";
  if (a >= 1e4) return three_digits(v / 1e3) + "k";
  if (a >= 1000) return printf_str("%.0f", v);
  return three_digits(v);
}

std::string format_pct(double pct) {
  if (!std::isfinite(pct)) return "?";
  const double a = std::fabs(pct);
  if (a >= 10) return printf_str("%.0f", pct);
  if (a >= 1) return printf_str("%.1f", pct);
  return printf_str("%.2f", pct);
}

std::string format_us(double us) {
  if (!std::isfinite(us)) return "?";
  if (us >= 1e6) return three_digits(us / 1e6) + "s";
  if (us >= 1000) return three_digits(us / 1000) + "ms";
  return (us >= 10 ? printf_str("%.0f", us) : printf_str("%.1f", us)) + "µs";
}

std::string format_ms(double ms) {
  if (!std::isfinite(ms)) return "?";
  if (ms >= 1000) return three_digits(ms / 1000) + "s";
  return three_digits(ms) + "ms";
}

std::string format_elapsed(double s) {
  if (!std::isfinite(s) || s < 0) s = 0;
  const auto total = static_cast<long long>(s);
  const long long h = total / 3600;
  const long long m = (total / 60) % 60;
  const long long sec = total % 60;
  char buf[48];
  if (h > 0)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, sec);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", m, sec);
  return buf;
}

std::string format_short(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return printf_str("%.0f", v);
  if (std::fabs(v * 10 - std::round(v * 10)) < 1e-9) return printf_str("%.1f", v);
  return printf_str("%.2f", v);
}

}  // namespace clscope::tui
