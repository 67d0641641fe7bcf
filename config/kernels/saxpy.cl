// Example kernel for config/custom-example.toml: y = a * x + y, one float4
// per work-item. Per work-item: 2 float4 loads + 1 store = 48 bytes, and 4
// FMAs = 8 floating-point operations (declared in the scenario).
__kernel void saxpy(__global const float4* restrict x, __global float4* restrict y,
                    const float a) {
  const size_t i = get_global_id(0);
  y[i] = fma((float4)(a), x[i], y[i]);
}
