namespace ZooForge.Hardware.Devices;

/// <summary>
/// One FPGA board/part as described by a catalogue YAML file. Counts are the whole device;
/// the resource model decides how much of it a design may use.
/// </summary>
public sealed record Device
{
    /// <summary>Catalogue key used on the command line, lower case, e.g. <c>zcu102</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Board name for display, e.g. <c>ZCU102</c>.</summary>
    public required string Board { get; init; }

    /// <summary>Xilinx part number, used by <c>set_part</c>.</summary>
    public required string Part { get; init; }

    /// <summary>DSP48 slices.</summary>
    public required int Dsp { get; init; }

    /// <summary>18 Kb block RAMs (twice the BRAM36 count).</summary>
    public required int Bram18 { get; init; }

    /// <summary>UltraRAM blocks (288 Kb each); 0 where the part has none.</summary>
    public int Uram { get; init; }

    /// <summary>6-input LUTs.</summary>
    public required int Lut { get; init; }

    /// <summary>Flip-flops.</summary>
    public required int Ff { get; init; }

    /// <summary>Total data width, in bits, of the AXI ports to external memory that the accelerator may use.</summary>
    public required int AxiPortBits { get; init; }

    /// <summary>Default accelerator clock in MHz.</summary>
    public required double ClockMhz { get; init; }

    /// <summary>Free-text provenance of the figures (data sheet and table).</summary>
    public string? Source { get; init; }
}
