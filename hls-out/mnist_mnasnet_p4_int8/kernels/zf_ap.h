// ZooForge HLS kernels: arbitrary-precision types.
// The real Xilinx headers win where they are installed (Vitis HLS, or a g++ build with them on
// the include path); elsewhere the project's own subset in zf_ap_compat.h stands in for g++ csim.
#ifndef ZF_AP_H
#define ZF_AP_H

#if __has_include(<ap_int.h>)
// Xilinx's open-source ap_int headers do not build warning-free under the projects' strict
// flags (-Wall -Wextra -Werror, g++ 12); their warnings are theirs, so they are silenced for
// those headers only and the kernels stay under the strict flags.
#if defined(__GNUC__) && !defined(__SYNTHESIS__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wdeprecated-copy"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
#endif
#include <ap_int.h>
#include <ap_fixed.h>
#if defined(__GNUC__) && !defined(__SYNTHESIS__)
#pragma GCC diagnostic pop
#endif
#define ZF_AP_XILINX 1
#else
#include "zf_ap_compat.h"
#define ZF_AP_XILINX 0
#endif

// hls::stream ships with Vitis HLS but not with the open-source ap_int headers, so it is
// looked for on its own; the kernels do not use it, the compatibility header keeps a stand-in.
#if __has_include(<hls_stream.h>)
#include <hls_stream.h>
#endif

// HLS pragmas are written ZF_PRAGMA(HLS ...): Vitis HLS sees them, while a plain g++ csim build
// (which warns about every unknown pragma, fatal under -Werror) does not. Variadic, because a
// pragma's text may hold commas (ALIAS ports=a,b).
#if defined(__SYNTHESIS__) || defined(__VITIS_HLS__)
#define ZF_PRAGMA(...) _Pragma(#__VA_ARGS__)
#else
#define ZF_PRAGMA(...)
#endif

// Loop labels name a loop in Vitis HLS's reports (scripts/zf_check_ii.tcl finds the compute loops
// by theirs). A g++ csim build would warn about a label nothing jumps to, so it leaves them out.
#if defined(__SYNTHESIS__) || defined(__VITIS_HLS__)
#define ZF_LOOP_LABEL(name) name:
#else
#define ZF_LOOP_LABEL(name)
#endif

#endif
