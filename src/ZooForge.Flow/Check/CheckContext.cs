using ZooForge.Compression.Quantization;
using ZooForge.Hardware.Designs;
using ZooForge.Rtl.Model;
using ZooForge.Rtl.Rendering;

namespace ZooForge.Flow.Check;

/// <summary>
/// What the steps of one check share: the design, its network, the real input the reference
/// runs on, the output folder, and the artefacts earlier steps produced (the tile, the rendered
/// RTL, the simulation result).
/// </summary>
public sealed class CheckContext
{
    /// <summary>The design under check.</summary>
    public required DesignDocument Design { get; init; }
    /// <summary>Path of the design file (baselines live beside it).</summary>
    public required string DesignPath { get; init; }
    /// <summary>The compressed network it names.</summary>
    public required QuantizedNetwork Network { get; init; }
    /// <summary>A real quantized input (a digit) the integer reference runs on.</summary>
    public required int[] Input { get; init; }
    /// <summary>Output folder of the check's artefacts.</summary>
    public required string OutFolder { get; init; }
    /// <summary>Layer to cut the tile from; null chooses (<see cref="LayerChoice.Choose"/>).</summary>
    public string? LayerName { get; init; }
    /// <summary>Lanes of the simulated engine; null uses <see cref="RtlTemplateModel.SimulatedLanes"/>.</summary>
    public int? SimulatedLanes { get; init; }
    /// <summary>Write the synthesis baseline instead of comparing with it.</summary>
    public bool UpdateBaselines { get; init; }
    /// <summary>Also write an FST waveform of the tile simulation.</summary>
    public bool Trace { get; init; }
    /// <summary>
    /// The design's device, when known: synthesis then fails a PE array that alone needs more
    /// LUTs or FFs than the device has (the design cannot fit, whatever the model said).
    /// </summary>
    public Hardware.Devices.Device? Device { get; init; }

    /// <summary>The tile (set by the render step).</summary>
    public RtlTile? Tile { get; set; }
    /// <summary>The rendered RTL (set by the render step).</summary>
    public RtlProject? Project { get; set; }
    /// <summary>Measured compute cycles (set by the simulation step).</summary>
    public long? MeasuredComputeCycles { get; set; }

    /// <summary>The baseline file of this design: <c>NAME.synth-baseline.json</c> beside the design file.</summary>
    public string BaselinePath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DesignPath))!,
        Path.GetFileNameWithoutExtension(DesignPath) + ".synth-baseline.json");

    /// <summary>The rendered project, or an error naming the missing step.</summary>
    public RtlProject RequireProject() => Project ?? throw new InvalidOperationException("the RTL has not been rendered (rtl.render did not run)");
}
