// Every embedded kernel builds on whatever OpenCL platform is present, and the
// embedded text is the .cl file byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kernels/Kernels.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Device.hpp"
#include "workloads/DeviceSelect.hpp"

using namespace clscope;

TEST(Kernels, EmbeddedTextMatchesTheSourceFiles) {
  ASSERT_GE(kernels::all().size(), 3u);
  for (const auto& [name, text] : kernels::all()) {
    std::ifstream in(std::string(CLSCOPE_SOURCE_DIR) + "/kernels/" + std::string(name));
    ASSERT_TRUE(in) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), text) << name;
  }
  EXPECT_TRUE(kernels::source("stream.cl").has_value());
  EXPECT_FALSE(kernels::source("nope.cl").has_value());
}

TEST(Kernels, EveryKernelBuildsOnEveryDevice) {
  const auto platforms = workloads::discover();
  int built = 0;
  for (const auto& p : platforms)
    for (const auto& d : p.devices) {
      workloads::Device dev(d);
      for (const auto& [name, text] : kernels::all()) {
        try {
          auto b = dev.build(std::string(text), "", std::string(name));
          EXPECT_GT(b.build_ms, 0.0);
          ++built;
        } catch (const workloads::ClError& e) {
          ADD_FAILURE() << name << " on " << d.name << ": " << e.what();
        }
      }
    }
  if (built == 0) GTEST_SKIP() << "no OpenCL device present";
}

TEST(Kernels, BuildFailureShowsTheLogWithoutTempPaths) {
  const auto platforms = workloads::discover();
  auto picked = workloads::select_device(workloads::parse_device_spec("auto"), platforms);
  if (!std::holds_alternative<workloads::DeviceInfo>(picked)) GTEST_SKIP() << "no device";
  workloads::Device dev(std::get<workloads::DeviceInfo>(picked));
  try {
    dev.build("__kernel void broken(__global int* p) { p[0] = undeclared_name; }", "", "broken.cl");
    FAIL() << "expected a build failure";
  } catch (const workloads::ClError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.code(), -11);
    EXPECT_NE(what.find("clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)"), std::string::npos);
    EXPECT_NE(what.find("undeclared_name"), std::string::npos) << what;
    EXPECT_EQ(what.find("/tmp/"), std::string::npos) << what;
  }
}
