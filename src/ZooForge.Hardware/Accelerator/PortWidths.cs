namespace ZooForge.Hardware.Accelerator;

/// <summary>
/// AXI lanes to external memory, each 16 bits wide: W_p for weights, I_p for input feature
/// maps and O_p for output feature maps. Both engines share them.
/// </summary>
/// <param name="Weight">W_p lanes.</param>
/// <param name="Input">I_p lanes.</param>
/// <param name="Output">O_p lanes.</param>
public readonly record struct PortWidths(int Weight, int Input, int Output)
{
    /// <summary>Width of one lane in bits.</summary>
    public const int LaneBits = 16;

    /// <summary>Values of <paramref name="bits"/> bits one beat of a port of <paramref name="lanes"/> lanes moves (at least one).</summary>
    public static int ValuesPerBeat(int lanes, int bits) => Math.Max(1, LaneBits * lanes / bits);

    /// <summary>Total port bits, 16·(W_p+I_p+O_p).</summary>
    public int TotalBits => LaneBits * (Weight + Input + Output);

    /// <inheritdoc />
    public override string ToString() => $"{Weight},{Input},{Output}";
}
