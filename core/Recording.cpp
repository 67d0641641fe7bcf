#include "core/Recording.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace clscope::core {

Recorder::Recorder(const std::string& path, nlohmann::json manifest) : path_(path) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) throw RecordingError("cannot create " + path + ": " + std::strerror(errno));
  manifest["type"] = "manifest";
  manifest["schema"] = kRecordSchema;
  write(manifest);
  flush();
}

Recorder::~Recorder() {
  flush();
  if (file_) std::fclose(file_);
}

void Recorder::write(const nlohmann::json& record) {
  std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard lock(mu_);
  buffer_ += line;
}

void Recorder::flush() {
  std::lock_guard lock(mu_);
  if (!file_ || buffer_.empty()) return;
  const std::size_t n = std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  bytes_ += n;
  buffer_.erase(0, n);
  std::fflush(file_);
  fdatasync(fileno(file_));
}

std::uint64_t Recorder::bytes_written() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

Recording read_recording(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw RecordingError("cannot open " + path + ": " + std::strerror(errno));
  Recording rec;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  const bool ends_with_newline = [&] {
    std::ifstream raw(path, std::ios::binary | std::ios::ate);
    if (!raw || raw.tellg() <= 0) return true;
    raw.seekg(-1, std::ios::end);
    char c = 0;
    raw.get(c);
    return c == '\n';
  }();
  if (lines.empty()) throw RecordingError(path + ": empty file, not a clscope recording");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(lines[i]);
    } catch (const nlohmann::json::exception& e) {  // parse_error, out_of_range (1e999)
      const bool last = i + 1 == lines.size();
      if (last && !rec.manifest.is_null()) {  // never the manifest itself
        rec.warnings.push_back(path + ":" + std::to_string(i + 1) + ": " +
                               (ends_with_newline ? "unreadable" : "torn") +
                               " last line skipped (the run was probably cut off)");
        break;
      }
      throw RecordingError(path + ":" + std::to_string(i + 1) + ": not valid JSON (" +
                           std::string(e.what()) + ")");
    }
    // A field of the wrong type reads as absent (json::value would throw type_error).
    auto text = [&j](const char* key) {
      auto it = j.find(key);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (rec.manifest.is_null()) {  // the first line that is not empty
      const std::string at = path + ":" + std::to_string(i + 1);
      if (!j.is_object() || text("type") != "manifest")
        throw RecordingError(at + ": the first line is not a clscope manifest");
      if (text("schema") != kRecordSchema)
        throw RecordingError(at + ": schema '" + text("schema") + "' is not " + kRecordSchema);
      rec.manifest = std::move(j);
      continue;
    }
    if (!j.is_object() || text("type").empty())
      throw RecordingError(path + ":" + std::to_string(i + 1) + ": a record needs a \"type\"");
    rec.records.push_back(std::move(j));
  }
  if (rec.manifest.is_null())
    throw RecordingError(path + ": no manifest line, not a clscope recording");
  return rec;
}

}  // namespace clscope::core
