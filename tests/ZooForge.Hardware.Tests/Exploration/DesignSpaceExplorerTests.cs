using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;
using static ZooForge.Hardware.Tests.TestData;

namespace ZooForge.Hardware.Tests.Exploration;

[TestFixture]
public sealed class DesignSpaceExplorerTests
{
    private static Device Board(string name) => DeviceCatalogue.BuiltIn().Find(name);

    public static IEnumerable<TestCaseData> PrunedVersusExhaustiveCases()
    {
        (string Network, string Device, string Model, int Bits)[] cases =
        [
            ("resnet18", "zcu102", "hotnas", 16),
            ("resnet18", "zcu102", "zooforge", 16),
            ("resnet18", "zcu102", "zooforge", 8),
            ("mobilenet_v2", "zcu102", "hotnas", 16),
            ("mobilenet_v2", "zcu102", "zooforge", 16),
            ("resnet18", "zc706", "hotnas", 16),
            ("squeezenet1_1", "zc706", "zooforge", 16),
            ("mnasnet0_5", "ultra96-v2", "hotnas", 16),
            ("mnasnet0_5", "ultra96-v2", "zooforge", 16),
            ("squeezenet1_1", "ultra96-v2", "hotnas", 16),
        ];
        return cases.Select(c => new TestCaseData(c.Network, c.Device, c.Model, c.Bits)
            .SetArgDisplayNames(c.Network, c.Device, c.Model, $"{c.Bits}-bit"));
    }

    [TestCaseSource(nameof(PrunedVersusExhaustiveCases))]
    public void Pruned_search_equals_brute_force(string network, string deviceName, string modelName, int bits) =>
        AssertPrunedEqualsExhaustive(network, deviceName, modelName, DesignSpaces.HotNas with { DataBits = bits });

    /// <summary>
    /// The zooforge space adds Tk and the dense engine as axes, and its model is not monotone in the
    /// activation ports (only W_p is pruned by dominance there); pruning must stay exact over them.
    /// </summary>
    [TestCase("resnet18", "zcu102", 16)]
    [TestCase("resnet18", "zcu102", 8)]
    [TestCase("mnasnet0_5", "ultra96-v2", 16)]
    [TestCase("mobilenet_v2", "zcu102", 8)]
    [TestCase("mobilenet_v2", "zc706", 16)]
    [TestCase("squeezenet1_1", "zc706", 8)]
    public void Pruned_search_equals_brute_force_in_the_zooforge_space(string network, string deviceName, int bits) =>
        AssertPrunedEqualsExhaustive(network, deviceName, "zooforge", DesignSpaces.ZooForge with { DataBits = bits });

    [Test]
    public void Zooforge_space_runs_resnet18_on_a_dense_three_by_three_engine_that_fits()
    {
        var device = Board("zcu102");
        var layers = WorkloadsOf("resnet18");
        var hotnas = DesignSpaceExplorer.Explore(layers, device, DesignSpaces.HotNas, LatencyModels.ZooForge).Best!;
        var result = DesignSpaceExplorer.Explore(layers, device, DesignSpaces.ZooForge, LatencyModels.ZooForge);
        var best = result.Best!;
        TestContext.Out.WriteLine($"resnet18 / zooforge space: {best.Design}, {best.Milliseconds:0.###} ms (hotnas space {hotnas.Milliseconds:0.###} ms), " +
            $"DSP {best.Resources.Dsp}, BRAM18 {best.Resources.Bram18}, LUT {best.Resources.Lut}, FF {best.Resources.Ff}");
        // Spaces: 2 engines × 2 windows (3 and 7) over the hotnas axes with 13 Tm values.
        Assert.That(result.SpaceSize, Is.EqualTo(2L * 2 * 13 * 3 * 3 * 125));
        Assert.That(best.Design.Dense, Is.True, "the patterned engine's window select is what bound the PE count");
        Assert.That(best.Design.Conv.Tk, Is.EqualTo(3), "the 7x7 stem runs as 3x3 passes");
        Assert.That(ResourceModel.Overflows(best.Resources, device), Is.Empty);
        Assert.That(best.Resources.Dsp, Is.GreaterThan(4 * hotnas.Resources.Dsp));
        Assert.That(best.Cycles, Is.LessThan(hotnas.Cycles / 4));
    }

    private static void AssertPrunedEqualsExhaustive(string network, string deviceName, string modelName, DesignSpace space)
    {
        var layers = WorkloadsOf(network);
        var device = Board(deviceName);
        var model = LatencyModels.Get(modelName);
        int bits = space.DataBits;
        var pruned = DesignSpaceExplorer.Explore(layers, device, space, model);
        var exhaustive = DesignSpaceExplorer.Explore(layers, device, space, model, new DseOptions { Exhaustive = true });

        TestContext.Out.WriteLine($"{network} on {deviceName} ({modelName}, {bits}-bit): best {pruned.Best?.Design} " +
            $"{pruned.Best?.Cycles} cycles, {pruned.Best?.Milliseconds:0.###} ms; Pareto {pruned.Pareto.Count} points; " +
            $"evaluated {pruned.Evaluated} of {exhaustive.Evaluated} (bound pruned {pruned.PrunedByBound}, port dominance {pruned.PrunedByPortDominance})");

        Assert.That(exhaustive.Best, Is.Not.Null, exhaustive.InfeasibleReason);
        Assert.That(pruned.Best, Is.Not.Null, pruned.InfeasibleReason);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pruned.Best!.Design, Is.EqualTo(exhaustive.Best!.Design));
            Assert.That(pruned.Best.Cycles, Is.EqualTo(exhaustive.Best.Cycles));
            Assert.That(pruned.Best.Resources, Is.EqualTo(exhaustive.Best.Resources));
            Assert.That(Objectives(pruned.Pareto), Is.EqualTo(Objectives(exhaustive.Pareto)));
            Assert.That(pruned.Pareto.Select(p => p.Design), Is.EqualTo(exhaustive.Pareto.Select(p => p.Design)));
            Assert.That(pruned.Evaluated, Is.LessThan(exhaustive.Evaluated), "pruning should prune");
            Assert.That(pruned.Pareto[0], Is.SameAs(pruned.Best));
        }
        AssertAccounting(pruned);
        AssertAccounting(exhaustive);
        Assert.That(exhaustive.PrunedByBound + exhaustive.PrunedByPortDominance, Is.Zero);
    }

    private static List<(double Cycles, int Dsp, int Bram18)> Objectives(IEnumerable<DesignEvaluation> points) =>
        points.Select(p => (p.Cycles, p.Resources.Dsp, p.Resources.Bram18)).ToList();

    /// <summary>Every point of the space is accounted for exactly once.</summary>
    private static void AssertAccounting(DseResult r) =>
        Assert.That(r.RejectedByPortBits + r.PrunedByPortDominance + r.RejectedByResources + r.RejectedAsIncompatible
            + r.PrunedByBound + r.Evaluated, Is.EqualTo(r.SpaceSize));

    /// <summary>
    /// An independent brute force over HotNAS's ZCU102 space for resnet18: nested loops over the
    /// declared lists, Tn = the largest value ≤ ⌊2520/Tm⌋ that fits, Tk = 7, ResourceModel.Fits on the
    /// full usage (ports included) with the model's logic constraint,
    /// model.TotalCycles on the layers the model counts; then the Pareto front by pairwise comparison.
    /// </summary>
    [TestCase("hotnas")]
    [TestCase("zooforge")]
    public void Naive_brute_force_agrees_with_the_explorer(string modelName)
    {
        var model = LatencyModels.Get(modelName);
        var device = Board("zcu102");
        var layers = WorkloadsOf("resnet18").Where(l => model.Counts(l.Kind)).ToArray();
        int tk = layers.Where(l => l.Kind is OpKind.Conv or OpKind.GroupedConv or OpKind.Linear).Max(l => l.K);
        Assert.That(tk, Is.EqualTo(7));
        int[] tms = [10, 40, 70, 100, 130, 160, 190, 220];
        int[] tiles = [32, 64, 256];
        int[] lanes = [2, 6, 10, 14, 18];
        var points = new List<(AcceleratorDesign Design, double Cycles, int Dsp, int Bram)>();
        foreach (int tm in tms)
        foreach (int tr in tiles)
        foreach (int tc in tiles)
        foreach (int wp in lanes)
        foreach (int ip in lanes)
        foreach (int op in lanes)
        {
            if (wp + ip + op > 32) continue;
            AcceleratorDesign? d = null;
            ResourceUsage usage = default;
            for (int tn = 2520 / tm; tn >= 1 && d is null; tn--)
            {
                var candidate = Design(tm, tn, tr, tc, tk, wp, ip, op) with { ClockMhz = device.ClockMhz };
                usage = ResourceModel.Estimate(candidate);
                if (ResourceModel.Fits(usage, device, model.ConstrainsLogic)) d = candidate;
            }
            if (d is null) continue;
            if (layers.Any(l => model.Incompatibility(l, d) is not null)) continue;
            points.Add((d, model.TotalCycles(layers, d), usage.Dsp, usage.Bram18));
        }
        Assert.That(points, Is.Not.Empty);
        double best = points.Min(p => p.Cycles);
        var front = points
            .Where(p => !points.Any(q => q.Cycles <= p.Cycles && q.Dsp <= p.Dsp && q.Bram <= p.Bram
                && (q.Cycles < p.Cycles || q.Dsp < p.Dsp || q.Bram < p.Bram)))
            .Select(p => (p.Cycles, p.Dsp, p.Bram))
            .Distinct()
            .OrderBy(p => p.Cycles).ThenBy(p => p.Dsp).ThenBy(p => p.Bram)
            .ToList();

        var result = DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), device, DesignSpaces.HotNas, model);
        TestContext.Out.WriteLine($"naive brute force ({modelName}): {points.Count} feasible points, best {best} cycles; " +
            $"explorer best {result.Best?.Design} at {result.Best?.Cycles} cycles ({result.Best?.Milliseconds:0.###} ms at {device.ClockMhz} MHz)");
        Assert.That(result.Best!.Cycles, Is.EqualTo(best));
        Assert.That(points.Where(p => p.Cycles == best).Select(p => p.Design), Does.Contain(result.Best.Design));
        Assert.That(Objectives(result.Pareto), Is.EqualTo(front));
    }

    [Test]
    public void Hotnas_best_for_resnet18_beats_the_published_design()
    {
        var layers = WorkloadsOf("resnet18");
        var result = DesignSpaceExplorer.Explore(layers, Board("zcu102"), DesignSpaces.HotNas, LatencyModels.HotNas);
        double published = LatencyModels.HotNas.TotalCycles(layers.Where(l => LatencyModels.HotNas.Counts(l.Kind)).ToArray(), HotNasResNet18);
        Assert.That(result.Best!.Cycles, Is.LessThanOrEqualTo(published));
    }

    [Test]
    public void A_device_too_small_for_any_point_has_no_best()
    {
        var tiny = new Device
        {
            Name = "tiny", Board = "Tiny", Part = "xc-tiny", Dsp = 5, Bram18 = 100, Lut = 100_000, Ff = 200_000,
            AxiPortBits = 512, ClockMhz = 100,
        };
        var result = DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), tiny, DesignSpaces.HotNas, LatencyModels.HotNas);
        Assert.That(result.Best, Is.Null);
        Assert.That(result.Pareto, Is.Empty);
        Assert.That(result.InfeasibleReason, Does.Contain("Tiny"));
        AssertAccounting(result);
    }

    [Test]
    public void Hotnas_model_rejects_an_eight_bit_space_as_incompatible()
    {
        var space = DesignSpaces.HotNas with { DataBits = 8 };
        var result = DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), Board("zcu102"), space, LatencyModels.HotNas);
        Assert.That(result.Best, Is.Null);
        Assert.That(result.RejectedAsIncompatible, Is.Positive);
        Assert.That(result.Evaluated, Is.Zero);
        Assert.That(result.InfeasibleReason, Does.Contain("cannot run"));
        AssertAccounting(result);
    }

    [Test]
    public void Clock_option_sets_every_design_clock_without_changing_cycles()
    {
        var layers = WorkloadsOf("resnet18");
        var atDefault = DesignSpaceExplorer.Explore(layers, Board("zcu102"), DesignSpaces.HotNas, LatencyModels.HotNas);
        var at100 = DesignSpaceExplorer.Explore(layers, Board("zcu102"), DesignSpaces.HotNas, LatencyModels.HotNas,
            new DseOptions { ClockMhz = 100 });
        Assert.That(at100.Pareto.Select(p => p.Design.ClockMhz), Is.All.EqualTo(100.0));
        Assert.That(at100.Best!.Cycles, Is.EqualTo(atDefault.Best!.Cycles));
        Assert.That(at100.Best.Milliseconds, Is.EqualTo(2 * atDefault.Best.Milliseconds).Within(1e-12));
    }

    [Test]
    public void A_device_with_too_few_port_bits_has_no_best()
    {
        var narrow = Board("zcu102") with { AxiPortBits = 64 };
        var result = DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), narrow, DesignSpaces.HotNas, LatencyModels.HotNas);
        Assert.That(result.Best, Is.Null);
        Assert.That(result.InfeasibleReason, Does.Contain("port"));
        Assert.That(result.RejectedByPortBits, Is.EqualTo(result.SpaceSize));
    }

    public static IEnumerable<TestCaseData> EmptyFields()
    {
        var s = DesignSpaces.HotNas;
        yield return new TestCaseData("resnet18", s with { Tm = [] }, "'tm'");
        yield return new TestCaseData("resnet18", s with { Tr = [] }, "'tr'");
        yield return new TestCaseData("resnet18", s with { Tc = [] }, "'tc'");
        yield return new TestCaseData("resnet18", s with { WeightLanes = [] }, "'weight_lanes'");
        yield return new TestCaseData("resnet18", s with { InputLanes = [] }, "'input_lanes'");
        yield return new TestCaseData("resnet18", s with { OutputLanes = [] }, "'output_lanes'");
        yield return new TestCaseData("mobilenet_v2", s with { DepthwiseTm = [] }, "'depthwise_tm'");
        yield return new TestCaseData("mobilenet_v2", s with { DepthwiseTr = [] }, "'depthwise_tr'");
        yield return new TestCaseData("mobilenet_v2", s with { DepthwiseTc = [] }, "'depthwise_tc'");
        yield return new TestCaseData("resnet18", s with { Tr = [32, 0] }, "'tr'");
    }

    [TestCaseSource(nameof(EmptyFields))]
    public void Empty_or_invalid_space_list_throws_naming_the_field(string network, DesignSpace space, string field)
    {
        Assert.That(() => DesignSpaceExplorer.Explore(WorkloadsOf(network), Board("zcu102"), space, LatencyModels.HotNas),
            Throws.TypeOf<DseException>().With.Message.Contain(field));
    }

    [Test]
    public void Depthwise_lists_are_not_required_without_depthwise_layers()
    {
        var space = DesignSpaces.HotNas with { DepthwiseTm = [], DepthwiseTr = [], DepthwiseTc = [] };
        var result = DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), Board("zcu102"), space, LatencyModels.HotNas);
        Assert.That(result.Best, Is.Not.Null);
        Assert.That(result.Best!.Design.Depthwise, Is.Null);
    }

    [Test]
    public void A_network_with_nothing_the_model_counts_throws()
    {
        var pools = WorkloadsOf("resnet18").Where(l => l.Kind.IsPooling()).ToArray();
        Assert.That(() => DesignSpaceExplorer.Explore(pools, Board("zcu102"), DesignSpaces.HotNas, LatencyModels.HotNas),
            Throws.TypeOf<DseException>().With.Message.Contain("hotnas"));
    }

    [Test]
    public void Maximal_port_triples_of_the_hotnas_space()
    {
        var valid = DesignSpaceExplorer.PortTriples(DesignSpaces.HotNas, 512);
        Assert.That(valid.All(p => p.Weight + p.Input + p.Output <= 32));
        var maximal = DesignSpaceExplorer.MaximalTriples(valid, activationMonotone: true);
        // With lanes in {2,6,10,14,18} and a sum ≤ 32, a triple is maximal exactly when adding 4 to any lane breaks the limit: sum ≥ 30.
        Assert.That(maximal, Is.EquivalentTo(valid.Where(p => p.Weight + p.Input + p.Output >= 30)));
        Assert.That(maximal, Does.Contain(new PortWidths(18, 6, 6)));
    }

    /// <summary>
    /// The zooforge model: only I_p = O_p is usable, and only W_p may be pruned (its latency is not
    /// monotone in the activation ports), so each activation width keeps its widest W_p.
    /// </summary>
    [Test]
    public void Port_triples_the_zooforge_model_tries()
    {
        var model = LatencyModels.ZooForge;
        var usable = DesignSpaceExplorer.PortTriples(DesignSpaces.ZooForge, 512).Where(p => model.PortIncompatibility(p) is null).ToList();
        Assert.That(usable.All(p => p.Input == p.Output));
        var tried = DesignSpaceExplorer.MaximalTriples(usable, model.MonotoneInActivationPorts);
        Assert.That(tried, Is.EquivalentTo(new[] { new PortWidths(18, 2, 2), new PortWidths(18, 6, 6), new PortWidths(10, 10, 10), new PortWidths(2, 14, 14) }));
    }

    [TestCase(0.8)]
    [TestCase(0.5)]
    public void A_logic_utilisation_cap_keeps_luts_and_ffs_below_it_and_narrows_the_pe_array(double share)
    {
        var device = Board("zcu102");
        var layers = WorkloadsOf("mobilenet_v2");
        var space = DesignSpaces.HotNas with { DataBits = 8 };
        var full = DesignSpaceExplorer.Explore(layers, device, space, LatencyModels.ZooForge).Best!;
        var capped = DesignSpaceExplorer.Explore(layers, device, space, LatencyModels.ZooForge, new DseOptions { MaxLogicUtilisation = share });
        var exhaustive = DesignSpaceExplorer.Explore(layers, device, space, LatencyModels.ZooForge, new DseOptions { MaxLogicUtilisation = share, Exhaustive = true });
        var best = capped.Best!;
        TestContext.Out.WriteLine($"uncapped {full.Design} LUT {full.Resources.Lut}; capped at {share}: {best.Design} LUT {best.Resources.Lut}, FF {best.Resources.Ff}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(full.Resources.Lut, Is.GreaterThan(share * device.Lut), "the uncapped design uses more than the cap allows");
            Assert.That(capped.Pareto.Select(p => p.Resources.Lut), Is.All.LessThanOrEqualTo(share * device.Lut));
            Assert.That(capped.Pareto.Select(p => p.Resources.Ff), Is.All.LessThanOrEqualTo(share * device.Ff));
            // Not a bound on the uncapped best: Tn is derived as the largest that fits, so the cap
            // changes the space's Tn values, and with channel words a smaller Tn can be faster (one
            // that fills whole activation words).
            Assert.That(best.Design, Is.EqualTo(exhaustive.Best!.Design));
            Assert.That(best.Cycles, Is.EqualTo(exhaustive.Best!.Cycles));
        }
    }

    [TestCase(0.0)]
    [TestCase(1.01)]
    [TestCase(double.NaN)]
    public void A_logic_utilisation_cap_outside_zero_to_one_is_refused(double share) =>
        Assert.That(() => DesignSpaceExplorer.Explore(WorkloadsOf("resnet18"), Board("zcu102"), DesignSpaces.HotNas, LatencyModels.ZooForge,
            new DseOptions { MaxLogicUtilisation = share }), Throws.TypeOf<DseException>().With.Message.Contains("(0, 1]"));

    [TestCase("resnet18", "hotnas")]
    [TestCase("resnet18", "zooforge")]
    [TestCase("mobilenet_v2", "hotnas")]
    [TestCase("mobilenet_v2", "zooforge")]
    public void Best_design_on_zcu102(string network, string modelName)
    {
        var device = Board("zcu102");
        var layers = WorkloadsOf(network);
        var model = LatencyModels.Get(modelName);
        var result = DesignSpaceExplorer.Explore(layers, device, DesignSpaces.HotNas, model);
        var best = result.Best!;
        TestContext.Out.WriteLine($"{network} / {modelName} / zcu102: best {best.Design}, {best.Cycles} cycles = {best.Milliseconds:0.###} ms, " +
            $"DSP {best.Resources.Dsp}, BRAM18 {best.Resources.Bram18}, LUT {best.Resources.Lut}; Pareto {result.Pareto.Count}; {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(ResourceModel.Fits(best.Resources, device, model.ConstrainsLogic), Is.True);
        Assert.That(model.Evaluate(layers, best.Design).TotalCycles, Is.EqualTo(best.Cycles).Within(1e-9).Percent);
        Assert.That(best.Design.Depthwise is not null, Is.EqualTo(network == "mobilenet_v2"));
        // Tn is derived: the most the DSPs left by the depthwise engine allow, unless one more
        // input channel would overflow another resource.
        int dTm = best.Design.Depthwise?.Tm ?? 0;
        int dspBound = (device.Dsp - dTm) / best.Design.Conv.Tm;
        var wider = best.Design with { Conv = best.Design.Conv with { Tn = best.Design.Conv.Tn + 1 } };
        Assert.That(best.Design.Conv.Tn == dspBound
            || !ResourceModel.Fits(ResourceModel.Estimate(wider) with { PortBits = 0 }, device, model.ConstrainsLogic), Is.True,
            $"Tn {best.Design.Conv.Tn} is below the DSP bound {dspBound} although Tn + 1 fits");
    }
}
