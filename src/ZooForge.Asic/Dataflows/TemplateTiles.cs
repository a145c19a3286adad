namespace ZooForge.Asic.Dataflows;

/// <summary>
/// The free parameters of a dataflow template. Defaults are MAESTRO's dataflow files: clusters of
/// 64 PEs for ws, 16 output channels per cluster for os, 16 output channels per step for rs.
/// </summary>
public sealed record TemplateTiles
{
    /// <summary>ws: PEs per cluster (input channels reduced at once); os: output channels per cluster.</summary>
    public int ClusterSize { get; init; } = 0;
    /// <summary>rs: output channels each PE accumulates per step.</summary>
    public int OutputChannelTile { get; init; } = 16;
    /// <summary>Output rows per PE per step (ws).</summary>
    public int RowTile { get; init; } = 1;
    /// <summary>Output columns per PE per step (ws, os, rs).</summary>
    public int ColumnTile { get; init; } = 1;
    /// <summary>Input channels per step (os, rs).</summary>
    public int ChannelTile { get; init; } = 1;
    /// <summary>Kernel rows per step (ws, os, tpu), or 0 for the whole kernel: smaller tiles let a large kernel's window fit a PE's scratchpad, its partial sums added up over the steps.</summary>
    public int KernelRowTile { get; init; }
    /// <summary>Top-level temporal loops in this order (outermost first), or null for the template's order.</summary>
    public IReadOnlyList<Problem.Dim>? TopOrder { get; init; }

    /// <summary>The template's defaults.</summary>
    public static TemplateTiles Default { get; } = new();
}
