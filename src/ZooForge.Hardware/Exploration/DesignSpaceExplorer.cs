using ZooForge.Graph.Model;
using System.Diagnostics;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Exploration;

/// <summary>
/// Exhaustive hardware DSE over a declared space, with pruning that keeps the exact optimum
/// and the exact Pareto front over (latency, DSP, BRAM18):
/// <list type="number">
/// <item>Port dominance, where it is sound. Ports change neither DSP nor BRAM, and every model's
/// latency is non-increasing in W_p, so of the triples with the same activation ports only those
/// whose W_p cannot be widened within the device's port bits are evaluated. Where the model's
/// latency is also non-increasing in I_p and O_p (<see cref="LatencyModel.MonotoneInActivationPorts"/>,
/// HotNAS's), only triples that cannot be widened in any lane are. The zooforge model is not
/// monotone in the activation ports (a wider channel word can split a tile's channels over more
/// words), so there every activation width is tried.</item>
/// <item>Ports the model's template cannot use (<see cref="LatencyModel.PortIncompatibility"/>:
/// the zooforge engine needs I_p = O_p) are counted as incompatible and never evaluated.</item>
/// <item>Resources. Tilings that do not fit are rejected before any latency is computed.</item>
/// <item>Bound. A tiling's latency with unlimited bandwidth bounds every port choice from below;
/// if a design already on the front strictly dominates that bound at no more DSP and BRAM, the
/// whole tiling is skipped. Tilings are visited in order of their bound, so strong designs
/// come first.</item>
/// </list>
/// With <see cref="DseOptions.Exhaustive"/> every valid point is evaluated instead; the tests
/// use it as the brute-force reference.
/// </summary>
public static class DesignSpaceExplorer
{
    /// <summary>Explores <paramref name="space"/> for the network's workloads on <paramref name="device"/>.</summary>
    /// <exception cref="DseException">The space is empty or the network has no layer the model counts.</exception>
    public static DseResult Explore(IReadOnlyList<LayerWorkload> workloads, Device device, DesignSpace space,
        LatencyModel model, DseOptions? options = null)
    {
        options ??= new DseOptions();
        var clock = Stopwatch.StartNew();
        var layers = workloads.Where(w => model.Counts(w.Kind)).ToArray();
        if (layers.Length == 0)
            throw new DseException($"the network has no layer the '{model.Name}' model counts");
        bool hasDepthwise = layers.Any(l => l.Kind == OpKind.DepthwiseConv);
        Validate(space, hasDepthwise);
        if (options.MaxLogicUtilisation is not (> 0 and <= 1))
            throw new DseException($"the largest LUT/FF utilisation must be in (0, 1], got {options.MaxLogicUtilisation}");
        // Designs are held to this share of the LUTs and FFs, and to all of everything else.
        var budget = device with
        {
            Lut = (int)Math.Floor(device.Lut * options.MaxLogicUtilisation),
            Ff = (int)Math.Floor(device.Ff * options.MaxLogicUtilisation),
        };
        int convTk = layers.Where(l => l.Kind is OpKind.Conv or OpKind.GroupedConv or OpKind.Linear).Select(l => l.K).DefaultIfEmpty(1).Max();
        int depthwiseTk = layers.Where(l => l.Kind == OpKind.DepthwiseConv).Select(l => l.K).DefaultIfEmpty(1).Max();
        int macsPerDsp = new AcceleratorDesign { Conv = default, Ports = default, DataBits = space.DataBits }.MacsPerDsp;

        long spaceSize = space.Size(hasDepthwise) * space.KernelTiles(convTk).Count
            * (hasDepthwise ? space.KernelTiles(depthwiseTk).Count : 1);
        var allPorts = PortTriples(space, int.MaxValue);
        var validPorts = allPorts.Where(p => p.TotalBits <= device.AxiPortBits).ToList();
        if (validPorts.Count == 0)
            return Empty(spaceSize, clock, $"no port lanes fit the device's {device.AxiPortBits} AXI port bits");
        var usablePorts = validPorts.Where(p => model.PortIncompatibility(p) is null).ToList();
        long pointsPerTriple = spaceSize / allPorts.Count;
        long unusablePorts = (validPorts.Count - usablePorts.Count) * pointsPerTriple;
        if (usablePorts.Count == 0)
            return Empty(spaceSize, clock, $"none of the space's port triples within the device's {device.AxiPortBits} AXI port bits suits the '{model.Name}' model: {model.PortIncompatibility(validPorts[0])}")
                with { RejectedByPortBits = spaceSize - unusablePorts, RejectedAsIncompatible = unusablePorts };
        var portsToTry = options.Exhaustive ? usablePorts : MaximalTriples(usablePorts, model.MonotoneInActivationPorts);

        long rejectedResources = 0, incompatible = unusablePorts, prunedBound = 0, evaluated = 0, layerEvaluations = 0;
        var candidates = new List<(AcceleratorDesign Design, ResourceUsage Usage, double Bound)>();
        int[] noDepthwise = [0];
        foreach (bool dense in space.Dense)
        foreach (int tk in space.KernelTiles(convTk))
        foreach (int dTk in hasDepthwise ? space.KernelTiles(depthwiseTk) : noDepthwise)
        foreach (int dTm in hasDepthwise ? space.DepthwiseTm : noDepthwise)
        foreach (int tm in space.Tm)
        {
            int maxTn = (device.Dsp * macsPerDsp - dTm) / tm;
            // A packed (two MACs per DSP) PE array shares each DSP between two pixels over two
            // halves of the Tn channels (src/ZooForge.Rtl/README.md), so Tn must be even there.
            int tnStep = macsPerDsp == 2 ? 2 : 1;
            maxTn -= maxTn % tnStep;
            foreach (int tr in space.Tr)
            foreach (int tc in space.Tc)
            foreach (int dTr in hasDepthwise ? space.DepthwiseTr : noDepthwise)
            foreach (int dTc in hasDepthwise ? space.DepthwiseTc : noDepthwise)
            {
                AcceleratorDesign WithTn(int tn) => new()
                {
                    Conv = new EngineTiling(tm, tn, tr, tc, tk),
                    Ports = portsToTry[0],
                    Depthwise = hasDepthwise ? new EngineTiling(dTm, 1, dTr, dTc, dTk) : null,
                    Dense = dense,
                    DataBits = space.DataBits,
                    ClockMhz = options.ClockMhz ?? device.ClockMhz,
                };
                // Tn is derived, not searched: the most input channels whose PE array still fits.
                if (LargestFitting(maxTn, tnStep, WithTn, budget, model.ConstrainsLogic) is not { } fit)
                {
                    rejectedResources += usablePorts.Count;
                    continue;
                }
                var (design, usage) = fit;
                if (layers.Any(l => model.Incompatibility(l, design) is not null))
                {
                    incompatible += usablePorts.Count;
                    continue;
                }
                double bound = options.Exhaustive ? 0 : model.TotalComputeBoundCycles(layers, design);
                if (!options.Exhaustive) layerEvaluations += layers.Length;
                candidates.Add((design, usage, bound));
            }
        }

        if (!options.Exhaustive)
            candidates.Sort((a, b) => a.Bound != b.Bound ? a.Bound.CompareTo(b.Bound) : DesignEvaluation.CompareDesigns(a.Design, b.Design));

        var front = new ParetoFront();
        foreach (var (baseDesign, usage, bound) in candidates)
        {
            if (!options.Exhaustive && front.StrictlyDominatesAll(bound, usage.Dsp, usage.Bram18))
            {
                prunedBound += portsToTry.Count;
                continue;
            }
            foreach (var ports in portsToTry)
            {
                var design = baseDesign with { Ports = ports };
                double cycles = model.TotalCycles(layers, design);
                layerEvaluations += layers.Length;
                evaluated++;
                front.Offer(new DesignEvaluation(design, cycles, usage with { PortBits = ports.TotalBits }));
            }
        }

        var pareto = front.Sorted();
        return new DseResult
        {
            Best = pareto.Count > 0 ? pareto[0] : null,
            Pareto = pareto,
            SpaceSize = spaceSize,
            RejectedByPortBits = (allPorts.Count - validPorts.Count) * pointsPerTriple,
            PrunedByPortDominance = (usablePorts.Count - portsToTry.Count) * (long)candidates.Count,
            RejectedByResources = rejectedResources,
            RejectedAsIncompatible = incompatible,
            PrunedByBound = prunedBound,
            Evaluated = evaluated,
            LayerEvaluations = layerEvaluations,
            Elapsed = clock.Elapsed,
            InfeasibleReason = pareto.Count > 0 ? null
                : $"no design of space '{space.Name}' fits {device.Board} ({rejectedResources:N0} points exceed its resources"
                  + (options.MaxLogicUtilisation < 1 ? $" with LUTs and FFs held to {options.MaxLogicUtilisation:0.##} of the device" : "")
                  + $", {incompatible:N0} cannot run the network)",
        };
    }

    /// <summary>Every port triple of the space whose total bits are within <paramref name="maxBits"/>.</summary>
    public static List<PortWidths> PortTriples(DesignSpace space, int maxBits)
    {
        var list = new List<PortWidths>();
        foreach (int w in space.WeightLanes)
        foreach (int i in space.InputLanes)
        foreach (int o in space.OutputLanes)
        {
            var p = new PortWidths(w, i, o);
            if (p.TotalBits <= maxBits) list.Add(p);
        }
        return list;
    }

    /// <summary>
    /// The triples no other valid triple dominates: is different and at least as wide in W_p, and
    /// at least as wide in I_p and O_p when <paramref name="activationMonotone"/>, else equally wide there.
    /// </summary>
    public static List<PortWidths> MaximalTriples(List<PortWidths> valid, bool activationMonotone) =>
        valid.Where(p => !valid.Any(q => q != p && q.Weight >= p.Weight
            && (activationMonotone ? q.Input >= p.Input && q.Output >= p.Output : q.Input == p.Input && q.Output == p.Output))).ToList();

    private static void Validate(DesignSpace space, bool hasDepthwise)
    {
        void Require(string field, IReadOnlyList<int> values)
        {
            if (values.Count == 0) throw new DseException($"design space '{space.Name}': '{field}' is empty");
            if (values.Any(v => v <= 0)) throw new DseException($"design space '{space.Name}': '{field}' has a non-positive value");
        }
        Require("tm", space.Tm);
        Require("tr", space.Tr);
        Require("tc", space.Tc);
        Require("weight_lanes", space.WeightLanes);
        Require("input_lanes", space.InputLanes);
        Require("output_lanes", space.OutputLanes);
        if (!hasDepthwise) return;
        Require("depthwise_tm", space.DepthwiseTm);
        Require("depthwise_tr", space.DepthwiseTr);
        Require("depthwise_tc", space.DepthwiseTc);
    }

    private static DseResult Empty(long spaceSize, Stopwatch clock, string reason) => new()
    {
        Pareto = [],
        SpaceSize = spaceSize,
        RejectedByPortBits = spaceSize,
        Elapsed = clock.Elapsed,
        InfeasibleReason = reason,
    };

    /// <summary>
    /// The design with the largest Tn (a multiple of <paramref name="step"/>, at most
    /// <paramref name="maxTn"/>) that fits the device, or null. Every resource grows with Tn,
    /// so fitting is monotone and a binary search finds it.
    /// </summary>
    private static (AcceleratorDesign Design, ResourceUsage Usage)? LargestFitting(int maxTn, int step,
        Func<int, AcceleratorDesign> withTn, Device device, bool constrainLogic)
    {
        (AcceleratorDesign, ResourceUsage)? best = null;
        int lo = 1, hi = maxTn / step;
        while (lo <= hi)
        {
            int mid = lo + (hi - lo) / 2;
            var design = withTn(mid * step);
            var usage = ResourceModel.Estimate(design) with { PortBits = 0 };
            if (ResourceModel.Fits(usage, device, constrainLogic))
            {
                best = (design, usage);
                lo = mid + 1;
            }
            else hi = mid - 1;
        }
        return best;
    }
}
