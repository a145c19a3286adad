using System.Diagnostics;
using System.Security.Cryptography;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>
/// Base of the bad-input tests (one row of <c>src/ZooForge.Cli/BAD-INPUT.md</c> each): a scratch
/// folder per test holding the inputs and any pre-existing output, and the contract every row
/// asserts — exit code 1, one <c>zooforge: error:</c> line naming the culprit, nothing on standard
/// output, and the scratch folder byte-for-byte as it was (nothing clobbered, nothing half-written).
/// </summary>
public abstract class HardeningFixture : ScratchFolderFixture
{
    /// <summary>The lenet5 design shipped beside the CLI (an int8, pattern-pruned network; emits in well under a second).</summary>
    protected static string ShippedDesignFolder => Path.Combine(AppContext.BaseDirectory, "Designs", "mnist_lenet5_p4_int8");

    /// <summary>Copies <paramref name="source"/> with everything below it to <paramref name="relative"/> in the scratch folder; returns the copy's path.</summary>
    protected string CopyFolder(string source, string relative)
    {
        string copy = PathIn(relative);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    /// <summary>
    /// Runs <c>zooforge</c> in-process and asserts the bad-input contract, including that the
    /// scratch folder is unchanged; returns the error line.
    /// </summary>
    protected string AssertRefused(string[] args, params string[] fragments)
    {
        var before = FolderSnapshot.Take(Dir.Path);
        var result = CliRunner.Run(args);
        return AssertRefusedWith(result, before, fragments);
    }

    /// <summary>Asserts the bad-input contract for a run already made, against the snapshot taken before it.</summary>
    private protected static string AssertRefusedWith(CliResult result, FolderSnapshot before, params string[] fragments)
    {
        string line = CliRunner.AssertBadInput(result, fragments);
        before.AssertUnchanged();
        TestContext.Out.WriteLine(line);
        return line;
    }

    /// <summary>A design file in the scratch folder: the shipped lenet5 design with <paramref name="edit"/> applied to its text; the network path made absolute.</summary>
    protected string WriteDesign(Func<string, string>? edit = null, string name = "design.yaml")
    {
        string text = File.ReadAllText(Path.Combine(ShippedDesignFolder, "design.yaml"))
            .Replace("network: network.zfq.safetensors", $"network: {Path.Combine(ShippedDesignFolder, "network.zfq.safetensors")}");
        Assert.That(text, Does.Contain(ShippedDesignFolder), "the shipped design names its network as expected");
        return Dir.Write(name, (edit ?? (t => t))(text));
    }

    /// <summary>Replaces one text in <paramref name="text"/>, failing the test if it is not there (so a fixture cannot silently stop testing anything).</summary>
    protected static string Replace(string text, string original, string replacement)
    {
        Assert.That(text, Does.Contain(original), "fixture text to edit");
        return text.Replace(original, replacement, StringComparison.Ordinal);
    }
}

/// <summary>The SHA-256 of every file under a folder (hidden ones included), to prove a failed run left it as it was.</summary>
public sealed class FolderSnapshot
{
    private readonly string _folder;
    private readonly SortedDictionary<string, string> _hashes;

    private FolderSnapshot(string folder, SortedDictionary<string, string> hashes) => (_folder, _hashes) = (folder, hashes);

    /// <summary>Hashes every file and records every folder under <paramref name="folder"/>.</summary>
    public static FolderSnapshot Take(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string relative = Path.GetRelativePath(folder, entry);
            hashes[relative] = Directory.Exists(entry) ? "(folder)" : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)));
        }
        return new FolderSnapshot(folder, hashes);
    }

    /// <summary>Asserts the folder holds exactly the same entries with the same bytes.</summary>
    public void AssertUnchanged()
    {
        var now = Take(_folder)._hashes;
        Assert.That(now.Keys, Is.EqualTo(_hashes.Keys), $"entries under {_folder} (a new one is half-written output, a missing one was deleted)");
        foreach (var (path, hash) in _hashes)
            Assert.That(now[path], Is.EqualTo(hash), $"'{path}' was modified");
    }
}

/// <summary>Sets an environment variable for the life of the object (the in-process CLI reads it), restoring the old value after.</summary>
internal sealed class EnvironmentOverride : IDisposable
{
    private readonly string _name;
    private readonly string? _old;

    public EnvironmentOverride(string name, string? value)
    {
        (_name, _old) = (name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _old);
}

/// <summary>
/// Runs the built <c>zooforge</c> (the <c>zooforge.dll</c> beside the tests) as a real process
/// through bash, for failures only a process can meet: a standard output on a full device, a
/// file-size limit.
/// </summary>
internal static class ZooForgeProcess
{
    /// <summary>Runs <c>bash -c "PREFIX; exec dotnet zooforge.dll ARGS SUFFIX"</c>; arguments must not need quoting.</summary>
    public static CliResult Run(string prefix, string suffix, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "zooforge.dll");
        Assert.That(File.Exists(dll), Is.True, dll);
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{prefix} exec dotnet {dll} {string.Join(' ', args)} {suffix}");
        // W^X double-maps the JIT's code through a file, which a file-size limit would break at start-up.
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "zooforge finished");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
