#include "app/fleet/FleetInput.hpp"

#include <algorithm>
#include <filesystem>

namespace clscope::fleet {

FleetInputs load_fleet_inputs(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  FleetInputs out;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json" && it->is_regular_file(ec)) found.push_back(it->path().string());
      if (ec) {
        out.errors.push_back(p + ": cannot list the folder: " + ec.message());
        continue;
      }
      if (found.empty()) out.errors.push_back(p + ": no *.json file in this folder");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  for (const auto& f : files) {
    try {
      out.results.push_back(load_check_result(f));
    } catch (const ResultInputError& e) {
      out.errors.push_back(e.what());
    }
  }
  return out;
}

}  // namespace clscope::fleet
