// The smallest useful kernel, for launch latency: work-item 0 increments a
// counter so the host can check that every launch ran exactly once.
// Accounting: 4 bytes read + 4 written and 1 operation per launch.
__kernel void launch_tick(__global int* counter) {
  if (get_global_id(0) == 0) counter[0] += 1;
}
