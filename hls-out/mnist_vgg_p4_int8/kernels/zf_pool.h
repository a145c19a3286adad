// ZooForge HLS kernels: max, average and adaptive average pooling, exactly IntegerReference's:
// torch windows (ceil_mode, count_include_pad=True), max over the window inside the input,
// averages as clamp(RoundShift(sum * round(2^shift / n), shift)) to the data range.
//
// Word-wise over the channel-block layout (zf_types.h): per block of ZF_ACT_WORD channels the
// input plane streams in as one burst of h x w words into an on-chip plane buffer, every word
// read once; then each output word is computed for all its lanes at once from the buffer and
// written as one beat. So a layer moves blocks x h x w input beats and blocks x oh x ow output
// beats, the words ZooForgeLatencyModel charges, and the next block's burst overlaps this
// block's outputs (the model's max(input, output)).
#ifndef ZF_POOL_H
#define ZF_POOL_H

#include "zf_count.h"
#include "zf_requant.h"

// MAX_WINDOW bounds the window loops (runtime bounds, tripcount pragmas); MAX_PLANE is the
// largest input plane (h x w words) of the design's pools.
template <int MAX_WINDOW, int MAX_PLANE>
void zf_pool(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out) {
    static zf_aword plane[MAX_PLANE];
    const int lo = -(1 << (ZF_DATA_BITS - 1)), hi = (1 << (ZF_DATA_BITS - 1)) - 1;
    const bool is_max = L.kind == ZF_MAXPOOL, adaptive = L.kind == ZF_ADAPTIVE;
    const int pixels = L.h * L.w, outputs = L.oh * L.ow;
    for (int b = 0; b < zf_channel_blocks(L.m); b++) {
        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
        for (int i = 0; i < pixels; i++) {
            ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_PLANE)
            ZF_PRAGMA(HLS PIPELINE II=1)
            plane[i] = act_in[L.in + b * pixels + i];
        }
        ZF_COUNT_ADD(input_beats, pixels);
        ZF_COUNT_ADD(output_beats, outputs);
        ZF_COUNT_ADD(cycles, pixels > outputs ? pixels : outputs);
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
                const zf_wide_t average = zf_wide_t(zf_average_multiplier(n, L.shift));
                zf_wide_t sum[ZF_ACT_WORD];
                zf_data_t best[ZF_ACT_WORD];
                ZF_PRAGMA(HLS ARRAY_PARTITION variable=sum complete dim=1)
                ZF_PRAGMA(HLS ARRAY_PARTITION variable=best complete dim=1)
                for (int e = 0; e < ZF_ACT_WORD; e++) {
                    ZF_PRAGMA(HLS UNROLL)
                    sum[e] = 0;
                    best[e] = zf_data_t(lo);
                }
                for (int y = y0; y < y1; y++) {
                    ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_WINDOW)
                    for (int x = x0; x < x1; x++) {
                        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_WINDOW)
                        ZF_PRAGMA(HLS PIPELINE II=1)
                        const zf_aword v = plane[y * L.w + x];
                        for (int e = 0; e < ZF_ACT_WORD; e++) {
                            ZF_PRAGMA(HLS UNROLL)
                            sum[e] += v.e[e];
                            if (v.e[e] > best[e]) best[e] = v.e[e];
                        }
                    }
                }
                zf_aword out;
                for (int e = 0; e < ZF_ACT_WORD; e++) {
                    ZF_PRAGMA(HLS UNROLL)
                    const bool real = b * ZF_ACT_WORD + e < L.m;
                    out.e[e] = !real ? zf_data_t(0) : is_max ? best[e] : zf_data_t(zf_saturate(zf_round_shift(sum[e] * average, L.shift), lo, hi));
                }
                act_out[L.out + b * outputs + oy * L.ow + ox] = out;
            }
        }
    }
}

#endif
