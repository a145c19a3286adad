using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Mapping;

/// <summary>
/// One loop of a mapping level. A temporal loop (<see cref="Units"/> = 1) steps through its
/// dimension <see cref="Tile"/> at a time; a spatial loop hands a tile to each of
/// <see cref="Units"/> sub-units at once, so it steps Tile × Units at a time.
/// </summary>
/// <param name="Dim">The dimension it iterates.</param>
/// <param name="Tile">Elements of the dimension each sub-unit holds per step.</param>
/// <param name="Units">Sub-units the loop spreads over (1: temporal).</param>
public readonly record struct Loop(Dim Dim, int Tile, int Units = 1)
{
    /// <summary>
    /// True when the loop spreads over sub-units: over more than one, or made by <see cref="Spatial"/>
    /// even when the array leaves it one (a template's cluster loop on an array of one cluster). Such a loop
    /// runs like a temporal one, except that its folds are folds: MAESTRO folds a one-cluster spatial
    /// map like any other, phantom window included (see the cost evaluator), where a temporal loop's
    /// spare window position holds no work.
    /// </summary>
    public bool IsSpatial { get => _spatial || Units > 1; init => _spatial = value; }

    private readonly bool _spatial;

    /// <summary>Elements the loop advances per step.</summary>
    public int Step => Tile * Units;

    /// <summary>A temporal loop.</summary>
    public static Loop Temporal(Dim dim, int tile) => new(dim, tile, 1);

    /// <summary>A spatial loop over <paramref name="units"/> sub-units.</summary>
    public static Loop Spatial(Dim dim, int tile, int units) => new(dim, tile, units) { IsSpatial = true };

    /// <inheritdoc />
    public override string ToString() => IsSpatial ? $"spatial {Dim}:{Tile}×{Units}" : $"{Dim}:{Tile}";
}
