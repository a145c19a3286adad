// ZooForge HLS kernels: the instrumented csim build. Compiled with -DZF_COUNT, the kernels count
// what the hardware would do (AXI beats per port, trips of each pipelined stage) and fold the
// trips into cycles by the schedule the performance model charges (ZooForgeLatencyModel:
// per input-channel step max(load, compute + pipeline fill), per tile max(steps, store), plus
// the first load and the last store of a layer). The testbench prints them per schedule entry,
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
    long long cycles;         // the trips above folded into cycles by the model's schedule
};
inline zf_counters zf_counted;
#define ZF_COUNT_ADD(field, n) (zf_counted.field += (n))
#else
#define ZF_COUNT_ADD(field, n) ((void)0)
#endif

// Cycle bookkeeping of one layer under ZF_COUNT: the trips of the current step and tile, and the
// layer's unhidden first load and last store.
struct zf_step_clock {
#ifdef ZF_COUNT
    long long input = 0, weight = 0, compute = 0, steps_time = 0, first_load = -1, last_store = 0;
#endif
    void load_input(long long beats) {
#ifdef ZF_COUNT
        input += beats;
        ZF_COUNT_ADD(input_beats, beats);
#else
        (void)beats;
#endif
    }
    void load_weights(long long beats) {
#ifdef ZF_COUNT
        weight += beats;
        ZF_COUNT_ADD(weight_beats, beats);
#else
        (void)beats;
#endif
    }
    // Closes a step: its loads overlap the previous step's compute (ping-pong buffers).
    void end_step(long long trips, int pipeline_depth) {
#ifdef ZF_COUNT
        compute = trips + pipeline_depth;
        const long long load = input > weight ? input : weight;
        if (first_load < 0) first_load = load;
        steps_time += load > compute ? load : compute;
        ZF_COUNT_ADD(compute_trips, trips);
        ZF_COUNT_ADD(steps, 1);
        input = weight = 0;
#else
        (void)trips;
        (void)pipeline_depth;
#endif
    }
    // Closes a tile: its store overlaps the next tile's steps.
    void end_tile(long long store_beats) {
#ifdef ZF_COUNT
        ZF_COUNT_ADD(output_beats, store_beats);
        ZF_COUNT_ADD(cycles, steps_time > store_beats ? steps_time : store_beats);
        steps_time = 0;
        last_store = store_beats;
#else
        (void)store_beats;
#endif
    }
    // Closes the layer: nothing hides its first load and last store.
    void end_layer() {
#ifdef ZF_COUNT
        ZF_COUNT_ADD(cycles, (first_load < 0 ? 0 : first_load) + last_store);
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
