// ZooForge HLS kernels: the instrumented csim build. Compiled with -DZF_COUNT, the kernels count
// what the hardware would do (AXI beats per port, trips of each pipelined stage) and fold the
// trips into cycles by the schedule the kernels run (zf_stage_clock), to be held against what the
// performance model charges (ZooForgeLatencyModel). The testbench prints them per schedule entry,
// so a test can hold the model's terms against what the emitted loops execute. Without
// ZF_COUNT every hook is empty and nothing of this reaches synthesis.
#ifndef ZF_COUNT_H
#define ZF_COUNT_H

#ifdef ZF_COUNT
struct zf_counters {
    long long input_beats;    // reads of the activation input port
    long long weight_beats;   // reads of the weight port (one word each)
    long long output_beats;   // writes of the activation output port
    long long param_reads;    // reads of the parameter port (bias, scale, pattern table)
    long long compute_trips;  // trips of the pipelined MAC loop
    long long steps;          // input-channel steps (each pays the MAC pipeline's fill)
    long long cycles;         // the trips above folded into cycles by the kernels' schedule
};
inline zf_counters zf_counted;
#define ZF_COUNT_ADD(field, n) (zf_counted.field += (n))
#else
#define ZF_COUNT_ADD(field, n) ((void)0)
#endif

// Cycle bookkeeping of one layer under ZF_COUNT, by the convolution engine's own schedule
// (zf_conv.h): a stage loads one step, computes the step before it and, when that step opens a
// tile, stores the tile before; the three run side by side, so a stage lasts as long as the
// longest. What follows the last stage (the last tile's store) is not hidden.
struct zf_stage_clock {
    void stage(long long input_beats, long long weight_beats, bool computed, long long trips, int pipeline_depth, long long store_beats) {
#ifdef ZF_COUNT
        const long long load = input_beats > weight_beats ? input_beats : weight_beats;
        const long long compute = computed ? trips + pipeline_depth : 0;
        long long longest = load > compute ? load : compute;
        longest = longest > store_beats ? longest : store_beats;
        ZF_COUNT_ADD(input_beats, input_beats);
        ZF_COUNT_ADD(weight_beats, weight_beats);
        ZF_COUNT_ADD(output_beats, store_beats);
        ZF_COUNT_ADD(compute_trips, computed ? trips : 0);
        ZF_COUNT_ADD(steps, computed ? 1 : 0);
        ZF_COUNT_ADD(cycles, longest);
#else
        (void)input_beats;
        (void)weight_beats;
        (void)computed;
        (void)trips;
        (void)pipeline_depth;
        (void)store_beats;
#endif
    }
    void unhidden_store(long long store_beats) {
#ifdef ZF_COUNT
        ZF_COUNT_ADD(output_beats, store_beats);
        ZF_COUNT_ADD(cycles, store_beats);
#else
        (void)store_beats;
#endif
    }
};

// The MAC pipeline's fill per step, ceil(log2 tn) + 4 (multiplier registers, adder tree,
// accumulator), as ZooForgeLatencyModel.ComputePipelineDepth charges it.
constexpr int zf_pipeline_depth(int tn) {
    int levels = 0;
    while ((1 << levels) < tn) levels++;
    return levels + 4;
}

#endif
