// ZooForge HLS kernels: element-wise operations over whole tensors, exactly IntegerReference's:
// residual add clamp(RoundShift(a*Ma + b*Mb, shift)), one concatenation part
// clamp(RoundShift(x*M, shift)) written at its channel offset, and the standalone clamp.
//
// Word-wise over the channel-block layout (zf_types.h): one trip per word, all its lanes at once,
// lanes past the tensor's channels written as zero. An add reads two words per trip on the one
// input port, so it moves 2 x blocks x h x w input beats and blocks x h x w output beats, the
// words ZooForgeLatencyModel charges, in the input beats' cycles.
#ifndef ZF_ELTWISE_H
#define ZF_ELTWISE_H

#include "zf_count.h"
#include "zf_requant.h"

// One concatenation part: its L.n channels land at channels [L.in2, L.in2 + L.n) of the
// output whose first word is L.out. A part starting inside a word reads that word back (the
// earlier part's lanes) and takes its lanes from the two part words they straddle; lanes past
// the part are zero until the next part rewrites the word. Not costed by the models.
inline void zf_concat_part(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out) {
    const int pixels = L.h * L.w, first = L.in2, blocks = zf_channel_blocks(L.n);
    const int word_first = first / ZF_ACT_WORD, words = zf_channel_words(first, L.n);
    for (int b = 0; b < words; b++) {
        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
        const int word_index = word_first + b;
        // Part channel j = word_index * ZF_ACT_WORD + e - first sits in part word j / ZF_ACT_WORD.
        const int j0 = word_index * ZF_ACT_WORD - first;
        const int low = j0 < 0 ? -1 : j0 / ZF_ACT_WORD;
        for (int i = 0; i < pixels; i++) {
            ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=65536)
            ZF_PRAGMA(HLS PIPELINE II=3)
            const bool shared = j0 < 0;
            zf_aword before{}, part0{}, part1{};
            if (shared) before = act_in[L.out + word_index * pixels + i];
            if (low >= 0) part0 = act_in[L.in + low * pixels + i];
            if (low + 1 < blocks) part1 = act_in[L.in + (low + 1) * pixels + i];
            zf_aword out;
            for (int e = 0; e < ZF_ACT_WORD; e++) {
                ZF_PRAGMA(HLS UNROLL)
                const int j = j0 + e;
                const zf_data_t x = j < 0 || j >= L.n ? zf_data_t(0) : j / ZF_ACT_WORD == low ? part0.e[j % ZF_ACT_WORD] : part1.e[j % ZF_ACT_WORD];
                const zf_data_t y = zf_saturate(zf_round_shift(zf_wide_t(x) * zf_wide_t(L.mul_a), L.shift), L.lo, L.hi);
                out.e[e] = j < 0 ? before.e[e] : j < L.n ? y : zf_data_t(0);
            }
            act_out[L.out + word_index * pixels + i] = out;
        }
    }
}

inline void zf_eltwise(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out) {
    if (L.kind == ZF_SCALE) {
        zf_concat_part(L, act_in, act_out);
        return;
    }
    const int pixels = L.h * L.w;
    const bool add = L.kind == ZF_ADD;
    for (int b = 0; b < zf_channel_blocks(L.n); b++) {
        ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
        for (int i = 0; i < pixels; i++) {
            ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=65536)
            ZF_PRAGMA(HLS PIPELINE II=2)
            const int word = b * pixels + i;
            const zf_aword a = act_in[L.in + word];
            zf_aword second{};
            if (add) second = act_in[L.in2 + word];
            zf_aword out;
            for (int e = 0; e < ZF_ACT_WORD; e++) {
                ZF_PRAGMA(HLS UNROLL)
                const zf_wide_t x = zf_wide_t(a.e[e]);
                zf_data_t y;
                if (add) y = zf_saturate(zf_round_shift(x * zf_wide_t(L.mul_a) + zf_wide_t(second.e[e]) * zf_wide_t(L.mul_b), L.shift), L.lo, L.hi);
                else y = zf_saturate(x, L.lo, L.hi);
                out.e[e] = b * ZF_ACT_WORD + e < L.n ? y : zf_data_t(0);
            }
            act_out[L.out + word] = out;
        }
        ZF_COUNT_ADD(input_beats, add ? 2 * pixels : pixels);
        ZF_COUNT_ADD(output_beats, pixels);
        ZF_COUNT_ADD(cycles, add ? 2 * pixels : pixels);
    }
}

#endif
