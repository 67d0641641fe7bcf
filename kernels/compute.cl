// FMA-dense compute kernel with independent dependency chains, so that the
// device's FMA pipelines stay full. SCALAR is float, double or half and VTYPE
// its vector form; the host passes -DSCALAR=... -DVTYPE=... (and -DUSE_FP64 /
// -DUSE_FP16 where the device supports them).
// Accounting: each work-item runs `iters` rounds of CHAINS fused multiply-adds
// on VTYPE values (CHAINS = 4, 8 or 16, -DCHAINS=..., default 8); an FMA
// counts as 2 operations, so
//   ops per work-item = iters * CHAINS * 2 * lanes(VTYPE).
// Chain c starts at in + c/8; the chains are summed pairwise at the end.
// Starting values come from `in` so that every lane differs: with equal lanes
// a compiler may compute one lane and broadcast it, doing a fraction of the work.
#ifdef USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#ifdef USE_FP16
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#endif
#ifndef SCALAR
#define SCALAR float
#endif
#ifndef VTYPE
#define VTYPE float
#endif
#ifndef CHAINS
#define CHAINS 8
#endif

__kernel void compute_fma(__global const VTYPE* restrict in, __global VTYPE* restrict out,
                          const SCALAR a, const SCALAR b, const int iters) {
  const size_t gid = get_global_id(0);
  const VTYPE x0 = in[gid];
  VTYPE x[CHAINS];
#pragma unroll
  for (int c = 0; c < CHAINS; ++c) x[c] = x0 + (VTYPE)(0.125f * c);
  const VTYPE va = (VTYPE)(a);
  const VTYPE vb = (VTYPE)(b);
  for (int i = 0; i < iters; ++i) {
#pragma unroll
    for (int c = 0; c < CHAINS; ++c) x[c] = fma(x[c], va, vb);
  }
#pragma unroll
  for (int s = CHAINS / 2; s > 0; s /= 2) {
#pragma unroll
    for (int c = 0; c < s; ++c) x[c] = x[c] + x[c + s];
  }
  out[gid] = x[0];
}
