namespace ZooForge.Asic.Cost;

/// <summary>Word accesses of one layer per storage level and tensor, and words moved over the NoC.</summary>
public sealed record AccessCounts
{
    /// <summary>Off-chip reads.</summary>
    public required TensorCounts DramReads { get; init; }
    /// <summary>Off-chip writes.</summary>
    public required TensorCounts DramWrites { get; init; }
    /// <summary>Shared-buffer reads.</summary>
    public required TensorCounts L2Reads { get; init; }
    /// <summary>Shared-buffer writes.</summary>
    public required TensorCounts L2Writes { get; init; }
    /// <summary>Scratchpad reads, all PEs.</summary>
    public required TensorCounts L1Reads { get; init; }
    /// <summary>Scratchpad writes, all PEs.</summary>
    public required TensorCounts L1Writes { get; init; }
    /// <summary>Words moved over the NoC at every level.</summary>
    public required double NocWords { get; init; }

    /// <summary>Every off-chip access.</summary>
    public double Dram => DramReads.Total + DramWrites.Total;
    /// <summary>Every shared-buffer access.</summary>
    public double L2 => L2Reads.Total + L2Writes.Total;
    /// <summary>Every scratchpad access.</summary>
    public double L1 => L1Reads.Total + L1Writes.Total;
}
