#pragma once
// The one explicit list of probe backends, and discovery of the probes that
// apply to this machine (or to the sysfs/procfs trees an FsRoot points at).
//
// Backends, in order: host.cpu, host.load, host.pressure, host.memory, process,
// process.threads, nvml, amdgpu, i915, xe, cpu. A backend that finds nothing
// leaves a note saying why (e.g. "nvml: libnvidia-ml.so.1: cannot open shared
// object file ..."), which the probe report shows instead of silence.
// Discovery does I/O (sysfs listing, dlopen); call it from a setup path.
#include <string>
#include <vector>

#include "probes/FsRoot.hpp"
#include "probes/Nvml.hpp"
#include "probes/Probe.hpp"

namespace clscope::probes {

struct ProbeOptions {
  FsRoot root;
  /// dlopen candidates for NVML, tried in order; empty disables NVML.
  std::vector<std::string> nvml_paths = default_nvml_library_paths();
};

struct BackendNote {
  std::string backend;
  std::string reason;  ///< why the backend contributed no probe
};

struct Discovery {
  std::vector<ProbePtr> probes;
  std::vector<BackendNote> notes;
};

struct Backend {
  const char* name;
  const char* description;
  void (*discover)(const ProbeOptions& options, Discovery& out);
};

/// The registry: every backend clscope has, in sampling/display order.
const std::vector<Backend>& backends();

/// Runs every backend's discovery. Never throws.
Discovery discover_probes(const ProbeOptions& options);

}  // namespace clscope::probes
