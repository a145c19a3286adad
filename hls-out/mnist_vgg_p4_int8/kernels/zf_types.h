// ZooForge HLS kernels: the value types and the layer descriptor every kernel reads.
// ZF_DATA_BITS (the design's data_bits) must be defined before this header is included.
#ifndef ZF_TYPES_H
#define ZF_TYPES_H

#include "zf_ap.h"

#ifndef ZF_DATA_BITS
#error "define ZF_DATA_BITS (the design's data bits) before including the ZooForge kernels"
#endif

// Activations and weights: signed ZF_DATA_BITS-bit integers.
typedef ap_int<ZF_DATA_BITS> zf_data_t;
// Convolution accumulators: 32-bit, wrapping like the hardware's (the integer reference proves
// every final accumulator fits).
typedef ap_int<32> zf_acc_t;
// Requantization products (accumulator x 31-bit multiplier) and their rounding: 64-bit.
typedef ap_int<64> zf_wide_t;
// Biases, multipliers, shifts and pattern tables.
typedef ap_int<32> zf_param_t;

#ifdef ZF_ACT_WORD
// One beat of the activation ports: ZF_ACT_WORD channels of one pixel (16 bits per lane of
// I_p = O_p). Activations live in DRAM in channel blocks of ZF_ACT_WORD: a tensor of C x H x W
// is ceil(C / ZF_ACT_WORD) planes of H x W words, word (b * H + y) * W + x holding channels
// b * ZF_ACT_WORD + e of pixel (y, x) in lane e; lanes past C are zero.
struct zf_aword {
    zf_data_t e[ZF_ACT_WORD];
};

// Words the channel range [c0, c0 + count) spans in the channel-block layout.
inline int zf_channel_words(int c0, int count) { return (c0 + count - 1) / ZF_ACT_WORD - c0 / ZF_ACT_WORD + 1; }
// Channel blocks (planes of words) of a tensor of `channels` channels.
inline int zf_channel_blocks(int channels) { return (channels + ZF_ACT_WORD - 1) / ZF_ACT_WORD; }
#endif

#ifdef ZF_WEIGHT_WORD
// One beat of the weight port: ZF_WEIGHT_WORD packed weights (16 bits per lane of W_p), an
// aggregate Vitis HLS maps onto one wide AXI word.
struct zf_wword {
    zf_data_t e[ZF_WEIGHT_WORD];
};
#endif

// What one schedule entry runs.
enum zf_kind {
    ZF_CONV = 0,       // conventional convolution (groups = 1), also fully connected layers
    ZF_DWCONV = 1,     // depthwise convolution (groups = in = out channels)
    ZF_MAXPOOL = 2,
    ZF_AVGPOOL = 3,
    ZF_ADAPTIVE = 4,   // adaptive average pooling
    ZF_ADD = 5,        // residual addition
    ZF_SCALE = 6,      // one part of a concatenation: clamp(RoundShift(x * mul_a, shift))
    ZF_CLAMP = 7
};
// (A flatten is a view: its output shares its input's region and no entry runs for it.)

// Runtime parameters of one schedule entry. Activation offsets count words of the activation
// buffer (zf_aword), the weight offset words of the weight buffer, the parameter offset elements.
struct zf_layer {
    int kind;
    int op;                // index of the op (in the op table) this entry computes
    int in, in2, out;      // activation offsets: input, second input (add), output
    int n, h, w;           // input channels, height, width
    int m, oh, ow;         // output channels, height, width
    int k, s, p;           // kernel, stride, padding (pooling and convolution)
    int taps;              // stored weights per kernel (pattern non-zeros, or k*k)
    int ids;               // convolution: 1 when each kernel's pattern id precedes its weights (pattern layers)
    int wgt;               // convolution: first word of the packed weights
    int prm;               // convolution: bias[m], multiplier[m], shift[m], patterns, ids
    int patterns;          // convolution: entries in the pattern table
    int lo, hi;            // output clamp
    int mul_a, mul_b;      // add: the two multipliers; scale: the multiplier
    int shift;             // add, scale, average pools: the common shift
    int kw;                // convolution: window per pass, k or the engine's Tk when k > Tk runs as ceil(k/kw)^2 passes
};

#endif
