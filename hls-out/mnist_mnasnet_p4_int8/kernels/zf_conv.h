// ZooForge HLS kernels: the tiled convolution engine (Zhang et al., FPGA'15) with
// pattern-sparse compute (PatDNN / HotNAS).
//
// One call runs one layer, in the tiles the performance model (ZooForgeLatencyModel) costs:
// TR x TC is the on-chip *input* tile, halo included, so a tile yields (TR-K)/S+1 output rows
// and (TC-K)/S+1 output columns; TM output channels are computed at once, and the input channels
// stream through in steps of TN. Each step loads the input tile of its TN channels and the step's
// weight block, then the MAC array accumulates `taps` positions per kernel. Dense layers use a
// one-entry pattern table that keeps all K*K positions, so both run the same loops.
//
// Overlap: the input, weight and accumulator buffers are ping-pong pairs. The engine runs a
// layer as stages; stage k loads step k into one set while the array computes step k-1 from the
// other, and when step k-1 opens a tile the tile before it is stored from the other accumulator
// set (zf_conv_stage). The tile's first step starts its accumulators from the bias, so there is
// no initialisation pass. The count build folds the stages as they run (zf_stage_clock).

// The weights of a layer are packed by ConvolutionPacking (src/ZooForge.Emit/Passes) in step
// order: per (m0, n0) step one contiguous block of kernels (m, n), each its pattern id (pattern
// layers only) then its `taps` non-zeros, zero-padded to whole words of the weight port, so a
// step's weights are one burst of ceil(kernels * (taps + ids) / ZF_WEIGHT_WORD) beats. Pattern
// positions come from the layer's table, decoded once per layer into a ROM of (row, column).
//
// At ZF_MACS_PER_DSP = 2 (data of 8 bits or fewer) the array computes two output pixels per
// multiplier, as one product w * (x1 * 2^18 + x0) that a DSP48E2's 27x18 multiplier forms, and
// splits it back exactly; half the array's inputs issue per cycle, so a step takes
// taps * (pixels rounded up to even) trips, the model's compute term.
//
// Kernel decomposition: a kernel larger than the engine's window (L.k > L.kw) runs as
// ceil(k/kw)^2 passes of kw x kw sub-kernels accumulating into the same outputs. The passes are
// virtual input channels, pass-major: virtual channel v reads input channel v % n shifted by
// (pass / passes_per_side * kw, pass % passes_per_side * kw) rows and columns, pass = v / n, and
// ConvolutionPacking stores its sub-kernel, zero past the kernel's edge. A depthwise lane takes
// its channel's passes as one step each.
//
// Dense engines (ZF_DENSE = 1, no pattern pruning in hardware) use the one-entry table for every
// layer: all PEs read the same window position each trip, one read per input channel broadcast
// to the TM lanes, so no PE has a pattern-id window multiplexer; and since every PE reads the same
// tap of w_buf each trip, w_buf is reshaped into one wide memory (BRAM words of several PEs'
// weights, as ResourceModel charges it) rather than partitioned into TM x TN small memories.
//
// Activations are words of ZF_ACT_WORD channels of one pixel (the channel-block layout of
// zf_types.h): the loader reads whole words in unconditional row bursts and the store writes
// whole words, so the activation ports move ZF_ACT_WORD values a beat, as the model charges.
//
// Semantics: exactly IntegerReference's convolution: acc = bias[m] + sum w * x (zero padding),
// 32-bit wrapping accumulators, out = Requantize(acc, multiplier[m], shift[m], lo, hi).
#ifndef ZF_CONV_H
#define ZF_CONV_H

#include "zf_count.h"
#include "zf_requant.h"

#ifndef ZF_WEIGHT_WORD
#error "define ZF_WEIGHT_WORD (weights per beat of the weight port) before including zf_conv.h"
#endif
#ifndef ZF_MACS_PER_DSP
#error "define ZF_MACS_PER_DSP (2 when two MACs share a DSP48, else 1) before including zf_conv.h"
#endif
#ifndef ZF_ACT_WORD
#error "define ZF_ACT_WORD (activations per beat of the activation ports) before including zf_conv.h"
#endif
#ifndef ZF_DENSE
#error "define ZF_DENSE (1 for dense engines without the pattern window select, else 0) before including zf_conv.h"
#endif

// Packed parameter block of a convolution at prm + L.prm:
//   bias[m] | multiplier[m] | shift[m] | table[patterns][taps] (row << 8 | column)
inline int zf_prm_bias(const zf_layer &L) { return L.prm; }
inline int zf_prm_multiplier(const zf_layer &L) { return L.prm + L.m; }
inline int zf_prm_shift(const zf_layer &L) { return L.prm + 2 * L.m; }
inline int zf_prm_table(const zf_layer &L) { return L.prm + 3 * L.m; }

// Output rows (or columns) one input tile of `tile` rows yields.
inline int zf_outputs_per_tile(int tile, int k, int s, int outputs) {
    const int per_tile = (tile - k) / s + 1;
    return per_tile < outputs ? per_tile : outputs;
}

// Words of a weight block of `values` values.
inline int zf_weight_words(int values) { return (values + ZF_WEIGHT_WORD - 1) / ZF_WEIGHT_WORD; }

// The layer's pattern table as a ROM of tap rows and columns (no division in the datapath).
template <int MAX_PATTERNS, int MAX_TAPS>
void zf_load_pattern_rom(const zf_layer &L, const zf_param_t *prm, unsigned char rom_r[MAX_PATTERNS][MAX_TAPS], unsigned char rom_c[MAX_PATTERNS][MAX_TAPS]) {
    for (int p = 0; p < L.patterns; p++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_PATTERNS)
        for (int t = 0; t < L.taps; t++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_TAPS)
ZF_PRAGMA(HLS PIPELINE II=1)
            const int position = prm[zf_prm_table(L) + p * L.taps + t];
            ZF_COUNT_ADD(param_reads, 1);
            rom_r[p][t] = static_cast<unsigned char>(position >> 8);
            rom_c[p][t] = static_cast<unsigned char>(position & 0xff);
        }
    }
}

// Loads virtual channels [v0, v0 + channels) of the input tile whose first output is (r0, q0).
// Virtual channel v is input channel v % L.n, shifted by its pass (v / L.n) of a decomposed
// kernel; `passes_per_side` is 1 for a kernel that runs as itself. The channels split into
// segments of one pass each; a segment reads, per channel word it spans, the window's rows and
// columns inside the input as unconditional bursts of whole words, and spreads each word's lanes
// to the segment's slots. A tile that reaches into the padding is zeroed on chip first. Returns
// the beats: per segment, words spanned x inside rows x inside columns (the model's count).
template <int TCH, int TR, int TC>
long long zf_load_input(const zf_layer &L, const zf_aword *act_in, zf_data_t in_buf[TCH][TR][TC], int v0, int channels, int passes_per_side, int r0, int q0, int rows, int cols) {
    const int in_rows = (rows - 1) * L.s + L.kw, in_cols = (cols - 1) * L.s + L.kw;
    const int y_tile = r0 * L.s - L.p, x_tile = q0 * L.s - L.p;
    // Only tiles at the input's edges (or passes shifted past them) see padding.
    const int reach = (passes_per_side - 1) * L.kw;
    if (y_tile < 0 || x_tile < 0 || y_tile + reach + in_rows > L.h || x_tile + reach + in_cols > L.w) {
        for (int ir = 0; ir < in_rows; ir++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
            for (int ic = 0; ic < in_cols; ic++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                for (int t = 0; t < TCH; t++) {
ZF_PRAGMA(HLS UNROLL)
                    in_buf[t][ir][ic] = zf_data_t(0);
                }
            }
        }
    }
    long long beats = 0;
    int slot = 0, v = v0;
    const int v_end = v0 + channels;
    while (v < v_end) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TCH)
        // One segment: the channels of one pass (once per segment, outside the burst loops).
        const int pass = v / L.n, first = v % L.n;
        const int count = v_end - v < L.n - first ? v_end - v : L.n - first;
        const int y0 = y_tile + pass / passes_per_side * L.kw, x0 = x_tile + pass % passes_per_side * L.kw;
        const int y_lo = y0 < 0 ? 0 : y0, y_hi = y0 + in_rows < L.h ? y0 + in_rows : L.h;
        const int x_lo = x0 < 0 ? 0 : x0, x_hi = x0 + in_cols < L.w ? x0 + in_cols : L.w;
        const int word_first = first / ZF_ACT_WORD, words = zf_channel_words(first, count);
        for (int b = 0; b < words; b++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TCH)
            // Lane e of this word is channel c = (word_first + b) * ZF_ACT_WORD + e, slot slot + c - first.
            const int lane_slot = slot + (word_first + b) * ZF_ACT_WORD - first;
            for (int y = y_lo; y < y_hi; y++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
                for (int x = x_lo; x < x_hi; x++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                    const zf_aword word = act_in[L.in + ((word_first + b) * L.h + y) * L.w + x];
                    beats++;
                    for (int e = 0; e < ZF_ACT_WORD; e++) {
ZF_PRAGMA(HLS UNROLL)
                        const int t = lane_slot + e;
                        if (t >= slot && t < slot + count) in_buf[t][y - y0][x - x0] = word.e[e];
                    }
                }
            }
        }
        slot += count;
        v += count;
    }
    return beats;
}

// Reads one step's weight block (lanes x inputs kernels, ids first when the layer has them) as
// one burst of whole words and spreads it into w_buf and the kernels' pattern ids. Slots of lanes
// and inputs past the step's real ones keep stale values: the MAC array masks them rather than
// spending a clearing pass per step. Returns the beats.
template <int A, int B, int MAX_TAPS>
long long zf_load_weight_block(const zf_layer &L, const zf_wword *wgt, int offset, int lanes, int inputs, bool with_ids,
                               zf_data_t w_buf[A][B][MAX_TAPS], unsigned char id_buf[A][B]) {
    const int per_kernel = L.taps + (with_ids ? 1 : 0);
    const int values = lanes * inputs * per_kernel, words = zf_weight_words(values);
    int a = 0, b = 0, slot = 0, index = 0;
    for (int word = 0; word < words; word++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=A*B*(MAX_TAPS+1))
ZF_PRAGMA(HLS PIPELINE II=1)
        const zf_wword beat = wgt[offset + word];
        for (int e = 0; e < ZF_WEIGHT_WORD; e++) {
ZF_PRAGMA(HLS UNROLL)
            if (index < values) {
                if (with_ids && slot == 0) id_buf[a][b] = static_cast<unsigned char>(static_cast<int>(beat.e[e]));
                else w_buf[a][b][slot - (with_ids ? 1 : 0)] = beat.e[e];
                index++;
                if (++slot == per_kernel) {
                    slot = 0;
                    if (++b == inputs) {
                        b = 0;
                        a++;
                    }
                }
            }
        }
    }
    return words;
}

// Writes the requantized accumulators of output channels [m0, m0 + lanes) of one tile as whole
// words: per channel word the range spans, the tile's rows x columns. Lanes of other channel
// tiles in a shared word: those of the earlier tiles of this spatial tile come from `carry`
// (the last word each pixel was written with, channel word `carry_word`), later ones and lanes
// past the layer's channels are zero until their own tile rewrites the word, so the last write
// of every word is complete and no word is read back. Returns the beats.
template <int TM, int TR, int TC>
long long zf_store_output(const zf_layer &L, const zf_param_t *prm, zf_aword *act_out, const zf_acc_t out_buf[TM][TR * TC], zf_aword carry[TR][TC], int &carry_word,
                          int m0, int lanes, int r0, int q0, int rows, int cols) {
    int multiplier[TM], shift[TM];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=multiplier complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=shift complete dim=1)
    for (int tm = 0; tm < lanes; tm++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TM)
        multiplier[tm] = prm[zf_prm_multiplier(L) + m0 + tm];
        shift[tm] = prm[zf_prm_shift(L) + m0 + tm];
        ZF_COUNT_ADD(param_reads, 2);
    }
    const int word_first = m0 / ZF_ACT_WORD, words = zf_channel_words(m0, lanes);
    long long beats = 0;
    for (int b = 0; b < words; b++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=(TM+ZF_ACT_WORD-1)/ZF_ACT_WORD+1)
        const int word_index = word_first + b;
        const bool shared = word_index == carry_word;
        for (int r = 0; r < rows; r++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
            for (int c = 0; c < cols; c++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                zf_aword word;
                for (int e = 0; e < ZF_ACT_WORD; e++) {
ZF_PRAGMA(HLS UNROLL)
                    // Lane e is channel word_index * ZF_ACT_WORD + e, lane tm of this tile.
                    const int tm = word_index * ZF_ACT_WORD + e - m0;
                    const bool mine = tm >= 0 && tm < lanes && tm < TM;
                    const int at = mine ? tm : 0;
                    word.e[e] = mine ? zf_requantize(zf_wide_t(out_buf[at][r * cols + c]), multiplier[at], shift[at], L.lo, L.hi)
                                     : tm < 0 && shared ? carry[r][c].e[e] : zf_data_t(0);
                }
                act_out[L.out + (word_index * L.oh + r0 + r) * L.ow + q0 + c] = word;
                if (b == words - 1) carry[r][c] = word;
                beats++;
            }
        }
    }
    carry_word = word_first + words - 1;
    return beats;
}

// w * x0 and w * x1 from one multiplication, as a DSP48E2 computes them: the low product sits in
// the low 18 bits (|w * x| < 2^17 for 8-bit operands), the high one above it, borrowing one
// when the low product is negative.
inline void zf_packed_multiply(zf_data_t w, zf_data_t x0, zf_data_t x1, zf_acc_t &p0, zf_acc_t &p1) {
ZF_PRAGMA(HLS INLINE)
    const ap_int<27> pair = (ap_int<27>(x1.to_int()) << 18) + ap_int<27>(x0.to_int());
    const ap_int<45> product = pair * ap_int<45>(w.to_int());
    const long long packed = product.to_int64();
    const long long low = static_cast<long long>(static_cast<unsigned long long>(packed) << 46) >> 46;
    p0 = zf_acc_t(low);
    p1 = zf_acc_t((packed - low) >> 18);
}

// One step of the MAC array over `pixels` output pixels (row-major in the tile, `cols` wide).
// A trip issues one tap of one input group: at ZF_MACS_PER_DSP = 2 the groups are the two halves
// of the array's inputs and each trip works on a pixel pair. Only the step's `lanes` x `inputs`
// kernels contribute. The step's first trip of a pixel (pair) reads its accumulator, or the bias
// on the tile's first step (`first`, so no separate initialisation pass), the trips of its taps
// add into a register, and its last trip writes the accumulator back: one read and one write
// per pixel, and the two pixels of a pair sit in different banks of out_buf (cyclic by 2). The
// trips of all pixels form one pipelined loop. Returns the trips.
template <int TM, int TN, int TCH, int TR, int TC, int MAX_PATTERNS, int MAX_TAPS, bool DEPTHWISE>
long long zf_compute_step(const zf_layer &L, const zf_data_t in_buf[TCH][TR][TC], const zf_data_t w_buf[TM][TN][MAX_TAPS],
                          const unsigned char id_buf[TM][TN], const unsigned char rom_r[MAX_PATTERNS][MAX_TAPS],
                          const unsigned char rom_c[MAX_PATTERNS][MAX_TAPS], const zf_acc_t bias[TM], bool first,
                          zf_acc_t out_buf[TM][TR * TC], int lanes, int inputs, int rows, int cols) {
    constexpr int PIXELS = ZF_MACS_PER_DSP;
    // The array's multipliers split into groups issued one per trip (the model's packing).
    constexpr int GROUPS = PIXELS;
    constexpr int PER_GROUP = ((DEPTHWISE ? TM : TN) + GROUPS - 1) / GROUPS;
    const int pixels = rows * cols;
    const long long trips = static_cast<long long>((pixels + PIXELS - 1) / PIXELS) * L.taps * GROUPS;
    zf_acc_t acc0[TM], acc1[TM];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=acc0 complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=acc1 complete dim=1)
    // Counters instead of divisions: the pair's first pixel p = (r, c), its second (r1, c1), the tap t, the group g.
    int p = 0, r = 0, c = 0, t = 0, g = 0;
    ZF_LOOP_LABEL(zf_compute_mac) for (long long trip = 0; trip < trips; trip++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR*TC*MAX_TAPS)
ZF_PRAGMA(HLS PIPELINE II=1)
// A pixel's accumulator is read on its first trip and written on its last; consecutive pixels
// (pairs) are different addresses, so no trip reads what an earlier trip still has in flight.
ZF_PRAGMA(HLS DEPENDENCE variable=out_buf inter false)
        const int r1 = c + 1 < cols ? r : r + 1, c1 = c + 1 < cols ? c + 1 : 0;
        const bool second = PIXELS == 2 && p + 1 < pixels;
        const bool begin = t == 0 && g == 0, end = t == L.taps - 1 && g == GROUPS - 1;
        // Without pattern ids every PE reads table row 0: one ROM read per trip for the array.
        const int shared_dy = rom_r[0][t], shared_dx = rom_c[0][t];
        for (int tm = 0; tm < TM; tm++) {
ZF_PRAGMA(HLS UNROLL)
            zf_acc_t sum0 = 0, sum1 = 0;
            for (int j = 0; j < (DEPTHWISE ? 1 : PER_GROUP); j++) {
ZF_PRAGMA(HLS UNROLL)
                const int tn = DEPTHWISE ? 0 : g * PER_GROUP + j;
                if (DEPTHWISE ? (tm / PER_GROUP != g) : (tn >= TN)) continue;
                // Lanes and inputs past the step's real ones hold stale weights and ids.
                if (tm >= lanes || (!DEPTHWISE && tn >= inputs)) continue;
                const int channel = DEPTHWISE ? tm : tn;
                // A dense layer stores no ids: its one table entry is row 0. A dense
                // engine has no per-PE select: the position is the same for every PE.
                const bool own = !ZF_DENSE && L.ids != 0;
                const int id = own ? int(id_buf[tm][tn]) : 0;
                const int dy = own ? int(rom_r[id][t]) : shared_dy, dx = own ? int(rom_c[id][t]) : shared_dx;
                const zf_data_t w = w_buf[tm][tn][t];
                const zf_data_t x0 = in_buf[channel][r * L.s + dy][c * L.s + dx];
                if (PIXELS == 2) {
                    const zf_data_t x1 = second ? in_buf[channel][r1 * L.s + dy][c1 * L.s + dx] : zf_data_t(0);
                    zf_acc_t p0, p1;
                    zf_packed_multiply(w, x0, x1, p0, p1);
                    sum0 += p0;
                    sum1 += p1;
                } else {
                    sum0 += zf_acc_t(w * x0);
                }
            }
            const zf_acc_t base0 = begin ? (first ? bias[tm] : out_buf[tm][p]) : acc0[tm];
            const zf_acc_t base1 = begin ? (first ? bias[tm] : second ? out_buf[tm][p + 1] : zf_acc_t(0)) : acc1[tm];
            acc0[tm] = base0 + sum0;
            acc1[tm] = base1 + sum1;
            if (end) {
                out_buf[tm][p] = acc0[tm];
                if (second) out_buf[tm][p + 1] = acc1[tm];
            }
        }
        // Advance the group, the tap, then the pixel (pair).
        if (++g == GROUPS) {
            g = 0;
            if (++t == L.taps) {
                t = 0;
                p += PIXELS;
                c = PIXELS == 2 ? c1 : c;
                r = PIXELS == 2 ? r1 : r;
                if (++c == cols) {
                    c = 0;
                    r++;
                }
            }
        }
    }
    return trips;
}

// One step of a layer: its output tile, its output lanes and its (virtual) input channels, and
// the first word of its weight block.
struct zf_conv_step {
    int r0, q0, rows, cols;   // output tile: first row and column, extent
    int m0, lanes;            // output channels [m0, m0 + lanes)
    int n0, inputs;           // virtual input channels [n0, n0 + inputs); depthwise: the pass n0
    int block;                // first word of the step's weight block
    int tile;                 // parity of the step's (spatial, output-channel) tile: its accumulator set
    bool first, last;         // first and last step of its tile
};

// Walks a layer's steps in the engine's order: spatial tiles, output-channel tiles, input steps.
// Counters only: no division per step.
struct zf_conv_walk {
    int tr, tc, tm, tb, inputs_total, per_kernel;
    zf_conv_step step;
    bool valid;

    void start(const zf_layer &L, int out_rows, int out_cols, int lanes_max, int inputs_step, int inputs_all, bool with_ids) {
        tr = out_rows;
        tc = out_cols;
        tm = lanes_max;
        tb = inputs_step;
        inputs_total = inputs_all;
        per_kernel = L.taps + (with_ids ? 1 : 0);
        step.r0 = step.q0 = step.m0 = step.n0 = 0;
        step.block = L.wgt;
        step.tile = 0;
        valid = true;
        shape(L);
    }

    // Words of the current step's weight block.
    int words() const { return zf_weight_words(step.lanes * step.inputs * per_kernel); }

    void advance(const zf_layer &L) {
        step.block += words();
        step.n0 += tb;
        if (step.n0 >= inputs_total) {
            step.n0 = 0;
            step.tile ^= 1;
            step.m0 += tm;
            if (step.m0 >= L.m) {
                step.m0 = 0;
                // The weights are re-read per spatial tile, from the layer's first block.
                step.block = L.wgt;
                step.q0 += tc;
                if (step.q0 >= L.ow) {
                    step.q0 = 0;
                    step.r0 += tr;
                    if (step.r0 >= L.oh) {
                        valid = false;
                        return;
                    }
                }
            }
        }
        shape(L);
    }

  private:
    void shape(const zf_layer &L) {
        step.rows = L.oh - step.r0 < tr ? L.oh - step.r0 : tr;
        step.cols = L.ow - step.q0 < tc ? L.ow - step.q0 : tc;
        step.lanes = L.m - step.m0 < tm ? L.m - step.m0 : tm;
        step.inputs = inputs_total - step.n0 < tb ? inputs_total - step.n0 : tb;
        step.first = step.n0 == 0;
        step.last = step.n0 + tb >= inputs_total;
    }
};

// One stage of the engine's pipeline over a layer's steps, on explicit ping-pong buffers: it
// loads step `next` into one input/weight set while the MAC array computes step `cur` from the
// other, and while the tile finished before `cur`'s (if `cur` opens a tile) is stored from the
// other accumulator set. The three touch disjoint buffers and ports (act_in and wgt, the array,
// act_out), so synthesis runs them side by side: a stage takes the longest of the three.
template <int TM, int TB, int TCH, int TR, int TC, int MAX_PATTERNS, int MAX_TAPS, bool DEPTHWISE>
void zf_conv_stage(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out, const zf_wword *wgt, const zf_param_t *prm,
                   bool load, const zf_conv_step &next, zf_data_t in_load[TCH][TR][TC], zf_data_t w_load[TM][TB][MAX_TAPS], unsigned char id_load[TM][TB],
                   bool compute, const zf_conv_step &cur, const zf_data_t in_cur[TCH][TR][TC], const zf_data_t w_cur[TM][TB][MAX_TAPS], const unsigned char id_cur[TM][TB],
                   zf_acc_t out_cur[TM][TR * TC], bool store, const zf_conv_step &stored, const zf_acc_t out_stored[TM][TR * TC], zf_aword carry[TR][TC], int &carry_word,
                   const unsigned char rom_r[MAX_PATTERNS][MAX_TAPS], const unsigned char rom_c[MAX_PATTERNS][MAX_TAPS],
                   int passes_per_side, bool with_ids, int depth, zf_stage_clock &clock) {
    long long input_beats = 0, weight_beats = 0, store_beats = 0, trips = 0;
    if (load) {
        input_beats = zf_load_input<TCH, TR, TC>(L, act_in, in_load, DEPTHWISE ? next.n0 * L.n + next.m0 : next.n0, DEPTHWISE ? next.lanes : next.inputs,
                                                 passes_per_side, next.r0, next.q0, next.rows, next.cols);
        weight_beats = zf_load_weight_block<TM, TB, MAX_TAPS>(L, wgt, next.block, next.lanes, next.inputs, with_ids, w_load, id_load);
    }
    if (store) store_beats = zf_store_output<TM, TR, TC>(L, prm, act_out, out_stored, carry, carry_word, stored.m0, stored.lanes, stored.r0, stored.q0, stored.rows, stored.cols);
    if (compute) {
        zf_acc_t bias[TM];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=bias complete dim=1)
        for (int tm = 0; tm < TM; tm++) {
ZF_PRAGMA(HLS UNROLL)
            const bool read = cur.first && tm < cur.lanes;
            bias[tm] = read ? zf_acc_t(prm[zf_prm_bias(L) + cur.m0 + tm]) : zf_acc_t(0);
            if (read) ZF_COUNT_ADD(param_reads, 1);
        }
        trips = zf_compute_step<TM, TB, TCH, TR, TC, MAX_PATTERNS, MAX_TAPS, DEPTHWISE>(L, in_cur, w_cur, id_cur, rom_r, rom_c, bias, cur.first, out_cur,
                                                                                       cur.lanes, cur.inputs, cur.rows, cur.cols);
    }
    clock.stage(input_beats, weight_beats, compute, trips, depth, store_beats);
}

// One convolution layer on a TM x TN engine (DEPTHWISE: TM lanes, lane tm computing output
// channel m0 + tm from input channel m0 + tm, so the input tile holds TM channels). Input and
// weight buffers are ping-pong pairs (set a and b, alternating per step), the accumulators too
// (alternating per tile): the double buffers ResourceModel charges.
template <int TM, int TN, int TR, int TC, int MAX_PATTERNS, int MAX_TAPS, bool DEPTHWISE>
void zf_conv_engine(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out, const zf_wword *wgt, const zf_param_t *prm) {
    constexpr int TCH = DEPTHWISE ? TM : TN;
    constexpr int TB = DEPTHWISE ? 1 : TN;
    static zf_data_t in_a[TCH][TR][TC], in_b[TCH][TR][TC];
    static zf_data_t w_a[TM][TB][MAX_TAPS], w_b[TM][TB][MAX_TAPS];
    static unsigned char id_a[TM][TB], id_b[TM][TB];
    static unsigned char rom_r[MAX_PATTERNS][MAX_TAPS], rom_c[MAX_PATTERNS][MAX_TAPS];
    static zf_acc_t out_a[TM][TR * TC], out_b[TM][TR * TC];
    // The last word each output pixel of the tile being stored was written with (zf_store_output);
    // only the store touches it, and tiles are stored in order, channel tiles of a spatial tile in turn.
    static zf_aword carry[TR][TC];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=in_a complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=in_b complete dim=1)
#if ZF_DENSE
ZF_PRAGMA(HLS ARRAY_RESHAPE variable=w_a complete dim=1)
ZF_PRAGMA(HLS ARRAY_RESHAPE variable=w_a complete dim=2)
ZF_PRAGMA(HLS ARRAY_RESHAPE variable=w_b complete dim=1)
ZF_PRAGMA(HLS ARRAY_RESHAPE variable=w_b complete dim=2)
#else
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_a complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_a complete dim=2)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_b complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_b complete dim=2)
#endif
// Each PE (each lane, depthwise) looks its own pattern up: the ROM is a few dozen registers.
ZF_PRAGMA(HLS ARRAY_PARTITION variable=rom_r complete dim=0)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=rom_c complete dim=0)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=id_a complete dim=0)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=id_b complete dim=0)
// Lanes in parallel; the two pixels of a pair in different banks.
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_a complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_b complete dim=1)
#if ZF_MACS_PER_DSP == 2
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_a cyclic factor=2 dim=2)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_b cyclic factor=2 dim=2)
#endif
    zf_load_pattern_rom<MAX_PATTERNS, MAX_TAPS>(L, prm, rom_r, rom_c);
    const bool with_ids = L.ids != 0;
    const int tr = zf_outputs_per_tile(TR, L.kw, L.s, L.oh), tc = zf_outputs_per_tile(TC, L.kw, L.s, L.ow);
    // Once per layer, outside the datapath.
    const int passes_per_side = (L.k + L.kw - 1) / L.kw, passes = passes_per_side * passes_per_side;
    const int depth = zf_pipeline_depth(DEPTHWISE ? 1 : TN);
    zf_stage_clock clock;
    zf_conv_walk walk;
    walk.start(L, tr, tc, TM, TB, DEPTHWISE ? passes : L.n * passes, with_ids);
    // Stage k loads step k into set k % 2 and computes step k - 1 from the other set; a step that
    // opens a tile stores the tile before it from the other accumulator set.
    zf_conv_step next = walk.step, cur = walk.step, stored = walk.step;
    bool computing = false, have_stored = false;
    // The channel word `carry` holds; -1: none yet.
    int carry_word = -1;
    for (int set = 0; walk.valid || computing; set ^= 1) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=2 max=4096)
        const bool load = walk.valid;
        next = walk.step;
        const bool store = computing && cur.first && have_stored;
        // Accumulators: the set of cur's tile; the stored tile's is the other one.
        if (set == 0) {
            if (cur.tile == 0)
                zf_conv_stage<TM, TB, TCH, TR, TC, MAX_PATTERNS, MAX_TAPS, DEPTHWISE>(L, act_in, act_out, wgt, prm, load, next, in_a, w_a, id_a, computing, cur, in_b, w_b, id_b, out_a, store, stored, out_b, carry, carry_word, rom_r, rom_c, passes_per_side, with_ids, depth, clock);
            else
                zf_conv_stage<TM, TB, TCH, TR, TC, MAX_PATTERNS, MAX_TAPS, DEPTHWISE>(L, act_in, act_out, wgt, prm, load, next, in_a, w_a, id_a, computing, cur, in_b, w_b, id_b, out_b, store, stored, out_a, carry, carry_word, rom_r, rom_c, passes_per_side, with_ids, depth, clock);
        } else {
            if (cur.tile == 0)
                zf_conv_stage<TM, TB, TCH, TR, TC, MAX_PATTERNS, MAX_TAPS, DEPTHWISE>(L, act_in, act_out, wgt, prm, load, next, in_b, w_b, id_b, computing, cur, in_a, w_a, id_a, out_a, store, stored, out_b, carry, carry_word, rom_r, rom_c, passes_per_side, with_ids, depth, clock);
            else
                zf_conv_stage<TM, TB, TCH, TR, TC, MAX_PATTERNS, MAX_TAPS, DEPTHWISE>(L, act_in, act_out, wgt, prm, load, next, in_b, w_b, id_b, computing, cur, in_a, w_a, id_a, out_b, store, stored, out_a, carry, carry_word, rom_r, rom_c, passes_per_side, with_ids, depth, clock);
        }
        if (computing && cur.last) {
            stored = cur;
            have_stored = true;
        }
        computing = load;
        cur = next;
        if (load) walk.advance(L);
    }
    // Nothing follows the last tile to hide its store.
    if (have_stored)
        clock.unhidden_store(zf_store_output<TM, TR, TC>(L, prm, act_out, stored.tile == 0 ? out_a : out_b, carry, carry_word, stored.m0, stored.lanes, stored.r0, stored.q0, stored.rows, stored.cols));
}

// One conventional convolution layer (groups = 1), also fully connected layers.
template <int TM, int TN, int TR, int TC, int MAX_PATTERNS, int MAX_TAPS>
void zf_conv(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out, const zf_wword *wgt, const zf_param_t *prm) {
    zf_conv_engine<TM, TN, TR, TC, MAX_PATTERNS, MAX_TAPS, false>(L, act_in, act_out, wgt, prm);
}

// One depthwise convolution layer (groups = in = out channels) on the TM-lane depthwise engine.
template <int TM, int TR, int TC, int MAX_PATTERNS, int MAX_TAPS>
void zf_dwconv(const zf_layer &L, const zf_aword *act_in, zf_aword *act_out, const zf_wword *wgt, const zf_param_t *prm) {
    zf_conv_engine<TM, 1, TR, TC, MAX_PATTERNS, MAX_TAPS, true>(L, act_in, act_out, wgt, prm);
}

#endif
