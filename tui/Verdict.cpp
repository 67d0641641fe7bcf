#include "tui/Verdict.hpp"

namespace clscope::tui {

bool is_off_gpu_verdict(std::string_view v) {
  return v == "transfer-bound" || v == "launch-bound" || v == "host-bound" || v == "starved";
}

Style verdict_style(std::string_view v) {
  if (v == "compute-bound") return {Color::kGreen, false, false, false};
  if (v == "memory-bound") return {Color::kCyan, false, false, false};
  if (v == "latency-bound") return {Color::kBlue, true, false, false};
  if (v == "throttled") return {Color::kYellow, true, false, false};
  if (v == "device-bound") return {Color::kGreen, true, false, false};
  if (v == "transfer-bound") return {Color::kMagenta, true, false, true};
  if (v == "launch-bound" || v == "host-bound") return {Color::kRed, true, false, true};
  if (v == "starved") return {Color::kYellow, true, false, true};
  if (v == "contended") return {Color::kMagenta, true, false, false};
  return {Color::kDefault, false, true, false};
}

Style phase_style(std::string_view p) {
  if (p == "warming") return {Color::kYellow, false, false, false};
  if (p == "steady") return {Color::kGreen, false, false, false};
  if (p == "shifted") return {Color::kMagenta, true, false, false};
  if (p == "unsettled") return {Color::kYellow, true, false, false};
  return {Color::kDefault, false, true, false};
}

std::string_view verdict_short(std::string_view v) {
  const auto dash = v.find("-bound");
  if (dash != std::string_view::npos) return v.substr(0, dash);
  return v;
}

char verdict_letter(std::string_view v) {
  if (v == "compute-bound") return 'c';
  if (v == "memory-bound") return 'm';
  if (v == "latency-bound") return 'l';
  if (v == "throttled") return 't';
  if (v == "device-bound") return 'd';
  if (v == "transfer-bound") return 'X';
  if (v == "launch-bound") return 'L';
  if (v == "host-bound") return 'H';
  if (v == "starved") return 'S';
  if (v == "contended") return 'o';
  return '?';
}

}  // namespace clscope::tui
