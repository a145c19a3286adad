using System.CommandLine;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Performance;

namespace ZooForge.Cli.Commands;

/// <summary>
/// The options naming what to evaluate and where — network, device, extra device files,
/// latency model, clock — shared by <c>estimate</c> and <c>dse</c>, and their resolution.
/// </summary>
internal sealed class TargetOptions
{
    public Option<string> Model { get; } = CommonOptions.Model("resnet18");
    public Option<string> Device { get; } = CommonOptions.Device();
    public Option<string[]> DevicePaths { get; } = CommonOptions.DevicePaths();
    public Option<string> PerfModel { get; } = CommonOptions.PerfModel();
    public Option<double?> Clock { get; } = CommonOptions.Clock();
    public Option<bool> Json { get; } = CommonOptions.Json();

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Device);
        command.Add(DevicePaths);
        command.Add(PerfModel);
        command.Add(Clock);
        command.Add(Json);
    }

    /// <summary>The resolved network, device and latency model; throws a user error naming a bad value.</summary>
    public (Network Network, Device Device, LatencyModel Model) Resolve(ParseResult parse) => (
        CommonOptions.LoadNetwork(parse.GetValue(Model)!),
        CommonOptions.LoadCatalogue(parse.GetValue(DevicePaths) ?? []).Find(parse.GetValue(Device)!),
        CommonOptions.ResolveModel(parse.GetValue(PerfModel)!));
}
