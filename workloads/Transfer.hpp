#pragma once
// `transfer`: host->device and device->host copies; GB/s.
// Bytes per launch = size (one copy of `size` bytes in one direction).
// mode=pageable: 64-byte-aligned malloc'ed host memory.
// mode=pinned:   host memory from a CL_MEM_ALLOC_HOST_PTR buffer kept mapped
//                (the driver's page-locked staging), copied with Read/Write.
// mode=mapped:   map/unmap of a CL_MEM_ALLOC_HOST_PTR buffer. On a device that
//                shares host memory (CPU devices, integrated GPUs) nothing is
//                copied: the figure is maps per second and the run is reported
//                as zero-copy, never as a bandwidth.
#include "workloads/Buffers.hpp"
#include "workloads/Workload.hpp"

namespace clscope::workloads {

enum class TransferDir { h2d, d2h, both };
enum class TransferMode { pageable, pinned, mapped };
const char* transfer_dir_name(TransferDir d);
const char* transfer_mode_name(TransferMode m);

struct TransferOptions {
  TransferDir dir = TransferDir::h2d;
  TransferMode mode = TransferMode::pinned;
  std::uint64_t size = 64ull << 20;
};

class TransferWorkload final : public Workload {
 public:
  TransferWorkload(CommonOptions common, TransferOptions options);
  ~TransferWorkload() override;
  std::string kind() const override { return "transfer"; }
  core::Metric metric() const override {
    return zero_copy_ ? core::Metric::maps_per_s : core::Metric::bytes_per_s;
  }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override { return check(queue); }
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

 private:
  std::string check(cl::CommandQueue& queue);

  TransferOptions opt_;
  bool zero_copy_ = false;
  std::uint64_t count_ = 0;  // launches so far, for dir=both alternation
  cl::Buffer device_buf_;
  cl::Buffer pinned_buf_;
  cl::CommandQueue map_queue_;  // retained: the pinned buffer is unmapped on it at the end
  void* host_ = nullptr;  // pageable or pinned host memory
  std::unique_ptr<unsigned char[], FreeDeleter> pageable_;
  std::unique_ptr<unsigned char[], FreeDeleter> expected_;  // the pattern the device must hold
};

}  // namespace clscope::workloads
