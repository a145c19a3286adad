namespace ZooForge.Asic.Mapping;

/// <summary>
/// One level of a loop nest, outermost loop first. Its sub-units (clusters or PEs) are the
/// product of its spatial loops' units; a dimension with no loop here is held whole.
/// </summary>
public sealed record MappingLevel(IReadOnlyList<Loop> Loops)
{
    /// <summary>Sub-units the level's spatial loops use.</summary>
    public int Units => Loops.Aggregate(1, (u, l) => u * l.Units);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Loops);
}
