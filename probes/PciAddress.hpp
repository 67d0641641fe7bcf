#pragma once
// PCI addresses live in core (shared with the OpenCL engine); probes use them
// under their own namespace too.
#include "core/PciAddress.hpp"

namespace clscope::probes {
using core::PciAddress;
using core::pci_from_amd_topology;
using core::pci_from_khr_bus_info;
using core::pci_from_nv;
using core::kAmdTopologyBytes;
}  // namespace clscope::probes
