// ZooForge's own subset of Xilinx's ap_int / ap_uint / ap_fixed / hls::stream for g++ C
// simulation where the vendor headers are not installed. Only what the kernels and testbenches
// use, with the semantics Xilinx documents (UG1399, "Arbitrary Precision Data Types"):
//  - ap_int<W> / ap_uint<W>: W-bit two's complement / unsigned values; every assignment or
//    construction wraps to W bits; arithmetic happens at full precision (here: 64 bits, which
//    holds every result the kernels form) and wraps only when stored back.
//  - ap_fixed<W, I, Q, O> / ap_ufixed: W bits, I of them integer bits; a value is stored as
//    raw / 2^(W-I). Conversion from double applies the quantization mode Q (AP_TRN default,
//    AP_TRN_ZERO, AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV) and then the
//    overflow mode O (AP_WRAP default, AP_SAT, AP_SAT_ZERO, AP_SAT_SYM). W <= 32.
//  - hls::stream<T>: an unbounded FIFO (read on an empty stream is a fatal csim error).
// Never used for synthesis: zf_ap.h includes this file only when <ap_int.h> is missing.
#ifndef ZF_AP_COMPAT_H
#define ZF_AP_COMPAT_H

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>

namespace zf_ap_detail {
// The low `w` bits of `v`, sign-extended (w in 1..64).
inline long long wrap_signed(long long v, int w) {
    if (w >= 64) return v;
    unsigned long long u = static_cast<unsigned long long>(v) << (64 - w);
    return static_cast<long long>(u) >> (64 - w);
}
// The low `w` bits of `v` (w in 1..64).
inline unsigned long long wrap_unsigned(unsigned long long v, int w) {
    return w >= 64 ? v : (v & ((1ULL << w) - 1ULL));
}
}  // namespace zf_ap_detail

template <int W>
class ap_int {
    static_assert(W >= 1 && W <= 64, "ap_int compat: width must be 1..64");
    long long v_;

public:
    ap_int() : v_(0) {}
    ap_int(long long v) : v_(zf_ap_detail::wrap_signed(v, W)) {}
    ap_int(int v) : ap_int(static_cast<long long>(v)) {}
    ap_int(unsigned v) : ap_int(static_cast<long long>(v)) {}
    ap_int(long v) : ap_int(static_cast<long long>(v)) {}
    ap_int(unsigned long v) : ap_int(static_cast<long long>(v)) {}
    ap_int(unsigned long long v) : ap_int(static_cast<long long>(v)) {}
    ap_int(short v) : ap_int(static_cast<long long>(v)) {}
    ap_int(signed char v) : ap_int(static_cast<long long>(v)) {}
    ap_int(bool v) : ap_int(static_cast<long long>(v)) {}
    template <int W2>
    ap_int(const ap_int<W2> &o) : ap_int(static_cast<long long>(o)) {}
    operator long long() const { return v_; }
    long long to_int64() const { return v_; }
    int to_int() const { return static_cast<int>(v_); }
    static constexpr int width = W;
    ap_int &operator+=(long long o) { v_ = zf_ap_detail::wrap_signed(v_ + o, W); return *this; }
    ap_int &operator-=(long long o) { v_ = zf_ap_detail::wrap_signed(v_ - o, W); return *this; }
    ap_int &operator*=(long long o) { v_ = zf_ap_detail::wrap_signed(v_ * o, W); return *this; }
    ap_int &operator<<=(int s) { v_ = zf_ap_detail::wrap_signed(static_cast<long long>(static_cast<unsigned long long>(v_) << s), W); return *this; }
    ap_int &operator>>=(int s) { v_ >>= s; return *this; }
    ap_int &operator++() { return *this += 1; }
    ap_int &operator--() { return *this -= 1; }
};

template <int W>
class ap_uint {
    static_assert(W >= 1 && W <= 64, "ap_uint compat: width must be 1..64");
    unsigned long long v_;

public:
    ap_uint() : v_(0) {}
    ap_uint(unsigned long long v) : v_(zf_ap_detail::wrap_unsigned(v, W)) {}
    ap_uint(long long v) : ap_uint(static_cast<unsigned long long>(v)) {}
    ap_uint(int v) : ap_uint(static_cast<unsigned long long>(static_cast<long long>(v))) {}
    ap_uint(unsigned v) : ap_uint(static_cast<unsigned long long>(v)) {}
    ap_uint(long v) : ap_uint(static_cast<unsigned long long>(static_cast<long long>(v))) {}
    ap_uint(unsigned long v) : ap_uint(static_cast<unsigned long long>(v)) {}
    ap_uint(bool v) : ap_uint(static_cast<unsigned long long>(v)) {}
    template <int W2>
    ap_uint(const ap_uint<W2> &o) : ap_uint(static_cast<unsigned long long>(o)) {}
    template <int W2>
    ap_uint(const ap_int<W2> &o) : ap_uint(static_cast<long long>(o)) {}
    operator unsigned long long() const { return v_; }
    unsigned long long to_uint64() const { return v_; }
    static constexpr int width = W;
    ap_uint &operator+=(unsigned long long o) { v_ = zf_ap_detail::wrap_unsigned(v_ + o, W); return *this; }
    ap_uint &operator-=(unsigned long long o) { v_ = zf_ap_detail::wrap_unsigned(v_ - o, W); return *this; }
    ap_uint &operator*=(unsigned long long o) { v_ = zf_ap_detail::wrap_unsigned(v_ * o, W); return *this; }
};

enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

namespace zf_ap_detail {
// Quantizes `scaled` (a value already multiplied by 2^F) to an integer by mode `q`.
inline long long quantize(double scaled, ap_q_mode q) {
    double fl = std::floor(scaled);
    double frac = scaled - fl;  // exact for the magnitudes a W <= 32 fixed-point value takes
    if (frac == 0.0) return static_cast<long long>(fl);
    long long down = static_cast<long long>(fl), up = down + 1;
    switch (q) {
    case AP_TRN: return down;
    case AP_TRN_ZERO: return scaled < 0 ? up : down;
    default: break;
    }
    if (frac < 0.5) return down;
    if (frac > 0.5) return up;
    switch (q) {  // exactly half way
    case AP_RND: return up;
    case AP_RND_ZERO: return scaled < 0 ? up : down;
    case AP_RND_MIN_INF: return down;
    case AP_RND_INF: return scaled < 0 ? down : up;
    case AP_RND_CONV: return (down % 2 == 0) ? down : up;
    default: return down;
    }
}
// Fits an integer raw value into W bits (signed or not) by overflow mode `o`.
inline long long overflow(long long raw, int w, bool is_signed, ap_o_mode o) {
    long long lo = is_signed ? -(1LL << (w - 1)) : 0;
    long long hi = is_signed ? (1LL << (w - 1)) - 1 : (1LL << w) - 1;
    if (raw >= lo && raw <= hi) return raw;
    switch (o) {
    case AP_SAT: return raw < lo ? lo : hi;
    case AP_SAT_ZERO: return 0;
    case AP_SAT_SYM: return raw < lo ? (is_signed ? -hi : 0) : hi;
    default:
        return is_signed ? wrap_signed(raw, w) : static_cast<long long>(wrap_unsigned(static_cast<unsigned long long>(raw), w));
    }
}
}  // namespace zf_ap_detail

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O>
class zf_fixed_base {
    static_assert(W >= 1 && W <= 32, "ap_fixed compat: width must be 1..32");
    long long raw_;

public:
    static constexpr int frac_bits = W - I;
    zf_fixed_base() : raw_(0) {}
    zf_fixed_base(double x) {
        double scaled = std::ldexp(x, frac_bits);
        raw_ = zf_ap_detail::overflow(zf_ap_detail::quantize(scaled, Q), W, S, O);
    }
    zf_fixed_base(int x) : zf_fixed_base(static_cast<double>(x)) {}
    template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2>
    zf_fixed_base(const zf_fixed_base<W2, I2, S2, Q2, O2> &o) : zf_fixed_base(o.to_double()) {}
    double to_double() const { return std::ldexp(static_cast<double>(raw_), -frac_bits); }
    float to_float() const { return static_cast<float>(to_double()); }
    // The stored W-bit integer (Xilinx: .range() / bit pattern), sign-extended for signed types.
    long long raw() const { return raw_; }
    bool operator==(const zf_fixed_base &o) const { return raw_ == o.raw_; }
    bool operator!=(const zf_fixed_base &o) const { return raw_ != o.raw_; }
    bool operator<(const zf_fixed_base &o) const { return raw_ < o.raw_; }
};

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
class ap_fixed : public zf_fixed_base<W, I, true, Q, O> {
public:
    using zf_fixed_base<W, I, true, Q, O>::zf_fixed_base;
    ap_fixed() = default;
};

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
class ap_ufixed : public zf_fixed_base<W, I, false, Q, O> {
public:
    using zf_fixed_base<W, I, false, Q, O>::zf_fixed_base;
    ap_ufixed() = default;
};

namespace hls {
template <typename T>
class stream {
    std::deque<T> q_;
    const char *name_;

public:
    stream() : name_("stream") {}
    explicit stream(const char *name) : name_(name) {}
    bool empty() const { return q_.empty(); }
    bool full() const { return false; }
    unsigned size() const { return static_cast<unsigned>(q_.size()); }
    void write(const T &v) { q_.push_back(v); }
    T read() {
        if (q_.empty()) {
            std::fprintf(stderr, "hls::stream '%s': read while empty\n", name_);
            std::abort();
        }
        T v = q_.front();
        q_.pop_front();
        return v;
    }
    bool read_nb(T &v) {
        if (q_.empty()) return false;
        v = read();
        return true;
    }
    void operator<<(const T &v) { write(v); }
    void operator>>(T &v) { v = read(); }
};
}  // namespace hls

#endif
