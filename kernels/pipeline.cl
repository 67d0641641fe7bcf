// Kernels of the request pipeline's chain, after the matrix product
// (gemm.cl, Y = X * W): a row-wise softmax and an element-wise affine map.
// Y and Z are rows x H, row-major; H is a multiple of 4.
// Accounting per row: softmax 4*H operations (max, exp, sum, scale) and
// 2*4*H bytes (read + write); scale_bias 2*H operations and 2*4*H bytes.

// One work-item per row: numerically stable softmax in place.
__kernel void softmax_rows(__global float* restrict y, const int H) {
  const size_t row = get_global_id(0);
  __global float* r = y + row * (size_t)H;
  float m = r[0];
  for (int j = 1; j < H; ++j) m = fmax(m, r[j]);
  float sum = 0.0f;
  for (int j = 0; j < H; ++j) {
    const float e = exp(r[j] - m);
    r[j] = e;
    sum += e;
  }
  const float inv = 1.0f / sum;
  for (int j = 0; j < H; ++j) r[j] *= inv;
}

// z[row][j] = y[row][j] * gamma[j] + beta[j], one float4 per work-item.
__kernel void scale_bias(__global const float4* restrict y, __global const float4* restrict gamma,
                         __global const float4* restrict beta, __global float4* restrict z,
                         const int H4) {
  const size_t i = get_global_id(0);
  const int j = (int)(i % (size_t)H4);
  z[i] = fma(y[i], gamma[j], beta[j]);
}
