// ZooForge HLS kernels: arbitrary-precision types.
// The real Xilinx headers win where they are installed (Vitis HLS, or a g++ build with them on
// the include path); elsewhere the project's own subset in zf_ap_compat.h stands in for g++ csim.
#ifndef ZF_AP_H
#define ZF_AP_H

#if __has_include(<ap_int.h>)
#include <ap_int.h>
#include <ap_fixed.h>
#include <hls_stream.h>
#define ZF_AP_XILINX 1
#else
#include "zf_ap_compat.h"
#define ZF_AP_XILINX 0
#endif

// HLS pragmas are written ZF_PRAGMA(HLS ...): Vitis HLS sees them, while a plain g++ csim build
// (which warns about every unknown pragma, fatal under -Werror) does not.
#if defined(__SYNTHESIS__) || defined(__VITIS_HLS__)
#define ZF_PRAGMA(text) _Pragma(#text)
#else
#define ZF_PRAGMA(text)
#endif

#endif
