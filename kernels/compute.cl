// FMA-dense compute kernel with independent dependency chains, so that the
// device's FMA pipelines stay full. SCALAR is float, double or half and VTYPE
// its vector form; the host passes -DSCALAR=... -DVTYPE=... (and -DUSE_FP64 /
// -DUSE_FP16 where the device supports them).
// Accounting: each work-item runs `iters` rounds of CHAINS fused multiply-adds
// on VTYPE values; an FMA counts as 2 operations, so
//   ops per work-item = iters * CHAINS * 2 * lanes(VTYPE).
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
#define CHAINS 8

__kernel void compute_fma(__global const VTYPE* restrict in, __global VTYPE* restrict out,
                          const SCALAR a, const SCALAR b, const int iters) {
  const size_t gid = get_global_id(0);
  VTYPE x0 = in[gid];
  VTYPE x1 = x0 + (VTYPE)(0.125f);
  VTYPE x2 = x0 + (VTYPE)(0.25f);
  VTYPE x3 = x0 + (VTYPE)(0.375f);
  VTYPE x4 = x0 + (VTYPE)(0.5f);
  VTYPE x5 = x0 + (VTYPE)(0.625f);
  VTYPE x6 = x0 + (VTYPE)(0.75f);
  VTYPE x7 = x0 + (VTYPE)(0.875f);
  const VTYPE va = (VTYPE)(a);
  const VTYPE vb = (VTYPE)(b);
  for (int i = 0; i < iters; ++i) {
    x0 = fma(x0, va, vb);
    x1 = fma(x1, va, vb);
    x2 = fma(x2, va, vb);
    x3 = fma(x3, va, vb);
    x4 = fma(x4, va, vb);
    x5 = fma(x5, va, vb);
    x6 = fma(x6, va, vb);
    x7 = fma(x7, va, vb);
  }
  out[gid] = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
}
