namespace ZooForge.Search.Space;

/// <summary>
/// One decision of the search with its allowed values. Global genes (model, patterns, zeros,
/// bits) apply to every candidate; layer genes (cut, expand) belong to one zoo model and one of
/// its layers, and only count when that model is chosen.
/// </summary>
/// <param name="Kind">What it controls.</param>
/// <param name="Values">Allowed values (model genes: indices into <see cref="SearchSpace.Models"/>).</param>
/// <param name="Model">The zoo model a layer gene belongs to; null for global and hardware genes.</param>
/// <param name="Layer">The layer a layer gene acts on, or a hardware gene's parameter name; null for global genes.</param>
public sealed record Gene(GeneKind Kind, IReadOnlyList<double> Values, string? Model = null, string? Layer = null)
{
    /// <summary>Name used in keys, reports and the store: <c>bits</c>, <c>cut[mnist_resnet/layer3.0.conv1]</c>.</summary>
    public string Name => Layer is null ? Kind.ToString().ToLowerInvariant()
        : Model is null ? $"{Kind.ToString().ToLowerInvariant()}[{Layer}]" : $"{Kind.ToString().ToLowerInvariant()}[{Model}/{Layer}]";

    /// <summary>Whether the gene changes a candidate of <paramref name="model"/> (pattern pruning on or off as <paramref name="patterned"/> says).</summary>
    public bool AppliesTo(string model, bool patterned) =>
        (Model is null || Model == model) && (Kind != GeneKind.Zeros || patterned);
}
