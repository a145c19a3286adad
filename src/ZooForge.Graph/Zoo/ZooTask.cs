using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo.Fashion;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// A task the tool ships a pretrained zoo for: its name (<c>mnist</c>, <c>fashion</c>), its
/// architectures and the folder of its checkpoints. The images themselves are loaded by the
/// data side (<c>ZooForge.Torch.Tasks.TaskData</c>) under the same name.
/// </summary>
/// <param name="Name">The task's name in configurations and on the command line.</param>
/// <param name="Title">A short human title, e.g. <c>MNIST digits</c>.</param>
/// <param name="DefaultFolder">The zoo shipped with the binaries for this task.</param>
/// <param name="Names">The architectures, in presentation order.</param>
/// <param name="Contains">Whether a name is one of the architectures.</param>
/// <param name="Create">Builds an architecture by name.</param>
/// <param name="FamilyOf">The family an architecture represents.</param>
public sealed record ZooTask(
    string Name, string Title, string DefaultFolder, IReadOnlyList<string> Names,
    Func<string, bool> Contains, Func<string, Network> Create, Func<string, string> FamilyOf)
{
    /// <summary>The MNIST digits task and its five-model zoo.</summary>
    public static ZooTask Mnist { get; } = new("mnist", "MNIST digits", ZooCatalogue.DefaultFolder,
        MnistModels.Names, MnistModels.Contains, MnistModels.Create, MnistModels.FamilyOf);

    /// <summary>The Fashion-MNIST clothes task and its zoo.</summary>
    public static ZooTask Fashion { get; } = new("fashion", "Fashion-MNIST clothes", ZooCatalogue.FashionFolder,
        FashionModels.Names, FashionModels.Contains, FashionModels.Create, FashionModels.FamilyOf);

    /// <summary>Every task, in presentation order.</summary>
    public static IReadOnlyList<ZooTask> All { get; } = [Mnist, Fashion];

    /// <summary>The task of a name (case-insensitive); unknown names throw naming the known ones.</summary>
    /// <param name="name">A task name.</param>
    /// <returns>The task.</returns>
    /// <exception cref="GraphException">No task has that name.</exception>
    public static ZooTask Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphException($"unknown task '{name}'; tasks: {string.Join(", ", All.Select(t => t.Name))}");
}
