using System.Globalization;

namespace ZooForge.Hardware.Accelerator;

/// <summary>
/// Parses HotNAS's design notation, <c>"Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p"</c>, for the conv engine and
/// the depthwise engine (whose Tn is always 1 and whose ports, if given, must equal the conv
/// engine's, because the engines share them).
/// </summary>
public static class DesignParser
{
    private static readonly string[] FieldNames = ["Tm", "Tn", "Tr", "Tc", "Tk", "W_p", "I_p", "O_p"];

    /// <summary>Builds a design from the command-line strings.</summary>
    /// <exception cref="DesignFormatException">A field is missing, not an integer, or out of range.</exception>
    public static AcceleratorDesign Parse(string conv, string? depthwise = null, int dataBits = 16, double clockMhz = 200)
    {
        if (dataBits is < 2 or > 32)
            throw new DesignFormatException($"data bits must be between 2 and 32, got {dataBits}");
        if (!(clockMhz > 0 && clockMhz <= 1000))
            throw new DesignFormatException($"clock must be in (0, 1000] MHz, got {clockMhz}");
        var c = ParseFields("design", conv, allowShort: false);
        var ports = new PortWidths(c[5], c[6], c[7]);
        EngineTiling? d = null;
        if (depthwise is not null)
        {
            var f = ParseFields("dconv", depthwise, allowShort: true);
            if (f.Length == 8 && new PortWidths(f[5], f[6], f[7]) != ports)
                throw new DesignFormatException(
                    $"dconv: ports {f[5]},{f[6]},{f[7]} differ from the conv engine's {ports}; the engines share the AXI ports");
            if (f[1] != 1)
                throw new DesignFormatException($"dconv: Tn must be 1 for the depthwise engine, got {f[1]}");
            d = new EngineTiling(f[0], 1, f[2], f[3], f[4]);
        }
        return new AcceleratorDesign
        {
            Conv = new EngineTiling(c[0], c[1], c[2], c[3], c[4]),
            Ports = ports,
            Depthwise = d,
            DataBits = dataBits,
            ClockMhz = clockMhz,
        };
    }

    private static int[] ParseFields(string what, string text, bool allowShort)
    {
        var parts = text.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries);
        bool countOk = parts.Length == 8 || (allowShort && parts.Length == 5);
        if (!countOk)
            throw new DesignFormatException(
                $"{what}: expected {(allowShort ? "5 or 8" : "8")} comma-separated integers [Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p], got {parts.Length} in '{text}'");
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                throw new DesignFormatException($"{what}: {FieldNames[i]} = '{parts[i]}' is not a positive integer");
            if (values[i] <= 0)
                throw new DesignFormatException($"{what}: {FieldNames[i]} must be positive, got {values[i]}");
            if (values[i] > 65536)
                throw new DesignFormatException($"{what}: {FieldNames[i]} = {values[i]} is implausibly large (limit 65536)");
        }
        return values;
    }
}
