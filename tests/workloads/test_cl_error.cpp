#include <gtest/gtest.h>

#include "workloads/ClError.hpp"

using namespace clscope::workloads;

TEST(ClError, NamesKnownCodes) {
  EXPECT_STREQ(cl_error_name(0), "CL_SUCCESS");
  EXPECT_STREQ(cl_error_name(-5), "CL_OUT_OF_RESOURCES");
  EXPECT_STREQ(cl_error_name(-11), "CL_BUILD_PROGRAM_FAILURE");
  EXPECT_STREQ(cl_error_name(-54), "CL_INVALID_WORK_GROUP_SIZE");
  EXPECT_STREQ(cl_error_name(-59), "CL_INVALID_OPERATION");
  EXPECT_STREQ(cl_error_name(-1001), "CL_PLATFORM_NOT_FOUND_KHR");
}

TEST(ClError, UnknownCodesAreSaidToBeUnknown) {
  EXPECT_STREQ(cl_error_name(-9999), "CL_UNKNOWN_ERROR");
  EXPECT_STREQ(cl_error_name(12345), "CL_UNKNOWN_ERROR");
}

TEST(ClError, FormatsCallNameAndCode) {
  EXPECT_EQ(format_cl_error("clEnqueueNDRangeKernel", -5),
            "clEnqueueNDRangeKernel: CL_OUT_OF_RESOURCES (-5)");
  ClError e("clBuildProgram", -11, "log line");
  EXPECT_STREQ(e.what(), "clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)\nlog line");
  EXPECT_EQ(e.code(), -11);
  EXPECT_EQ(e.call(), "clBuildProgram");
}
