// hwloc XML exports (HWLOC_XMLFILE, or the probe report given an XML): probes::Topology::load_xml,
// then what clscope asks of a topology (summary, device locality).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "probes/HwlocXmlTrial.hpp"
#include "probes/Topology.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("HWLOC_HIDE_ERRORS", "1", 0);  // hwloc's own complaints about bad XML
  // Each input's trial load forks; from this small process rather than from the
  // fuzzer once ASan's quarantine has grown it to hundreds of MB.
  (void)clscope::probes::start_trial_forker();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string path = fuzz::write_temp("topology.xml", data, size);
  std::string error;
  auto topo = probes::Topology::load_xml(path, error);
  if (!topo) return 0;
  (void)topo->summary();
  probes::DeviceIdentity cpu;
  cpu.is_cpu = true;
  (void)topo->locate(cpu);
  for (const char* bdf : {"0000:00:02.0", "0000:03:00.0", "0000:c1:00.0"}) {
    probes::DeviceIdentity gpu;
    gpu.pci = probes::PciAddress::parse(bdf);
    (void)topo->locate(gpu);
  }
  return 0;
}
