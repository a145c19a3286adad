using ZooForge.TestSupport;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests;

/// <summary>The committed <c>hls-out/</c> is exactly what the emitter produces today for the default designs.</summary>
[TestFixture, Category("Data")]
public sealed class HlsOutTests
{
    /// <summary>Golden images per committed project (the Cake target HlsOut passes the same number).</summary>
    public const int Images = 1;

    private static IEnumerable<TestCaseData> Designs() => Repository.DefaultDesigns().Select(d => new TestCaseData(d).SetName($"Committed_hls_out_is_current({d})"));

    [TestCaseSource(nameof(Designs))]
    public void Committed_hls_out_is_current(string design)
    {
        const string hint = "hls-out/ is stale: run `dotnet cake --target=HlsOut` and commit the result";
        string committed = Path.Combine(Repository.Root, "hls-out", design);
        Assert.That(Directory.Exists(committed), $"{committed} is missing; {hint}");
        using var temp = new TempFolder();
        HlsEmitter.Emit(Repository.DesignFile(design), temp.Combine(design), new EmitOptions { Images = Images, Digits = Digits.Validation });
        var fresh = Files(temp.Combine(design));
        var old = Files(committed);
        Assert.That(old.Keys.Order(StringComparer.Ordinal), Is.EqualTo(fresh.Keys.Order(StringComparer.Ordinal)), $"file lists differ; {hint}");
        foreach (var (file, path) in fresh)
            Assert.That(File.ReadAllBytes(old[file]), Is.EqualTo(File.ReadAllBytes(path)), $"{design}/{file} differs; {hint}");
    }

    // Generated files only: build products (the csim and count binaries, Vitis project folders) are not committed.
    private static Dictionary<string, string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(folder, f).Replace('\\', '/'), Path: f))
            .Where(f => !f.Relative.EndsWith("_csim", StringComparison.Ordinal) && !f.Relative.EndsWith("_count", StringComparison.Ordinal) && !f.Relative.Contains("_prj/", StringComparison.Ordinal))
            .ToDictionary(f => f.Relative, f => f.Path, StringComparer.Ordinal);
}
