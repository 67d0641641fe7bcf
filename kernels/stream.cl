// STREAM-style bandwidth kernels (McCalpin's four operations).
// VTYPE is the element type (float, float2 ... float16); the host passes
// -DVTYPE=floatN. Accounting (STREAM convention, no write-allocate counted):
//   copy  c = a        2 arrays touched -> 2 * N * sizeof(float) bytes
//   scale b = q * c    2 arrays          -> 2 * N * sizeof(float)
//   add   c = a + b    3 arrays          -> 3 * N * sizeof(float)
//   triad a = b + q*c  3 arrays          -> 3 * N * sizeof(float)
#ifndef VTYPE
#define VTYPE float4
#endif

__kernel void stream_copy(__global const VTYPE* restrict a, __global VTYPE* restrict c) {
  const size_t i = get_global_id(0);
  c[i] = a[i];
}

__kernel void stream_scale(__global VTYPE* restrict b, __global const VTYPE* restrict c,
                           const float q) {
  const size_t i = get_global_id(0);
  b[i] = q * c[i];
}

__kernel void stream_add(__global const VTYPE* restrict a, __global const VTYPE* restrict b,
                         __global VTYPE* restrict c) {
  const size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}

__kernel void stream_triad(__global VTYPE* restrict a, __global const VTYPE* restrict b,
                           __global const VTYPE* restrict c, const float q) {
  const size_t i = get_global_id(0);
  a[i] = b[i] + q * c[i];
}
