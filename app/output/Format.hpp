#pragma once
// Number formatting shared by the app's text outputs ({fmt}).
#include <string>

#include <fmt/format.h>

namespace clscope::app {

/// `v` with `decimals` digits after the point ("%.*f").
inline std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

}  // namespace clscope::app
