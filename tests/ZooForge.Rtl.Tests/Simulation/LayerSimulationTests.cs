using ZooForge.Hardware.Performance;
using ZooForge.Rtl.Model;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Simulation;
using ZooForge.TestSupport;

namespace ZooForge.Rtl.Tests.Simulation;

/// <summary>
/// The layer engine runs whole convolutions of the test designs from their memory images in
/// Verilator, behind a memory model with read latency (0, 32, 64 cycles) and seeded random
/// back-pressure: every output word equals the integer reference's, the compute cycles equal the
/// model's compute term, and the layer's cycles are printed beside ZooForgeLatencyModel's figure.
/// </summary>
[Category("Rtl")]
public class LayerSimulationTests
{
    private static readonly MemoryTiming[] Timings =
    [
        new(Latency: 0), new(Latency: 32), new(Latency: 64),
        new(Latency: 0, StallPercent: 30, Seed: 3), new(Latency: 64, StallPercent: 30, Seed: 11),
    ];

    public static IEnumerable<TestCaseData> Layers() =>
    [
        new TestCaseData("resnet_p4_int8", "layer1.0.relu").SetArgDisplayNames("resnet_p4_int8 layer1.0.relu, 3x3 stride 1"),
        new TestCaseData("resnet_p4_int8", "layer2.0.relu").SetArgDisplayNames("resnet_p4_int8 layer2.0.relu, 3x3 stride 2"),
        new TestCaseData("resnet_p4_int8", "layer2.0.downsample.1").SetArgDisplayNames("resnet_p4_int8 layer2.0.downsample.1, dense 1x1 stride 2"),
        new TestCaseData("vgg_p8_int4", "features.5").SetArgDisplayNames("vgg_p8_int4 features.5, int4, Tn 8, 8 patterns"),
        new TestCaseData("resnet_p2_int12_cut", "layer1.0.relu").SetArgDisplayNames("resnet_p2_int12_cut layer1.0.relu, int12 unpacked, 12 of 16 lanes"),
    ];

    [TestCaseSource(nameof(Layers))]
    public void The_layer_is_bit_exact_under_any_memory_timing(string name, string layer)
    {
        using var temp = new TempFolder();
        var (tile, model, design, network, tensors) = TinyDesigns.Tile(name, layer: layer);
        var project = RtlProject.Write(temp.Combine("rtl"), model, tile);
        var image = RtlLayerImage.Create(network, model, tensors);
        var testbench = LayerSimulation.Build(project, temp.Combine("sim"));
        var modelled = new ZooForgeLatencyModel().EvaluateLayer(image.Workload, design.Accelerator);
        TestContext.Out.WriteLine($"{name} {layer}: build {testbench.BuildTime.TotalSeconds:F0} s; model {modelled.Cycles:F0} cycles (compute {modelled.ComputeCycles:F0})");
        using (Assert.EnterMultipleScope())
        {
            foreach (var timing in Timings)
            {
                var result = LayerSimulation.Run(testbench, image, timing);
                TestContext.Out.WriteLine($"  latency {timing.Latency,2}, stall {timing.StallPercent,2}%: {result.Cycles} cycles " +
                    $"({(result.Cycles - modelled.Cycles) / modelled.Cycles:+0.0%;-0.0%} against the model), compute {result.ComputeCycles}, " +
                    $"{result.Reads} words in {result.ReadBursts} read bursts, {result.Writes} in {result.WriteBursts} write bursts, run {result.RunTime.TotalSeconds:F1} s");
                Assert.That(result.Mismatches, Is.Empty, $"{timing}");
                Assert.That((result.Passed, result.Errors, result.Checked), Is.EqualTo((true, 0, image.Expected.Length)), $"{timing}");
                Assert.That(result.Writes, Is.EqualTo(image.Expected.Length), $"{timing}: every output written once");
                Assert.That(result.ComputeCycles, Is.EqualTo((long)modelled.ComputeCycles), $"{timing}: the tile engine's cycles are the model's compute term");
            }
        }
    }
}
