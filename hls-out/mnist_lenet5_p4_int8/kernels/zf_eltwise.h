// ZooForge HLS kernels: element-wise operations over whole tensors, exactly IntegerReference's:
// residual add clamp(RoundShift(a*Ma + b*Mb, shift)), one concatenation part
// clamp(RoundShift(x*M, shift)) written at its channel offset, and the standalone clamp.
#ifndef ZF_ELTWISE_H
#define ZF_ELTWISE_H

#include "zf_count.h"
#include "zf_requant.h"

// L.n * L.h * L.w elements; one per cycle.
inline void zf_eltwise(const zf_layer &L, const zf_data_t *act_in, zf_data_t *act_out) {
    const int count = L.n * L.h * L.w;
    for (int i = 0; i < count; i++) {
        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=65536)
        ZF_PRAGMA(HLS PIPELINE II=1)
        const zf_wide_t a = zf_wide_t(act_in[L.in + i]);
        zf_data_t y;
        if (L.kind == ZF_ADD) {
            const zf_wide_t b = zf_wide_t(act_in[L.in2 + i]);
            y = zf_saturate(zf_round_shift(a * zf_wide_t(L.mul_a) + b * zf_wide_t(L.mul_b), L.shift), L.lo, L.hi);
        } else if (L.kind == ZF_SCALE) {
            y = zf_saturate(zf_round_shift(a * zf_wide_t(L.mul_a), L.shift), L.lo, L.hi);
        } else {
            y = zf_saturate(a, L.lo, L.hi);
        }
        act_out[L.out + i] = y;
        ZF_COUNT_ADD(input_beats, L.kind == ZF_ADD ? 2 : 1);
        ZF_COUNT_ADD(output_beats, 1);
        ZF_COUNT_ADD(cycles, L.kind == ZF_ADD ? 2 : 1);
    }
}

#endif
