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

    /// <summary>Checks the bounds.</summary>
    /// <exception cref="ArgumentException">A bound is below 1, or a depthwise layer has K ≠ 1.</exception>
    public void Validate()
    {
        foreach (var d in Dims.All)
        {
            if (Bound(d) < 1) throw new ArgumentException($"layer '{Name}': {d} must be at least 1, got {Bound(d)}");
        }
        if (Stride < 1) throw new ArgumentException($"layer '{Name}': stride must be at least 1, got {Stride}");
        if (Repeats < 1) throw new ArgumentException($"layer '{Name}': repeats must be at least 1, got {Repeats}");
        if (Kind == LayerKind.Depthwise && K != 1) throw new ArgumentException($"layer '{Name}': a depthwise layer has K = 1 (its channels are C), got K = {K}");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({Kind}: K={K} C={C} R={R} S={S} P={P} Q={Q} stride={Stride}{(Repeats > 1 ? $" ×{Repeats}" : "")})";
}
