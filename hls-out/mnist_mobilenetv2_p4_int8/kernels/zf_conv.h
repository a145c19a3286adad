// ZooForge HLS kernels: the tiled convolution engine (Zhang et al., FPGA'15) with
// pattern-sparse compute (PatDNN / HotNAS).
//
// One call runs one layer. The output is tiled into TR x TC pixels and TM channels; for each
// output tile the input channels stream through in groups of TN. Each (TM, TN) step loads an
// input tile with its halo into in_buf, the kernels' packed non-zero weights into w_buf and
// their positions (from the layer's pattern table and per-kernel pattern ids) into tap_r/tap_c,
// then the TM x TN MAC array accumulates `taps` positions per kernel. Dense layers use a
// one-entry pattern table that keeps all K*K positions, so both run the same loops.
//
// Activations are read through act_in and written through act_out: two AXI masters (the
// design's input and output ports) on the same DRAM buffer; a layer never writes a region it reads.
// Semantics: exactly IntegerReference's convolution: acc = bias[m] + sum w * x (zero padding),
// 32-bit wrapping accumulators, out = Requantize(acc, multiplier[m], shift[m], lo, hi).
// Static bounds: TM, TN, TR, TC, TK and MAX_S (the largest stride) size the buffers; runtime
// loop bounds carry LOOP_TRIPCOUNT pragmas.
#ifndef ZF_CONV_H
#define ZF_CONV_H

#include "zf_requant.h"

// Packed parameter block of a convolution at prm + L.prm (see zf_layer):
//   bias[m] | multiplier[m] | shift[m] | table[patterns][taps] (r*K + c) | ids[m][n/groups]
inline int zf_prm_bias(const zf_layer &L) { return L.prm; }
inline int zf_prm_multiplier(const zf_layer &L) { return L.prm + L.m; }
inline int zf_prm_shift(const zf_layer &L) { return L.prm + 2 * L.m; }
inline int zf_prm_table(const zf_layer &L) { return L.prm + 3 * L.m; }
inline int zf_prm_ids(const zf_layer &L) { return L.prm + 3 * L.m + L.patterns * L.taps; }

// Loads channels [c0, c0 + TCH) of the input tile whose output corner is (r0, q0), halo
// included, zero outside the input (padding) and past the last channel.
template <int TCH, int IR, int IC>
void zf_load_input(const zf_layer &L, const zf_data_t *act_in, zf_data_t in_buf[TCH][IR][IC], int c0, int r0, int q0, int rows, int cols) {
    const int in_rows = (rows - 1) * L.s + L.k, in_cols = (cols - 1) * L.s + L.k;
    for (int t = 0; t < TCH; t++) {
        for (int ir = 0; ir < in_rows; ir++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=IR)
            for (int ic = 0; ic < in_cols; ic++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=IC)
ZF_PRAGMA(HLS PIPELINE II=1)
                const int ch = c0 + t, y = r0 * L.s - L.p + ir, x = q0 * L.s - L.p + ic;
                const bool inside = ch < L.n && y >= 0 && y < L.h && x >= 0 && x < L.w;
                in_buf[t][ir][ic] = inside ? zf_data_t(act_in[L.in + (ch * L.h + y) * L.w + x]) : zf_data_t(0);
            }
        }
    }
}

// Writes the requantized accumulators of output channels [m0, m0 + TM) of one tile.
template <int TM, int TR, int TC>
void zf_store_output(const zf_layer &L, const zf_param_t *prm, zf_data_t *act_out, zf_acc_t out_buf[TM][TR][TC], int m0, int r0, int q0, int rows, int cols) {
    for (int tm = 0; tm < TM; tm++) {
        const int m = m0 + tm;
        if (m >= L.m) break;
        const int multiplier = prm[zf_prm_multiplier(L) + m], shift = prm[zf_prm_shift(L) + m];
        for (int r = 0; r < rows; r++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
            for (int c = 0; c < cols; c++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                act_out[L.out + (m * L.oh + r0 + r) * L.ow + q0 + c] = zf_requantize(zf_wide_t(out_buf[tm][r][c]), multiplier, shift, L.lo, L.hi);
            }
        }
    }
}

// Loads the weights and tap positions of kernel (m, n) into slot (a, b) of the weight buffers;
// a pruned kernel (pattern id -1) or one past the layer's channels gets zero weights.
template <int A, int B, int MAX_TAPS>
void zf_load_kernel(const zf_layer &L, const zf_data_t *wgt, const zf_param_t *prm, int a, int b, int m, int n, int n_per_group, bool valid,
                    zf_data_t w_buf[A][B][MAX_TAPS], unsigned char tap_r[A][B][MAX_TAPS], unsigned char tap_c[A][B][MAX_TAPS]) {
ZF_PRAGMA(HLS INLINE)
    const int id = valid ? static_cast<int>(prm[zf_prm_ids(L) + m * n_per_group + n]) : -1;
    for (int t = 0; t < MAX_TAPS; t++) {
ZF_PRAGMA(HLS PIPELINE II=1)
        if (t < L.taps && id >= 0) {
            const int position = prm[zf_prm_table(L) + id * L.taps + t];
            w_buf[a][b][t] = wgt[L.wgt + (m * n_per_group + n) * L.taps + t];
            tap_r[a][b][t] = static_cast<unsigned char>(position / L.k);
            tap_c[a][b][t] = static_cast<unsigned char>(position % L.k);
        } else {
            w_buf[a][b][t] = 0;
            tap_r[a][b][t] = 0;
            tap_c[a][b][t] = 0;
        }
    }
}

// One conventional convolution layer (groups = 1) on the TM x TN engine.
template <int TM, int TN, int TR, int TC, int TK, int MAX_S, int MAX_TAPS>
void zf_conv(const zf_layer &L, const zf_data_t *act_in, zf_data_t *act_out, const zf_data_t *wgt, const zf_param_t *prm) {
    const int IR = (TR - 1) * MAX_S + TK, IC = (TC - 1) * MAX_S + TK;
    static zf_data_t in_buf[TN][IR][IC];
    static zf_data_t w_buf[TM][TN][MAX_TAPS];
    static unsigned char tap_r[TM][TN][MAX_TAPS], tap_c[TM][TN][MAX_TAPS];
    static zf_acc_t out_buf[TM][TR][TC];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=in_buf complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_buf complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_buf complete dim=2)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_r complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_r complete dim=2)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_c complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_c complete dim=2)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_buf complete dim=1)
    for (int r0 = 0; r0 < L.oh; r0 += TR) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16)
        for (int q0 = 0; q0 < L.ow; q0 += TC) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16)
            const int rows = L.oh - r0 < TR ? L.oh - r0 : TR, cols = L.ow - q0 < TC ? L.ow - q0 : TC;
            for (int m0 = 0; m0 < L.m; m0 += TM) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
                for (int tm = 0; tm < TM; tm++) {
                    const zf_acc_t bias = m0 + tm < L.m ? zf_acc_t(prm[zf_prm_bias(L) + m0 + tm]) : zf_acc_t(0);
                    for (int r = 0; r < TR; r++)
                        for (int c = 0; c < TC; c++) {
ZF_PRAGMA(HLS PIPELINE II=1)
                            out_buf[tm][r][c] = bias;
                        }
                }
                for (int n0 = 0; n0 < L.n; n0 += TN) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
                    zf_load_input<TN, IR, IC>(L, act_in, in_buf, n0, r0, q0, rows, cols);
                    for (int tm = 0; tm < TM; tm++)
                        for (int tn = 0; tn < TN; tn++)
                            zf_load_kernel<TM, TN, MAX_TAPS>(L, wgt, prm, tm, tn, m0 + tm, n0 + tn, L.n, m0 + tm < L.m && n0 + tn < L.n, w_buf, tap_r, tap_c);
                    for (int t = 0; t < L.taps; t++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_TAPS)
                        for (int r = 0; r < rows; r++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
                            for (int c = 0; c < cols; c++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                                for (int tm = 0; tm < TM; tm++) {
ZF_PRAGMA(HLS UNROLL)
                                    zf_acc_t acc = out_buf[tm][r][c];
                                    for (int tn = 0; tn < TN; tn++) {
ZF_PRAGMA(HLS UNROLL)
                                        acc += w_buf[tm][tn][t] * in_buf[tn][r * L.s + tap_r[tm][tn][t]][c * L.s + tap_c[tm][tn][t]];
                                    }
                                    out_buf[tm][r][c] = acc;
                                }
                            }
                        }
                    }
                }
                zf_store_output<TM, TR, TC>(L, prm, act_out, out_buf, m0, r0, q0, rows, cols);
            }
        }
    }
}

// One depthwise convolution layer (groups = in = out channels) on the TM-lane depthwise engine:
// lane tm computes output channel m0 + tm from input channel m0 + tm.
template <int TM, int TR, int TC, int TK, int MAX_S, int MAX_TAPS>
void zf_dwconv(const zf_layer &L, const zf_data_t *act_in, zf_data_t *act_out, const zf_data_t *wgt, const zf_param_t *prm) {
    const int IR = (TR - 1) * MAX_S + TK, IC = (TC - 1) * MAX_S + TK;
    static zf_data_t in_buf[TM][IR][IC];
    static zf_data_t w_buf[TM][1][MAX_TAPS];
    static unsigned char tap_r[TM][1][MAX_TAPS], tap_c[TM][1][MAX_TAPS];
    static zf_acc_t out_buf[TM][TR][TC];
ZF_PRAGMA(HLS ARRAY_PARTITION variable=in_buf complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=w_buf complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_r complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=tap_c complete dim=1)
ZF_PRAGMA(HLS ARRAY_PARTITION variable=out_buf complete dim=1)
    for (int r0 = 0; r0 < L.oh; r0 += TR) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16)
        for (int q0 = 0; q0 < L.ow; q0 += TC) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=16)
            const int rows = L.oh - r0 < TR ? L.oh - r0 : TR, cols = L.ow - q0 < TC ? L.ow - q0 : TC;
            for (int m0 = 0; m0 < L.m; m0 += TM) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=64)
                zf_load_input<TM, IR, IC>(L, act_in, in_buf, m0, r0, q0, rows, cols);
                for (int tm = 0; tm < TM; tm++) {
                    zf_load_kernel<TM, 1, MAX_TAPS>(L, wgt, prm, tm, 0, m0 + tm, 0, 1, m0 + tm < L.m, w_buf, tap_r, tap_c);
                    const zf_acc_t bias = m0 + tm < L.m ? zf_acc_t(prm[zf_prm_bias(L) + m0 + tm]) : zf_acc_t(0);
                    for (int r = 0; r < TR; r++)
                        for (int c = 0; c < TC; c++) {
ZF_PRAGMA(HLS PIPELINE II=1)
                            out_buf[tm][r][c] = bias;
                        }
                }
                for (int t = 0; t < L.taps; t++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=MAX_TAPS)
                    for (int r = 0; r < rows; r++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TR)
                        for (int c = 0; c < cols; c++) {
ZF_PRAGMA(HLS LOOP_TRIPCOUNT min=1 max=TC)
ZF_PRAGMA(HLS PIPELINE II=1)
                            for (int tm = 0; tm < TM; tm++) {
ZF_PRAGMA(HLS UNROLL)
                                out_buf[tm][r][c] += w_buf[tm][0][t] * in_buf[tm][r * L.s + tap_r[tm][0][t]][c * L.s + tap_c[tm][0][t]];
                            }
                        }
                    }
                }
                zf_store_output<TM, TR, TC>(L, prm, act_out, out_buf, m0, r0, q0, rows, cols);
            }
        }
    }
}

#endif
