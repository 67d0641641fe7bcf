#pragma once
// An hwloc XML topology is loaded once in a forked child before clscope loads
// it itself: Debian 12's hwloc 2.9.0 dies (SIGSEGV in hwloc_topology_load) on
// some malformed exports, and a file the user names (HWLOC_XMLFILE, the probe
// report's XML) must not take clscope down with it. The child loads with the
// same settings as the caller (`configure`), default signal handlers and no
// output, and leaves with _exit, its status saying how far hwloc got; it is
// killed after `timeout_s`.
//
// The child is forked from the caller, or, once start_trial_forker() ran, from
// a small process forked back then: a caller that has grown large and tries
// file after file (the fuzz target, under ASan) would otherwise pay for copying
// itself on every trial.
//
// Thread-safety: callable from any thread; the child only calls hwloc and
// _exit (glibc keeps malloc usable in a forked child).
#include <string>

#include <hwloc.h>

namespace clscope::probes {

/// "" when a child process loaded `xml_path` (nullptr: whatever HWLOC_XMLFILE
/// names); else why the file is not to be loaded in this process: "hwloc
/// crashed (SIGSEGV) reading it", "hwloc took more than 10 s reading it",
/// "cannot fork to try it first: ...", or hwloc's own refusal
/// ("hwloc_topology_load refused it: Invalid argument ..."), which the caller
/// then need not repeat: hwloc 2.9.0 leaks what it had imported of a file it
/// refuses, even after hwloc_topology_destroy.
std::string trial_load_xml(const char* xml_path, void (*configure)(hwloc_topology_t), double timeout_s = 10.0);

/// Forks now the process that later trials of a named file are forked from.
/// It ends with the thread that started it (PR_SET_PDEATHSIG) or at
/// stop_trial_forker(); if it dies earlier, trials fork the caller again.
/// False when it could not be started.
bool start_trial_forker();
void stop_trial_forker();

}  // namespace clscope::probes
