#pragma once
// A test fixture with the best OpenCL device found ("auto"), skipped when the
// machine has none.
#include <gtest/gtest.h>

#include <memory>
#include <variant>

#include "workloads/Device.hpp"
#include "workloads/DeviceSelect.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::test {

class OnDevice : public ::testing::Test {
 protected:
  void SetUp() override {
    using namespace workloads;
    auto picked = select_device(parse_device_spec("auto"), discover());
    if (!std::holds_alternative<DeviceInfo>(picked)) GTEST_SKIP() << "no OpenCL device";
    device_ = std::make_unique<Device>(std::get<DeviceInfo>(picked));
  }
  std::unique_ptr<workloads::Device> device_;
};

}  // namespace clscope::test
