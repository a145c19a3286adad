using System.Globalization;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;

namespace ZooForge.Cli.Rendering;

/// <summary>Number and name formatting shared by the tables.</summary>
internal static class Formats
{
    public static string Cycles(double cycles) => cycles.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Percent(double part, double whole) =>
        whole <= 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>The design in the notation <c>--design</c> accepts.</summary>
    public static string DesignArgument(AcceleratorDesign d) => $"{d.Conv},{d.Ports}";

    /// <summary>The depthwise engine in the notation <c>--dconv</c> accepts, or null.</summary>
    public static string? DconvArgument(AcceleratorDesign d) => d.Depthwise is { } t ? $"{t},{d.Ports}" : null;

    public static string Bottleneck(Bottleneck b) => b switch
    {
        Hardware.Performance.Bottleneck.LoadInput => "load IFM",
        Hardware.Performance.Bottleneck.LoadWeight => "load weights",
        Hardware.Performance.Bottleneck.Compute => "compute",
        Hardware.Performance.Bottleneck.StoreOutput => "store OFM",
        _ => "-",
    };

    /// <summary>Machine-readable bottleneck name for JSON.</summary>
    public static string BottleneckKey(Bottleneck b) => b switch
    {
        Hardware.Performance.Bottleneck.LoadInput => "load_ifm",
        Hardware.Performance.Bottleneck.LoadWeight => "load_weight",
        Hardware.Performance.Bottleneck.Compute => "compute",
        Hardware.Performance.Bottleneck.StoreOutput => "store_ofm",
        _ => "none",
    };

    public static string Unit(ExecutionUnit u) => u switch
    {
        ExecutionUnit.ConvEngine => "conv",
        ExecutionUnit.DepthwiseEngine => "dconv",
        ExecutionUnit.PostProcess => "post",
        _ => "-",
    };
}
