using ZooForge.TestSupport;
using ZooForge.Emit.Passes;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Passes;

/// <summary>The passes: design checks naming the field or layer, and the schedule and packing they build.</summary>
[TestFixture]
public sealed class EmitPipelineTests
{
    private static string Error(string design)
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<EmitException>(() => HlsEmitter.Emit(design, Path.Combine(Path.GetDirectoryName(design)!, "out"), new EmitOptions()))!;
        Assert.That(Directory.Exists(Path.Combine(Path.GetDirectoryName(design)!, "out")), Is.False, "nothing is written on error");
        return e.Message;
    }

    [Test]
    public void Unsupported_grouped_convolution_names_the_layer()
    {
        using var temp = new TempFolder();
        var message = Error(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.Grouped()));
        Assert.That(message, Does.Contain("layer 'grouped'").And.Contain("grouped convolution (2 groups of 2 channels) is not supported"));
    }

    [Test]
    public void Data_bits_must_equal_the_network_bits()
    {
        using var temp = new TempFolder();
        var message = Error(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.DenseOnly().Network, dataBits: 16));
        Assert.That(message, Does.Contain("field 'data_bits' is 16").And.Contain("8-bit values"));
    }

    [Test]
    public void Tile_smaller_than_the_pass_window_names_the_layer_and_field()
    {
        using var temp = new TempFolder();
        // The 7x7 kernel runs as 3x3 passes, so the tile must hold 3x3, not 7x7: 4x5 passes, 2x3 does not.
        var network = SyntheticNetworks.LargeKernels().Network;
        var message = Error(SyntheticNetworks.WriteDesign(temp.Path, network, tiling: "{tm: 4, tn: 3, tr: 2, tc: 3, tk: 3}", depthwise: SyntheticNetworks.DecomposingDepthwise));
        Assert.That(message, Does.Contain("layer 'conv7': the input tile 'conv.tr' x 'conv.tc' = 2x3 cannot hold its 3x3 kernel window"));
    }

    [Test]
    public void Depthwise_layer_needs_a_depthwise_engine()
    {
        using var temp = new TempFolder();
        var message = Error(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.AllOps().Network, depthwise: null));
        Assert.That(message, Does.Contain("layer 'dw' is depthwise but the design has no depthwise engine (field 'depthwise')"));
    }

    [Test]
    public void Oversized_tiles_name_the_field()
    {
        using var temp = new TempFolder();
        var message = Error(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.DenseOnly().Network, tiling: "{tm: 4, tn: 3, tr: 300, tc: 3, tk: 3}"));
        Assert.That(message, Does.Contain("'conv.tr'").And.Contain("at most 256"));
    }

    [Test]
    public void Missing_network_and_unknown_device_name_their_fields()
    {
        using var temp = new TempFolder();
        string design = SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.DenseOnly().Network);
        File.Delete(Path.Combine(temp.Path, "network.zfq.safetensors"));
        Assert.That(Error(design), Does.Contain("field 'network'").And.Contain("does not exist"));
        design = SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.DenseOnly().Network);
        File.WriteAllText(design, File.ReadAllText(design).Replace("device: zcu102", "device: zcu999", StringComparison.Ordinal));
        Assert.That(Error(design), Does.Contain("field 'device': unknown device 'zcu999'"));
    }

    [Test]
    public void Schedule_lowers_concat_to_parts_and_flatten_to_a_view()
    {
        using var temp = new TempFolder();
        var (design, network, device) = HlsEmitter.Load(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.AllOps().Network));
        var model = EmitPipeline.Build(design, network, device);
        var parts = model.Layers.Where(l => l.Name == "concat").ToArray();
        var concat = model.Ops.Single(o => o.Name == "concat");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parts.Select(p => p.Kind), Is.EqualTo(new[] { "ZF_SCALE", "ZF_SCALE" }));
            Assert.That(parts.Select(p => p.Out), Is.EqualTo(new[] { concat.Offset, concat.Offset }), "both parts write into the concatenation's words");
            Assert.That(parts.Select(p => p.In2), Is.EqualTo(new[] { 0, 6 }), "the second part starts after the first's 6 channels");
            Assert.That(model.Layers.Any(l => l.Name == "flatten"), Is.False, "flatten runs nothing");
            Assert.That(model.Ops.Single(o => o.Name == "flatten").Offset, Is.EqualTo(model.Ops.Single(o => o.Name == "adaptive").Offset));
            Assert.That(model.Layers.Count, Is.EqualTo(network.Ops.Count), "one entry per op, minus flatten, plus one extra concat part");
            // Channel blocks of 8 values (4 output lanes of 16 bits at 8 bits): ceil(C/8)·H·W words per tensor.
            Assert.That(model.ActivationWord, Is.EqualTo(8));
            Assert.That(model.ActivationWords, Is.EqualTo(network.Tensors.Where(t => t.Key != "flatten").Sum(t => (t.Value.Shape.Channels + 7) / 8 * t.Value.Shape.Height * t.Value.Shape.Width)));
        }
    }

    [Test]
    public void Pattern_layers_pack_taps_padded_to_the_largest_pattern_in_word_aligned_steps()
    {
        using var temp = new TempFolder();
        var (design, network, device) = HlsEmitter.Load(SyntheticNetworks.WriteDesign(temp.Path, SyntheticNetworks.AllOps().Network));
        var model = EmitPipeline.Build(design, network, device);
        var conv0 = model.Layers.Single(l => l.Name == "conv0");
        var dw = model.Layers.Single(l => l.Name == "dw");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((conv0.Kind, conv0.Taps, conv0.Patterns), Is.EqualTo(("ZF_CONV", 4, 3)), "patterns of 4, 4 and 3 non-zeros → 4 taps");
            Assert.That((dw.Kind, dw.Taps, dw.Patterns), Is.EqualTo(("ZF_DWCONV", 9, 1)), "a dense layer keeps all 9 positions in one pattern");
            Assert.That((conv0.Ids, dw.Ids), Is.EqualTo((1, 0)), "pattern layers carry an id per kernel, dense ones none");
            // conv0 (6 outputs, 2 inputs) on the Tm = 4, Tn = 3 engine: steps of 4 and 2 lanes, each
            // kernel its id and 4 weights, every step's block whole words.
            int word = model.WeightWord;
            Assert.That(dw.Wgt - conv0.Wgt, Is.EqualTo((4 * 2 * 5 + word - 1) / word + (2 * 2 * 5 + word - 1) / word), "conv0's words: one block per step");
            Assert.That(model.MaxTaps, Is.EqualTo(9));
        }
    }
}
