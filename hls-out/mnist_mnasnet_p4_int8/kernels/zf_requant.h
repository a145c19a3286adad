// ZooForge HLS kernels: rounding and saturation, exactly Requantizer in
// src/ZooForge.Compression/Quantization/Requantizer.cs.
#ifndef ZF_REQUANT_H
#define ZF_REQUANT_H

#include "zf_types.h"

// floor(x / 2^shift + 1/2): arithmetic shift rounding half up; shift 0 returns x. shift in 0..62.
inline zf_wide_t zf_round_shift(zf_wide_t x, int shift) {
ZF_PRAGMA(HLS INLINE)
    if (shift == 0) return x;
    zf_wide_t half = zf_wide_t(1) << (shift - 1);
    return (x + half) >> shift;
}

// Clamp to [lo, hi].
inline zf_data_t zf_saturate(zf_wide_t x, int lo, int hi) {
ZF_PRAGMA(HLS INLINE)
    if (x < lo) return zf_data_t(lo);
    if (x > hi) return zf_data_t(hi);
    return zf_data_t(x);
}

// clamp(RoundShift(acc * multiplier, shift), lo, hi) with the product in 64 bits.
inline zf_data_t zf_requantize(zf_wide_t acc, int multiplier, int shift, int lo, int hi) {
ZF_PRAGMA(HLS INLINE)
    zf_wide_t product = acc * zf_wide_t(multiplier);
    return zf_saturate(zf_round_shift(product, shift), lo, hi);
}

// The multiplier of an average over n values: round(2^shift / n) = floor((2^shift + floor(n/2)) / n).
inline int zf_average_multiplier(int n, int shift) {
ZF_PRAGMA(HLS INLINE)
    return static_cast<int>(((1LL << shift) + n / 2) / n);
}

#endif
