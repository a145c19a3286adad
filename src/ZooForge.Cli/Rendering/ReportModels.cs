using ZooForge.Graph.Model;
using System.Text.Json.Serialization;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;

namespace ZooForge.Cli.Rendering;

/// <summary>JSON shape of a design.</summary>
internal sealed record DesignJson(string Design, string? Dconv, int Tm, int Tn, int Tr, int Tc, int Tk,
    int WP, int IP, int OP, int? DconvTm, int? DconvTr, int? DconvTc, int? DconvTk, int DataBits, double ClockMhz, bool Dense)
{
    public static DesignJson From(AcceleratorDesign d) => new(
        Formats.DesignArgument(d), Formats.DconvArgument(d), d.Conv.Tm, d.Conv.Tn, d.Conv.Tr, d.Conv.Tc, d.Conv.Tk,
        d.Ports.Weight, d.Ports.Input, d.Ports.Output, d.Depthwise?.Tm, d.Depthwise?.Tr, d.Depthwise?.Tc, d.Depthwise?.Tk,
        d.DataBits, d.ClockMhz, d.Dense);
}

/// <summary>JSON shape of resource use against a device.</summary>
internal sealed record ResourcesJson(int Dsp, int Bram18, int Lut, int Ff, int PortBits, int Bram18Hotnas,
    int DeviceDsp, int DeviceBram18, int DeviceLut, int DeviceFf, int DevicePortBits)
{
    public static ResourcesJson From(ResourceUsage u, Device d) => new(u.Dsp, u.Bram18, u.Lut, u.Ff, u.PortBits,
        u.Bram18HotNas, d.Dsp, d.Bram18, d.Lut, d.Ff, d.AxiPortBits);
}

/// <summary>JSON shape of one layer's latency; the single-letter keys follow HotNAS's notation.</summary>
internal sealed record LayerJson(
    string Name, string Kind, string Unit, bool Modelled,
    [property: JsonPropertyName("M")] int M, [property: JsonPropertyName("N")] int N,
    [property: JsonPropertyName("R")] int R, [property: JsonPropertyName("C")] int C,
    [property: JsonPropertyName("K")] int K, [property: JsonPropertyName("S")] int S,
    [property: JsonPropertyName("P")] int P, int Groups, int PatternOnes, int? WeightBits,
    double Cycles, string Bottleneck, double InputCycles, double WeightCycles, double OutputCycles, double ComputeCycles)
{
    public static LayerJson From(LayerLatency l) => new(
        l.Layer.Name, l.Layer.Kind.Tag(), Formats.Unit(l.Unit), l.IsModelled,
        l.Layer.M, l.Layer.N, l.Layer.R, l.Layer.C, l.Layer.K, l.Layer.S, l.Layer.P, l.Layer.Groups,
        l.Layer.PatternOnes, l.Layer.WeightBits > 0 ? l.Layer.WeightBits : null,
        l.Cycles, Formats.BottleneckKey(l.Bottleneck),
        l.InputCycles, l.WeightCycles, l.OutputCycles, l.ComputeCycles);
}

/// <summary>JSON shape of <c>zooforge estimate</c>.</summary>
internal sealed record EstimateJson(string Model, string Device, string PerfModel, DesignJson Design,
    ResourcesJson Resources, IReadOnlyList<LayerJson> Layers, double TotalCycles, double LatencyMs);
