// ZooForge HLS kernels: max, average and adaptive average pooling, exactly IntegerReference's:
// torch windows (ceil_mode, count_include_pad=True), max over the window inside the input,
// averages as clamp(RoundShift(sum * round(2^shift / n), shift)) to the data range.
#ifndef ZF_POOL_H
#define ZF_POOL_H

#include "zf_count.h"
#include "zf_requant.h"

// Output rows/columns of channel planes run one value per cycle; the window loops are bounded
// by the largest pooling window of the design, MAX_WINDOW (runtime bound, tripcount pragma).
template <int MAX_WINDOW>
void zf_pool(const zf_layer &L, const zf_data_t *act_in, zf_data_t *act_out) {
    const int lo = -(1 << (ZF_DATA_BITS - 1)), hi = (1 << (ZF_DATA_BITS - 1)) - 1;
    const bool is_max = L.kind == ZF_MAXPOOL, adaptive = L.kind == ZF_ADAPTIVE;
    for (int c = 0; c < L.m; c++) {
        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=512)
        for (int oy = 0; oy < L.oh; oy++) {
            ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
            for (int ox = 0; ox < L.ow; ox++) {
                ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
                int y0, y1, x0, x1, n;
                if (adaptive) {
                    // torch: [floor(i*H/out), ceil((i+1)*H/out))
                    y0 = oy * L.h / L.oh;
                    y1 = ((oy + 1) * L.h + L.oh - 1) / L.oh;
                    x0 = ox * L.w / L.ow;
                    x1 = ((ox + 1) * L.w + L.ow - 1) / L.ow;
                    n = (y1 - y0) * (x1 - x0);
                } else {
                    // The window clipped to the padded input gives the divisor; clipped to the input, the values.
                    const int ys = oy * L.s - L.p, xs = ox * L.s - L.p;
                    const int ye = ys + L.k < L.h + L.p ? ys + L.k : L.h + L.p, xe = xs + L.k < L.w + L.p ? xs + L.k : L.w + L.p;
                    n = (ye - ys) * (xe - xs);
                    y0 = ys < 0 ? 0 : ys;
                    x0 = xs < 0 ? 0 : xs;
                    y1 = ye < L.h ? ye : L.h;
                    x1 = xe < L.w ? xe : L.w;
                }
                zf_wide_t sum = 0;
                zf_data_t best = zf_data_t(lo);
                for (int y = y0; y < y1; y++) {
                    ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_WINDOW)
                    for (int x = x0; x < x1; x++) {
                        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_WINDOW)
                        ZF_PRAGMA(HLS PIPELINE II=1)
                        const zf_data_t v = act_in[L.in + (c * L.h + y) * L.w + x];
                        ZF_COUNT_ADD(input_beats, 1);
                        ZF_COUNT_ADD(cycles, 1);
                        sum += v;
                        if (v > best) best = v;
                    }
                }
                ZF_COUNT_ADD(output_beats, 1);
                act_out[L.out + (c * L.oh + oy) * L.ow + ox] =
                    is_max ? best : zf_saturate(zf_round_shift(sum * zf_wide_t(zf_average_multiplier(n, L.shift)), L.shift), lo, hi);
            }
        }
    }
}

#endif
