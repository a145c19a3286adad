using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Performance;

namespace ZooForge.Cli.Commands;

/// <summary>Options several commands share, and how their values are resolved.</summary>
internal static class CommonOptions
{
    /// <summary>Environment variable with extra device files or folders, separated by ':'.</summary>
    public const string DevicePathVariable = DeviceCatalogue.PathVariable;

    public static Option<string> Model(string defaultModel) => new("--model", "-m")
    {
        Description = $"Built-in architecture (see 'zooforge models'). Default: {defaultModel}",
        DefaultValueFactory = _ => defaultModel,
    };

    public static Option<string> Device() => new("--device", "-d")
    {
        Description = "Target device (see 'zooforge devices'). Default: zcu102",
        DefaultValueFactory = _ => "zcu102",
    };

    public static Option<string[]> DevicePaths() => new("--devices")
    {
        Description = $"Extra device YAML files or folders (also ${DevicePathVariable}); a device with a built-in name replaces it",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static Option<string> PerfModel() => new("--perf-model")
    {
        Description = "Latency model: zooforge (refined, default) or hotnas (the paper's formulas)",
        DefaultValueFactory = _ => "zooforge",
    };

    public static Option<double?> Clock() => new("--clock")
    {
        Description = "Clock in MHz. Default: the device's default clock",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON to standard output instead of tables",
    };

    public static Network LoadNetwork(string name) => BuiltinModels.Create(name);

    public static DeviceCatalogue LoadCatalogue(IEnumerable<string> paths) => DeviceCatalogue.ForUser(paths);

    public static LatencyModel ResolveModel(string name) =>
        LatencyModels.TryGet(name) ?? throw new UserInputException(
            $"--perf-model: unknown model '{name}'; known models: {string.Join(", ", LatencyModels.All.Select(m => m.Name))}");
}
