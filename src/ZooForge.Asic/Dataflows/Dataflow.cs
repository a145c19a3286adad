using ZooForge.Core.Errors;
namespace ZooForge.Asic.Dataflows;

/// <summary>The three dataflow templates.</summary>
public enum Dataflow
{
    /// <summary>Weight-stationary, NVDLA-like: output channels across clusters, input channels across a cluster's PEs (MAESTRO's kcp_ws).</summary>
    WeightStationary,
    /// <summary>Output-stationary, ShiDianNao-like: output rows across clusters, output channels across a cluster's PEs (MAESTRO's ykp_os).</summary>
    OutputStationary,
    /// <summary>Row-stationary, Eyeriss-like: output rows across clusters, kernel rows across a cluster's PEs (MAESTRO's rs).</summary>
    RowStationary,
    /// <summary>Edge-TPU-like (NAHAS): output channels across PE columns and SIMD units, output rows across PE rows, input channels across the lanes.</summary>
    EdgeTpu,
}

/// <summary>Names of <see cref="Dataflow"/> as the CLI and YAML write them.</summary>
public static class DataflowNames
{
    /// <summary>Every dataflow.</summary>
    public static IReadOnlyList<Dataflow> All { get; } = [Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary, Dataflow.EdgeTpu];

    /// <summary>The short name: ws, os, rs or tpu.</summary>
    public static string ShortName(this Dataflow dataflow) => dataflow switch
    {
        Dataflow.WeightStationary => "ws",
        Dataflow.OutputStationary => "os",
        Dataflow.RowStationary => "rs",
        _ => "tpu",
    };

    /// <summary>Parses ws, os, rs or tpu (also the MAESTRO file names kcp_ws, ykp_os).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Dataflow Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "ws" or "kcp_ws" or "weight-stationary" => Dataflow.WeightStationary,
        "os" or "ykp_os" or "output-stationary" => Dataflow.OutputStationary,
        "rs" or "row-stationary" => Dataflow.RowStationary,
        "tpu" or "edge-tpu" => Dataflow.EdgeTpu,
        _ => throw new InvalidInputException($"unknown dataflow '{name}'; known dataflows: ws (weight-stationary), os (output-stationary), rs (row-stationary), tpu (Edge-TPU-like)"),
    };
}
