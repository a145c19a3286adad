using ZooForge.Core.Errors;
namespace ZooForge.Asic.Problem;

/// <summary>
/// One layer as the ASIC cost model sees it: the six loop bounds, the stride, and how many
/// times the whole loop nest runs (batch × groups for a grouped convolution).
/// </summary>
public readonly record struct AsicLayer
{
    /// <summary>Creates a layer; set the bounds with the initializers.</summary>
    public AsicLayer() { }

    /// <summary>Layer name in the IR.</summary>
    public required string Name { get; init; }
    /// <summary>What the layer computes.</summary>
    public required LayerKind Kind { get; init; }
    /// <summary>Output channels (1 for depthwise).</summary>
    public required int K { get; init; }
    /// <summary>Input channels (per group).</summary>
    public required int C { get; init; }
    /// <summary>Kernel rows.</summary>
    public required int R { get; init; }
    /// <summary>Kernel columns.</summary>
    public required int S { get; init; }
    /// <summary>Output rows.</summary>
    public required int P { get; init; }
    /// <summary>Output columns.</summary>
    public required int Q { get; init; }
    /// <summary>Stride, the same along rows and columns.</summary>
    public int Stride { get; init; } = 1;
    /// <summary>How many times the loop nest runs: batch × independent groups.</summary>
    public int Repeats { get; init; } = 1;
    /// <summary>
    /// Rows of the padded input, or 0 when they are exactly the <see cref="InputRows"/> the windows
    /// read. A strided layer can have rows past its last window (a 230-row input, 7-row kernel and
    /// stride 2 leave one); they hold no work, but MAESTRO's row folds count them (see
    /// <c>CostEvaluator</c>'s phantom fold), so the cost model needs them.
    /// </summary>
    public int InputHeight { get; init; }
    /// <summary>Columns of the padded input, or 0 when they are exactly <see cref="InputColumns"/>.</summary>
    public int InputWidth { get; init; }

    /// <summary>The bound of <paramref name="dim"/>.</summary>
    public int Bound(Dim dim) => dim switch
    {
        Dim.K => K,
        Dim.C => C,
        Dim.R => R,
        Dim.S => S,
        Dim.P => P,
        _ => Q,
    };

    /// <summary>Multiply-accumulates of the layer, all repeats included.</summary>
    public long Macs => (long)Repeats * K * C * R * S * P * Q;

    /// <summary>Input rows the layer reads (padding included): (P−1)·stride + R.</summary>
    public int InputRows => (P - 1) * Stride + R;

    /// <summary>Input columns the layer reads (padding included): (Q−1)·stride + S.</summary>
    public int InputColumns => (Q - 1) * Stride + S;

    /// <summary>Padded input rows past the last window's: <see cref="InputHeight"/> − <see cref="InputRows"/>, 0 when not given.</summary>
    public int LeftoverRows => InputHeight > 0 ? InputHeight - InputRows : 0;

    /// <summary>Padded input columns past the last window's, 0 when not given.</summary>
    public int LeftoverColumns => InputWidth > 0 ? InputWidth - InputColumns : 0;

    /// <summary>Checks the bounds.</summary>
    /// <exception cref="ArgumentException">A bound is below 1, or a depthwise layer has K ≠ 1.</exception>
    public void Validate()
    {
        foreach (var d in Dims.All)
        {
            if (Bound(d) < 1) throw new InvalidInputException($"layer '{Name}': {d} must be at least 1, got {Bound(d)}");
        }
        if (Stride < 1) throw new InvalidInputException($"layer '{Name}': stride must be at least 1, got {Stride}");
        if (Repeats < 1) throw new InvalidInputException($"layer '{Name}': repeats must be at least 1, got {Repeats}");
        // A further stride of rows (columns) would hold one more window: the output size would be wrong.
        if (InputHeight != 0 && (LeftoverRows < 0 || LeftoverRows >= Stride))
            throw new InvalidInputException($"layer '{Name}': {P} output rows at stride {Stride} with {R}-row windows read {InputRows} input rows; an input of {InputHeight} rows does not fit them");
        if (InputWidth != 0 && (LeftoverColumns < 0 || LeftoverColumns >= Stride))
            throw new InvalidInputException($"layer '{Name}': {Q} output columns at stride {Stride} with {S}-column windows read {InputColumns} input columns; an input of {InputWidth} columns does not fit them");
        if (Kind == LayerKind.Depthwise && K != 1) throw new InvalidInputException($"layer '{Name}': a depthwise layer has K = 1 (its channels are C), got K = {K}");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({Kind}: K={K} C={C} R={R} S={S} P={P} Q={Q} stride={Stride}{(Repeats > 1 ? $" ×{Repeats}" : "")})";
}
