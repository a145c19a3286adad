using ZooForge.TestSupport;
using ZooForge.Compression.Golden;
using ZooForge.Compression.Quantization;
using ZooForge.Flow.Check;
using ZooForge.Flow.Check.RtlSteps;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Synthesis;

namespace ZooForge.Flow.Tests.Check;

/// <summary>
/// The whole RTL check on the three test designs, with the real tools: the tile simulates bit
/// exact against the integer reference, its cycles match the performance model within 5%, lint
/// is clean, and every block synthesises within its committed baseline with the PE array's DSPs
/// equal to the resource model's.
/// </summary>
[TestFixture]
[Category("Data")]
[Category("Rtl")]
[Parallelizable(ParallelScope.None)]
public class RtlCheckTests
{
    [TestCaseSource(typeof(TinyDesigns), nameof(TinyDesigns.Names))]
    public void Design_passes_every_step(string name)
    {
        using var temp = new TempFolder();
        var context = CheckContexts.Context(name, temp.Path);
        var report = CheckRunner.Run(RtlCheck.Steps(), context);
        foreach (var step in report.Steps) TestContext.Out.WriteLine($"{step.Name}: {step.Status} {step.Duration.TotalSeconds:0.0}s {step.Message}");

        Assert.That(report.Steps.Where(s => s.Status != CheckStatus.Passed).Select(s => $"{s.Name}: {s.Message}"), Is.Empty);
        var sim = report.Steps.Single(s => s.Name == "rtl.sim.tile").Metrics;
        var cycles = report.Steps.Single(s => s.Name == "rtl.cycles.tile").Metrics;
        var pe = report.Steps.Single(s => s.Name == "synth.zf_pe_array").Metrics;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sim["errors"], Is.Zero);
            Assert.That(sim["checked"], Is.EqualTo(context.Tile!.Pixels * context.Tile.ActiveOutChannels));
            Assert.That(Math.Abs(cycles["measured_cycles"] - cycles["model_cycles"]) / cycles["model_cycles"], Is.LessThanOrEqualTo(CycleStep.Tolerance));
            Assert.That(pe["dsp"], Is.EqualTo(SynthesisStep.ModelPeArrayDsp(context.Design.Accelerator)));
            Assert.That(report.Steps.Select(s => s.Name), Is.SupersetOf(RtlTemplates.Blocks.Select(b => "synth." + b)));
        }
    }

    [Test]
    public void A_dense_strided_layer_with_an_odd_packed_tile_simulates_exactly()
    {
        using var temp = new TempFolder();
        var dense = CheckContexts.Context("resnet_p4_int8", temp.Path, "layer2.0.downsample.1");
        var report = CheckRunner.Run(RtlCheck.Steps(synthesis: false), dense);
        Assert.That(report.Steps.Where(s => s.Status != CheckStatus.Passed).Select(s => $"{s.Name}: {s.Message}"), Is.Empty);
        var cycles = report.Steps.Single(s => s.Name == "rtl.cycles.tile").Metrics;
        Assert.That(dense.Tile!.Pixels, Is.EqualTo(25), "1x1 stride 2 on a 10x10 input tile: 5x5 outputs, one idle packed pixel");
        Assert.That(cycles["measured_cycles"], Is.EqualTo(cycles["model_cycles"]));
    }

    [Test]
    public void A_lane_slice_run_once_per_lane_group_checks_every_output_channel_in_the_full_cycles()
    {
        using var temp = new TempFolder();
        var full = CheckContexts.Context("resnet_p4_int8", temp.Path);
        var sliced = CheckContexts.Context("resnet_p4_int8", Path.Combine(temp.Path, "sliced"), lanes: 3);
        var report = CheckRunner.Run(RtlCheck.Steps(synthesis: false), sliced);

        Assert.That(report.Steps.Where(s => s.Status != CheckStatus.Passed).Select(s => $"{s.Name}: {s.Message}"), Is.Empty);
        var sim = report.Steps.Single(s => s.Name == "rtl.sim.tile").Metrics;
        var cycles = report.Steps.Single(s => s.Name == "rtl.cycles.tile").Metrics;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((sim["lanes"], sim["lane_groups"]), Is.EqualTo((3.0, 3.0)), "8 active lanes: groups of 3, 3 and 2");
            Assert.That(sim["checked"], Is.EqualTo(sliced.Tile!.Pixels * 8), "every output channel of the tile");
            Assert.That(cycles["measured_cycles"], Is.EqualTo(sliced.Tile.ModelComputeCycles(full.Design.Accelerator)),
                "a lane group takes the full array's per-tile compute cycles");
        }
    }

    [Test]
    public void One_wrong_weight_in_the_vectors_turns_the_check_red()
    {
        using var temp = new TempFolder();
        // A 3-lane slice and a weight of lane 3 or later: the corruption is in a lane group after the first.
        var context = CheckContexts.Context("resnet_p4_int8", temp.Path, lanes: 3);
        var steps = RtlCheck.Steps(synthesis: false).Select(s => s is RenderStep ? new RenderThenCorruptOneWeight(firstLane: 3) : s).ToList();

        var report = CheckRunner.Run(steps, context);

        var sim = report.Steps.Single(s => s.Name == "rtl.sim.tile");
        Assert.That(report.Passed, Is.False);
        Assert.That(sim.Status, Is.EqualTo(CheckStatus.Failed), sim.Message);
        Assert.That(sim.Metrics["errors"], Is.GreaterThan(0));
        Assert.That(sim.Message, Does.Contain("MISMATCH"));
        Assert.That(report.Steps.Single(s => s.Name == "rtl.lint").Status, Is.EqualTo(CheckStatus.Passed));
    }

    /// <summary>
    /// The render step, then one weight the RTL reads is set to the other end of its range; the
    /// expected outputs stay the reference's. The weight is the first whose change alters at least
    /// one output of the tile (checked with <see cref="TileOracle"/>), so the corruption is
    /// observable rather than absorbed by rounding or a zero activation, among the weights of
    /// output lanes <paramref name="firstLane"/> and later.
    /// </summary>
    private sealed class RenderThenCorruptOneWeight(int firstLane) : ICheckStep
    {
        public string Name => "rtl.render";

        public Type Kind => typeof(RenderStep);

        public IReadOnlyList<Type> Prerequisites => [];

        public CheckOutcome Run(CheckContext context)
        {
            var outcome = new RenderStep().Run(context);
            var project = context.RequireProject();
            var tile = context.Tile!;
            var (lo, hi) = Requantizer.SignedRange(project.Model.Bits);
            var weights = (int[])tile.Weights.Clone();
            var e = context.Design.Accelerator.Conv;
            int index = Enumerable.Range(0, weights.Length).Where(i => i / tile.Ones / e.Tn % e.Tm >= firstLane).First(i =>
            {
                int original = weights[i];
                weights[i] = original >= 0 ? lo : hi;
                bool observable = !TileOracle.Outputs(tile, weights, project.Model, e).SequenceEqual(tile.Expected);
                if (!observable) weights[i] = original;
                return observable;
            });
            string file = Path.Combine(project.Folder, project.Model.Files.Weights);
            var lines = File.ReadAllLines(file);
            lines[index] = GoldenVectors.Hex(weights[index], project.Model.Bits, lines[index].Length);
            File.WriteAllText(file, string.Join("\n", lines) + "\n");
            return outcome;
        }
    }

    [Test]
    public void A_pe_array_larger_than_the_device_fails_synthesis_naming_the_excess()
    {
        using var temp = new TempFolder();
        var zcu102 = Hardware.Devices.DeviceCatalogue.BuiltIn().Find("zcu102");
        // resnet_p4_int8's PE array is about 4.8k LUT / 2.7k FF: a device of 3,000 LUTs cannot hold it.
        var small = zcu102 with { Name = "small", Board = "Small", Lut = 3000, Ff = 1_000_000 };
        var context = CheckContexts.Context("resnet_p4_int8", temp.Path, device: small);
        var report = CheckRunner.Run([new RenderStep(), new SynthesisStep(RtlTemplates.PeArray)], context);
        var synth = report.Steps.Single(s => s.Name == "synth.zf_pe_array");
        TestContext.Out.WriteLine(synth.Message);
        Assert.That(synth.Status, Is.EqualTo(CheckStatus.Failed));
        Assert.That(synth.Message, Does.Contain($"the PE array alone needs {synth.Metrics["lut"]} LUT, more than the Small's 3000: the design does not fit"));
        Assert.That(synth.Message, Does.Not.Contain(" FF, more than"));
    }

    [Test]
    public void A_pe_array_within_the_device_raises_no_fit_problem()
    {
        var zcu102 = Hardware.Devices.DeviceCatalogue.BuiltIn().Find("zcu102");
        Assert.That(SynthesisStep.DeviceOverflows(new BlockResources("zf_pe_array", zcu102.Lut, zcu102.Ff, 0, 0), zcu102), Is.Empty);
        Assert.That(SynthesisStep.DeviceOverflows(new BlockResources("zf_pe_array", zcu102.Lut + 1, zcu102.Ff + 1, 0, 0), zcu102).Count(), Is.EqualTo(2));
    }

    [Test]
    public void A_step_after_a_failed_prerequisite_is_skipped_and_the_check_fails()
    {
        using var temp = new TempFolder();
        var failing = CheckContexts.Context("resnet_p4_int8", temp.Path, "no.such.layer");
        var report = CheckRunner.Run(RtlCheck.Steps(synthesis: false), failing);
        Assert.That(report.Passed, Is.False);
        Assert.That(report.Steps[0].Status, Is.EqualTo(CheckStatus.Failed));
        Assert.That(report.Steps[0].Message, Does.Contain("no.such.layer"));
        Assert.That(report.Steps.Skip(1).Select(s => s.Status), Is.All.EqualTo(CheckStatus.Skipped));
    }
}
