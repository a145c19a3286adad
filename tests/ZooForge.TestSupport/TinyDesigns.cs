using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Hardware.Designs;
using ZooForge.Rtl.Model;

namespace ZooForge.TestSupport;

/// <summary>
/// The three tiny test designs in <c>Designs/</c> (compressed zoo networks made with
/// <c>zooforge compress</c>, see each file's provenance), differing in Tn (4, 8, 3), pattern
/// count (4, 8, 2), non-zeros (4, 5, 6) and bit-width (int8 packed, int4 packed, int12 unpacked).
/// </summary>
public static class TinyDesigns
{
    /// <summary>The designs, by name.</summary>
    public static readonly string[] Names = ["resnet_p4_int8", "vgg_p8_int4", "resnet_p2_int12_cut"];

    /// <summary>Layer per design: the cut design's tile comes from its cut layer (12 of 16 channels), so the last output tile has 4 of Tm = 8 lanes.</summary>
    public static string? Layer(string name) => name == "resnet_p2_int12_cut" ? "layer1.0.relu" : null;

    /// <summary>The design file of <paramref name="name"/> (copied beside the test assembly).</summary>
    public static string DesignPath(string name) => Path.Combine(AppContext.BaseDirectory, "Designs", name + ".yaml");

    /// <summary>A deterministic pseudo-random input in the network's bit range, for tests that need no real digit.</summary>
    public static int[] SyntheticInput(QuantizedNetwork network, int seed = 7)
    {
        var random = new Random(seed);
        var (lo, hi) = Requantizer.SignedRange(network.Bits);
        return Enumerable.Range(0, (int)network.InputShape.Elements).Select(_ => random.Next(lo, hi + 1)).ToArray();
    }

    /// <summary>The tile of design <paramref name="name"/> on <paramref name="input"/>, and its template model.</summary>
    public static (RtlTile Tile, RtlTemplateModel Model, DesignDocument Design, QuantizedNetwork Network, IReadOnlyDictionary<string, int[]> Tensors) Tile(string name, int[]? input = null, string? layer = null)
    {
        var design = DesignFile.Load(DesignPath(name));
        var network = QuantizedNetworkFile.Load(design.NetworkPath);
        var tensors = new IntegerReference(network).Run(input ?? SyntheticInput(network));
        var tile = RtlTile.Cut(network, LayerChoice.Choose(network, layer ?? Layer(name)), design.Accelerator.Conv, tensors);
        return (tile, RtlTemplateModel.Create(design.Name, network.Name, design.Accelerator, tile), design, network, tensors);
    }
}
