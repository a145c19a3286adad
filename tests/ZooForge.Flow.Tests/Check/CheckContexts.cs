using ZooForge.Compression.Quantization;
using ZooForge.Flow.Check;
using ZooForge.Hardware.Designs;
using ZooForge.TestSupport;

namespace ZooForge.Flow.Tests.Check;

/// <summary>Check contexts of the tiny test designs, on the first held-out digit as <c>zooforge check</c> uses.</summary>
internal static class CheckContexts
{
    /// <summary>A check context of design <paramref name="name"/> writing into <paramref name="outFolder"/> (tile of <paramref name="layer"/>, simulated lane slice <paramref name="lanes"/> when given).</summary>
    public static CheckContext Context(string name, string outFolder, string? layer = null, int? lanes = null, Hardware.Devices.Device? device = null)
    {
        var design = DesignFile.Load(TinyDesigns.DesignPath(name));
        var network = QuantizedNetworkFile.Load(design.NetworkPath);
        return new CheckContext
        {
            Design = design, DesignPath = TinyDesigns.DesignPath(name), Network = network,
            Input = Quantizer.QuantizeInput(Digits.Validation.GetImage(0), network),
            OutFolder = outFolder, LayerName = layer ?? TinyDesigns.Layer(name), SimulatedLanes = lanes, Device = device,
        };
    }
}
