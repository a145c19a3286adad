using ZooForge.Core.Errors;
namespace ZooForge.Asic.Problem;

/// <summary>
/// The six loop dimensions of a convolution, in Timeloop's letters: K output channels, C input
/// channels, R×S kernel rows and columns, P×Q output rows and columns. Input rows and columns are
/// not dimensions of their own: they follow from P, R and the stride (and Q, S).
/// </summary>
public enum Dim
{
    /// <summary>Output channels (1 for a depthwise layer, whose channels are <see cref="C"/>).</summary>
    K = 0,
    /// <summary>Input channels.</summary>
    C = 1,
    /// <summary>Kernel rows.</summary>
    R = 2,
    /// <summary>Kernel columns.</summary>
    S = 3,
    /// <summary>Output rows.</summary>
    P = 4,
    /// <summary>Output columns.</summary>
    Q = 5,
}

/// <summary>Helpers for <see cref="Dim"/>.</summary>
public static class Dims
{
    /// <summary>Number of dimensions.</summary>
    public const int Count = 6;

    /// <summary>Every dimension in index order.</summary>
    public static IReadOnlyList<Dim> All { get; } = [Dim.K, Dim.C, Dim.R, Dim.S, Dim.P, Dim.Q];

    /// <summary>Parses a dimension letter (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The text names no dimension.</exception>
    public static Dim Parse(string text) =>
        text.Trim().ToUpperInvariant() switch
        {
            "K" => Dim.K,
            "C" => Dim.C,
            "R" => Dim.R,
            "S" => Dim.S,
            "P" => Dim.P,
            "Q" => Dim.Q,
            _ => throw new InvalidInputException($"unknown loop dimension '{text}' (known: K, C, R, S, P, Q)"),
        };
}
