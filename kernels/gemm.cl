// Tiled single-precision matrix product C = A * B, row-major:
//   A is M x K, B is K x N, C is M x N.
// Each work-group computes one TS x TS tile of C. Work-item (tx, ty) owns
// WPT rows (ty, ty + TS/WPT, ...) and four adjacent columns (4*tx .. 4*tx+3)
// of the tile: WPT float4 accumulators (register blocking). The K dimension
// is walked in TS-wide steps: each step stages a TS x TS tile of A and of B
// in local memory, every work-item loading WPT float4s of each (vector
// loads), then accumulates from local memory.
// Requirements (the host pads sizes): M, N, K multiples of TS; TS a multiple
// of 4 and of WPT. Local size (TS/4, TS/WPT); global size (N/4, M/WPT).
// (WPT = TS up to 16 measured best on POCL: few, fat work-items.)
// Accounting: 2*M*N*K floating-point operations per launch (FMA = 2); bytes
// counted as the compulsory traffic 4*(M*K + K*N + M*N).
#ifndef TS
#define TS 32
#endif
#ifndef WPT
#define WPT (TS < 16 ? TS : 16)
#endif
#define TS4 (TS / 4)
#define RTS (TS / WPT)

__kernel __attribute__((reqd_work_group_size(TS4, RTS, 1)))
void gemm_tiled(const int M, const int N, const int K,
                __global const float* restrict A,
                __global const float* restrict B,
                __global float* restrict C) {
  const int tx = get_local_id(0);  // float4 column within the tile
  const int ty = get_local_id(1);  // first row within the tile
  const int row0 = get_group_id(1) * TS;
  const int col4 = get_group_id(0) * TS4 + tx;  // float4 column of C

  __local float4 Asub[TS][TS4];
  __local float4 Bsub[TS][TS4];

  float4 acc[WPT];
  for (int r = 0; r < WPT; ++r) acc[r] = (float4)(0.0f);
  const int tiles = K / TS;
  for (int t = 0; t < tiles; ++t) {
    for (int r = 0; r < WPT; ++r) {
      const int rr = ty + r * RTS;
      Asub[rr][tx] = vload4(0, A + (size_t)(row0 + rr) * K + t * TS + 4 * tx);
      Bsub[rr][tx] = vload4(0, B + (size_t)(t * TS + rr) * N + 4 * col4);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k4 = 0; k4 < TS4; ++k4) {
      const float4 b0 = Bsub[4 * k4 + 0][tx];
      const float4 b1 = Bsub[4 * k4 + 1][tx];
      const float4 b2 = Bsub[4 * k4 + 2][tx];
      const float4 b3 = Bsub[4 * k4 + 3][tx];
      for (int r = 0; r < WPT; ++r) {
        const float4 a = Asub[ty + r * RTS][k4];
        acc[r] = fma((float4)(a.x), b0, acc[r]);
        acc[r] = fma((float4)(a.y), b1, acc[r]);
        acc[r] = fma((float4)(a.z), b2, acc[r]);
        acc[r] = fma((float4)(a.w), b3, acc[r]);
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  for (int r = 0; r < WPT; ++r)
    vstore4(acc[r], 0, C + (size_t)(row0 + ty + r * RTS) * N + 4 * col4);
}
