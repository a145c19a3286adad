using ZooForge.Cli.App;
using ZooForge.Search.Nasaic;
using ZooForge.Torch.Search;

namespace ZooForge.Cli.Search;

/// <summary><c>bench-search --problems nasaic</c>: the built-in NASAIC configuration over seeds, beside its sequential baseline.</summary>
internal static class NasaicBenchOutput
{
    /// <summary>Runs the benchmark into <paramref name="folder"/> and prints its table.</summary>
    public static void Run(CliOutput o, List<string> strategies, int seeds, int? budget, string folder)
    {
        var config = NasaicConfigFile.Default();
        var zoo = new NasaicZoo();
        Directory.CreateDirectory(folder);
        var runs = NasaicBenchmark.Run(config, zoo, new NasaicFineTuneAccuracy(zoo, config.FineTune), strategies, seeds, budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), folder, o.Error.WriteLine);
        o.Writer.Write(NasaicBenchmark.Table(config, runs[0].Summary.Baseline, runs));
        o.Writer.WriteLine($"wrote {Path.Combine(folder, "nasaic.md")} and one run folder per strategy and seed");
    }
}
