#include "app/fleet/FleetInput.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "app/fleet/RunSummary.hpp"

namespace clscope::fleet {
namespace {

constexpr std::streamsize kMaxFileBytes = 64 << 20;
constexpr const char* kExpected =
    "expected 'clscope.check/1' (clscope check --json) or 'clscope.run/1' "
    "(the last line of clscope run --headless --json)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultInputError(path + ": cannot open: " + std::strerror(errno));
  // Read in chunks up to the limit: a small file costs a small buffer.
  std::string data;
  char chunk[64 * 1024];
  while (in && static_cast<std::streamsize>(data.size()) <= kMaxFileBytes) {
    in.read(chunk, sizeof chunk);
    data.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw ResultInputError(path + ": cannot read: " + std::strerror(errno));
  if (data.size() > static_cast<std::size_t>(kMaxFileBytes))
    throw ResultInputError(path + ": larger than 64 MiB: not a check result or run summary");
  return data;
}

std::optional<nlohmann::json> try_parse(std::string_view text, std::string* error = nullptr) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

/// One whole-file JSON object, by its schema.
CheckResult from_object(const nlohmann::json& j, const std::string& path) {
  const std::string schema = j.is_object() ? detail::text(j, "schema") : std::string();
  if (j.is_object() && schema == kCheckSchema) return parse_check_result(j, path);
  if (j.is_object() && schema == kRunSchema) return parse_run_summary(j, path);
  if (!j.is_object()) throw ResultInputError(path + ": not a JSON object (" + kExpected + ")");
  throw ResultInputError(path + ": schema is " +
                         (schema.empty() ? std::string("missing") : "'" + schema + "'") + ", " +
                         kExpected);
}

struct Line {
  std::size_t number;  ///< 1-based
  std::string_view text;
};

std::vector<Line> non_empty_lines(std::string_view data) {
  std::vector<Line> out;
  std::size_t start = 0, number = 1;
  while (start < data.size()) {
    std::size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) out.push_back({number, line});
    start = end + 1;
    ++number;
  }
  return out;
}

/// `clscope run --headless --json` output: the summary is the last line.
CheckResult from_lines(const std::vector<Line>& lines, const nlohmann::json& first,
                       const std::string& path) {
  if (detail::text(first, "type") == "manifest")
    throw ResultInputError(path + ":" + std::to_string(lines.front().number) +
                           ": a clscope recording (run --record), not a result: fleet report reads "
                           "clscope check --json results and clscope run --headless --json output");
  const Line& last = lines.back();
  const std::string where = path + ":" + std::to_string(last.number);
  std::string why;
  auto summary = try_parse(last.text, &why);
  if (!summary) {
    throw ResultInputError(where + ": the last line is not JSON (" + why +
                           "); it should be the clscope.run/1 summary (was the run cut off?)");
  }
  if (!summary->is_object() || detail::text(*summary, "schema") != kRunSchema) {
    const std::string type = detail::text(*summary, "type");
    const std::string schema = detail::text(*summary, "schema");
    throw ResultInputError(where + ": the last line is not the clscope.run/1 summary" +
                           (!type.empty()     ? " (type '" + type + "')"
                            : !schema.empty() ? " (schema '" + schema + "')"
                                              : std::string()) +
                           ": clscope run --headless --json prints it last (was the run cut off?)");
  }
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].text.find(kRunSchema) == std::string_view::npos) continue;
    auto other = try_parse(lines[i].text);
    if (other && other->is_object() && detail::text(*other, "schema") == kRunSchema)
      throw ResultInputError(path + ":" + std::to_string(lines[i].number) +
                             ": a clscope.run/1 summary before the last line's (line " +
                             std::to_string(last.number) + "): one run per file");
  }
  return parse_run_summary(*summary, path, where);
}

}  // namespace

CheckResult load_fleet_result(const std::string& path) {
  const std::string data = read_file(path);
  std::optional<nlohmann::json> whole;
  std::string whole_error;
  try {
    whole = nlohmann::json::parse(data);
  } catch (const nlohmann::json::exception& e) {
    whole_error = e.what();
  }
  if (whole) return from_object(*whole, path);
  // Not one JSON document: JSON lines when its first line is an object and
  // more lines follow; else the whole file's parse error is the one to show.
  const auto lines = non_empty_lines(data);
  if (lines.size() >= 2)
    if (auto first = try_parse(lines.front().text); first && first->is_object())
      return from_lines(lines, *first, path);
  throw ResultInputError(path + ": not JSON (" + whole_error + ")");
}

FleetInputs load_fleet_inputs(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  FleetInputs out;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json" && it->is_regular_file(ec))
          found.push_back(it->path().string());
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
      out.results.push_back(load_fleet_result(f));
    } catch (const ResultInputError& e) {
      out.errors.push_back(e.what());
    } catch (const nlohmann::json::exception& e) {  // a field the readers did not expect
      out.errors.push_back(f + ": unreadable (" + e.what() + ")");
    }
  }
  return out;
}

}  // namespace clscope::fleet
