// Calls the layer forwards untouched but cannot describe: extension functions,
// whose entry points go straight to the driver (an extension's commands are
// not recorded). Each says so once on stderr and counts in calls_unobserved,
// so a quiet record stream is never mistaken for an idle program.
#include <CL/cl.h>

#include <string>

#include "LayerState.hpp"

namespace clscope::layer {
namespace {

void unobserved(const char* call) {
  LayerState& s = state();
  if (!s.channel.active()) return;
  count(s.channel.header().calls_unobserved);
  s.notes.say_once_per_key(call, std::string(call) + " is not observed: passed through without a record");
}

void* CL_API_CALL extension_address(const char* name) {
  void* fn = target().clGetExtensionFunctionAddress(name);
  if (fn && name) unobserved(name);
  return fn;
}

void* CL_API_CALL extension_address_for_platform(cl_platform_id platform, const char* name) {
  void* fn = target().clGetExtensionFunctionAddressForPlatform(platform, name);
  if (fn && name) unobserved(name);
  return fn;
}

}  // namespace

void install_unobserved_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clGetExtensionFunctionAddress, extension_address);
  CLSCOPE_INSTALL(d, entries, clGetExtensionFunctionAddressForPlatform, extension_address_for_platform);
}

}  // namespace clscope::layer
