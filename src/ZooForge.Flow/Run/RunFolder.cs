using System.Security.Cryptography;
using ZooForge.Data.Mnist;

namespace ZooForge.Flow.Run;

/// <summary>
/// The layout of a run folder: <c>run.json</c>, <c>search/</c> (trial database, Pareto outputs,
/// <c>design.yaml</c>), <c>check/</c> (HLS project, RTL, testbenches, <c>junit.xml</c>),
/// <c>figures/</c>, <c>report.md</c> and <c>report.html</c>.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string root) => Root = Path.GetFullPath(root);

    /// <summary>The folder.</summary>
    public string Root { get; }
    /// <summary><c>run.json</c>.</summary>
    public string ManifestPath => Path.Combine(Root, RunManifest.FileName);
    /// <summary>The search's run folder.</summary>
    public string Search => Path.Combine(Root, "search");
    /// <summary>The search's trial database.</summary>
    public string TrialStore => Path.Combine(Search, ZooForge.Search.Store.TrialStore.FileName);
    /// <summary>The chosen design.</summary>
    public string Design => Path.Combine(Search, "design.yaml");
    /// <summary>The check's output folder.</summary>
    public string Check => Path.Combine(Root, "check");
    /// <summary>The check's JUnit XML.</summary>
    public string JUnit => Path.Combine(Check, "junit.xml");
    /// <summary>The check's results, for a resumed run that does not redo a passed check.</summary>
    public string CheckResults => Path.Combine(Check, "check.json");
    /// <summary>The Markdown report.</summary>
    public string MarkdownReport => Path.Combine(Root, "report.md");
    /// <summary>The self-contained HTML report.</summary>
    public string HtmlReport => Path.Combine(Root, "report.html");

    /// <summary>Whether the folder already holds a run (so the run resumes).</summary>
    public bool Exists => File.Exists(ManifestPath);

    /// <summary>
    /// Opens <paramref name="path"/> as a run folder: a new or empty folder starts a run, a folder
    /// with <c>run.json</c> continues one, and anything else is refused so nothing of the user's is touched.
    /// </summary>
    public static RunFolder Open(string path)
    {
        var folder = new RunFolder(path);
        if (File.Exists(folder.Root))
            throw new UserInputException($"--out '{path}' is a file, not a folder");
        if (Directory.Exists(folder.Root) && !folder.Exists && Directory.EnumerateFileSystemEntries(folder.Root).Any())
            throw new UserInputException($"--out '{path}' exists and is not a zooforge run folder (no {RunManifest.FileName}); choose another --out");
        return folder;
    }

    /// <summary>The path relative to the run folder, with forward slashes.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>SHA-256 over the files' contents, in order: a step's inputs.</summary>
    public static string Fingerprint(params string[] files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
