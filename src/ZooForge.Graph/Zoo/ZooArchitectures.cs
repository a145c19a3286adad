using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>A zoo's architectures by name: each with the family it represents and its builder.</summary>
/// <param name="Title">What the zoo is, for the unknown-name error (e.g. <c>zoo</c>, <c>Fashion-MNIST zoo</c>).</param>
/// <param name="Factories">The architectures in presentation order.</param>
public sealed record ZooArchitectures(string Title, IReadOnlyList<(string Name, string Family, Func<Network> Create)> Factories)
{
    /// <summary>Architecture names, in presentation order.</summary>
    public IReadOnlyList<string> Names { get; } = Factories.Select(f => f.Name).ToArray();

    /// <summary>The family an architecture represents.</summary>
    public string FamilyOf(string name) => Find(name).Family;

    /// <summary>Builds the named architecture (case-insensitive); unknown names throw a <see cref="GraphException"/>.</summary>
    public Network Create(string name) => Find(name).Create();

    /// <summary>Whether <paramref name="name"/> is one of the architectures (case-insensitive).</summary>
    public bool Contains(string name) => Factories.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private (string Name, string Family, Func<Network> Create) Find(string name) =>
        Factories.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { Create: not null } f
            ? f
            : throw new GraphException($"unknown {Title} model '{name}'; {Title} models: {string.Join(", ", Factories.Select(x => x.Name))}");
}
