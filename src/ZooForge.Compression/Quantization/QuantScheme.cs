using ZooForge.Core.Errors;
namespace ZooForge.Compression.Quantization;

/// <summary>How real values map to integers.</summary>
public enum QuantKind
{
    /// <summary>Symmetric scales from the observed ranges: per output channel for weights, per tensor for activations.</summary>
    Symmetric,
    /// <summary>HotNAS-style fixed point: every scale is a power of two, 2^−F, with I integer and F fraction bits.</summary>
    FixedPoint,
}

/// <summary>
/// A quantization scheme: <c>int8</c> (symmetric, 8 bits), <c>intB</c> for other widths, or
/// <c>fixed:I.F</c> (HotNAS's fixed point, I+F bits with the fraction bits chosen per layer from
/// its range when F is omitted as <c>fixed:B</c>).
/// </summary>
/// <param name="Kind">Symmetric or fixed point.</param>
/// <param name="Bits">Total bits of weights and activations, 2..16.</param>
/// <param name="FractionBits">For <c>fixed:I.F</c>, the fraction bits F of every tensor; null to choose per tensor.</param>
public sealed record QuantScheme(QuantKind Kind, int Bits, int? FractionBits = null)
{
    /// <summary>8-bit symmetric.</summary>
    public static QuantScheme Int8 { get; } = new(QuantKind.Symmetric, 8);

    /// <summary>Parses <c>int8</c>, <c>int4</c>…<c>int16</c>, <c>fixed:I.F</c> or <c>fixed:B</c>.</summary>
    /// <exception cref="ArgumentException">Unknown form or a bit-width outside 2..16, naming the text.</exception>
    public static QuantScheme Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t.StartsWith("int") && int.TryParse(t[3..], out int bits)) return Checked(new QuantScheme(QuantKind.Symmetric, bits), text);
        if (t.StartsWith("fixed:"))
        {
            var parts = t[6..].Split('.');
            if (parts.Length == 1 && int.TryParse(parts[0], out int total))
                return Checked(new QuantScheme(QuantKind.FixedPoint, total), text);
            if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int f) && i >= 1 && f >= 0)
                return Checked(new QuantScheme(QuantKind.FixedPoint, i + f, f), text);
        }
        throw new InvalidInputException($"quantization '{text}': expected int8, intB (B = 2..16), fixed:I.F or fixed:B");
    }

    private static QuantScheme Checked(QuantScheme s, string text) => s.Bits is >= 2 and <= 16
        ? s
        : throw new InvalidInputException($"quantization '{text}': bit-width {s.Bits} is outside 2..16");

    /// <inheritdoc />
    public override string ToString() => Kind == QuantKind.Symmetric ? $"int{Bits}"
        : FractionBits is { } f ? $"fixed:{Bits - f}.{f}" : $"fixed:{Bits}";
}
