using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Mapping;

/// <summary>
/// A mapping of one layer onto a spatial accelerator: levels from the shared buffer down to the
/// PEs. Level 0 is fed from the shared buffer (L2), the last level's sub-units are PEs with
/// their scratchpads (L1); levels between are clusters of PEs on the NoC.
/// </summary>
public sealed record LoopNest(string Name, IReadOnlyList<MappingLevel> Levels)
{
    /// <summary>PEs the mapping uses at most: the product of every level's sub-units.</summary>
    public int PesUsed => Levels.Aggregate(1, (u, l) => u * l.Units);

    /// <summary>Checks the mapping's shape against a PE count.</summary>
    /// <exception cref="MappingException">A tile or unit count is below 1, a level repeats a dimension, or the PEs do not suffice.</exception>
    public void Validate(int pes)
    {
        if (Levels.Count == 0) throw new MappingException($"mapping '{Name}': no levels");
        for (int l = 0; l < Levels.Count; l++)
        {
            var seen = new HashSet<Dim>();
            foreach (var loop in Levels[l].Loops)
            {
                if (loop.Tile < 1) throw new MappingException($"mapping '{Name}': level {l} loop {loop.Dim} has tile {loop.Tile}; tiles are at least 1");
                if (loop.Units < 1) throw new MappingException($"mapping '{Name}': level {l} loop {loop.Dim} has {loop.Units} units; at least 1");
                if (!seen.Add(loop.Dim)) throw new MappingException($"mapping '{Name}': level {l} has two loops over {loop.Dim}");
            }
        }
        if (PesUsed > pes) throw new MappingException($"mapping '{Name}' needs {PesUsed} PEs; the hardware has {pes}");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: " + string.Join(" | ", Levels.Select((l, i) => $"L{i}[{l}]"));
}
