using ZooForge.TestSupport;
using ZooForge.Compression.Quantization;
using ZooForge.Hardware.Performance;
using ZooForge.Rtl.Model;

namespace ZooForge.Rtl.Tests.Model;

public class RtlTileTests
{
    /// <summary>The tile's vectors, computed as the RTL does (<see cref="TileOracle"/>), give the integer reference's outputs.</summary>
    public static IEnumerable<TestCaseData> Tiles() =>
        TinyDesigns.Names.Select(n => new TestCaseData(n, null).SetArgDisplayNames(n))
            .Append(new TestCaseData("resnet_p4_int8", "layer2.0.downsample.1").SetArgDisplayNames("resnet_p4_int8 dense 1x1 stride 2"))
            .Append(new TestCaseData("resnet_p4_int8", "fc").SetArgDisplayNames("resnet_p4_int8 dense fc"));

    [TestCaseSource(nameof(Tiles))]
    public void The_vectors_recompute_the_reference_outputs(string name, string? layer)
    {
        var (tile, model, design, _, _) = TinyDesigns.Tile(name, layer: layer);
        Assert.That(TileOracle.Outputs(tile, tile.Weights, model, design.Accelerator.Conv), Is.EqualTo(tile.Expected));
    }

    [Test]
    public void The_tile_is_the_top_left_output_tile_of_the_last_output_channel_tile()
    {
        var (tile, _, design, network, tensors) = TinyDesigns.Tile("resnet_p2_int12_cut");
        var shape = network.Tensors[tile.Layer.Name].Shape;
        var e = design.Accelerator.Conv;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tile.Layer.OutChannels, Is.EqualTo(12), "the cut layer keeps 12 of 16 channels");
            Assert.That((tile.FirstOutChannel, tile.ActiveOutChannels), Is.EqualTo((8, 4)));
            Assert.That((tile.OutRows, tile.OutCols), Is.EqualTo((7, 7)), "a 9x9 input tile holds 7x7 outputs of a 3x3 kernel");
            Assert.That(tile.Steps, Is.EqualTo(6), "16 input channels in steps of 3");
            Assert.That(tile.PatternIds.Where((_, i) => i % (e.Tm * e.Tn) / e.Tn >= 4), Is.All.EqualTo(-1), "inactive lanes hold no kernels");
            Assert.That(tile.Expected[(2 * 7 + 3) * e.Tm + 1], Is.EqualTo(tensors[tile.Layer.Name][(9 * shape.Height + 2) * shape.Width + 3]));
        }
    }

    [TestCaseSource(typeof(TinyDesigns), nameof(TinyDesigns.Names))]
    public void The_model_cycles_are_one_compute_term_per_input_channel_step(string name)
    {
        var (tile, _, design, _, _) = TinyDesigns.Tile(name);
        var e = design.Accelerator.Conv;
        long perStep = (long)tile.Ones * tile.OutRows * tile.OutCols + ZooForgeLatencyModel.ComputePipelineDepth(e.Tn);
        Assert.That(tile.ModelComputeCycles(design.Accelerator), Is.EqualTo(tile.Steps * perStep), "even pixel counts (packed) or unpacked designs pay one cycle per pixel and non-zero");
    }

    [Test]
    public void A_packed_design_pays_an_idle_pixel_on_an_odd_tile()
    {
        var (tile, _, design, _, _) = TinyDesigns.Tile("resnet_p4_int8", layer: "layer2.0.downsample.1");
        Assert.That((tile.Pixels, design.Accelerator.MacsPerDsp), Is.EqualTo((25, 2)));
        long fill = ZooForgeLatencyModel.ComputePipelineDepth(design.Accelerator.Conv.Tn);
        Assert.That(tile.ModelComputeCycles(design.Accelerator), Is.EqualTo(tile.Steps * (26 * tile.Ones + fill)));
    }

    [Test]
    public void A_dense_layer_is_one_pattern_keeping_the_whole_window()
    {
        var (tile, _, _, _, _) = TinyDesigns.Tile("resnet_p4_int8", layer: "layer2.0.downsample.1");
        Assert.That(tile.Layer.PatternIds, Is.Null);
        Assert.That((tile.Patterns.Count, tile.Ones), Is.EqualTo((1, 1)));
        Assert.That(tile.PatternIds.Distinct(), Is.EquivalentTo(new[] { 0 }), "every lane and channel of the 32 x 16 layer exists");
    }

    [Test]
    public void The_default_layer_is_the_sparse_one_with_most_effective_macs_and_unknown_names_are_refused()
    {
        var (_, _, _, network, _) = TinyDesigns.Tile("resnet_p4_int8");
        Assert.That(LayerChoice.Choose(network).Name, Is.EqualTo("layer1.0.relu"));
        Assert.That(() => LayerChoice.Choose(network, "nope"), Throws.TypeOf<ZooForge.Core.Errors.InvalidInputException>().With.Message.Contain("'nope'"));
    }
}
