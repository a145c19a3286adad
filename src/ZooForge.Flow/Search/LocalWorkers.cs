using System.Diagnostics;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Flow.Search;

/// <summary>
/// <c>--workers N</c>: N <c>zooforge worker</c> child processes of this same executable on one
/// study. Processes rather than threads: each is exactly the worker a user starts on another
/// host (own connection, own libtorch threads, own heap), one dying (even by SIGKILL) cannot take
/// the others down, and the database alone coordinates them. The password of the URL goes to
/// the children in <c>PGPASSWORD</c>, never on their command line (which <c>ps</c> shows).
/// Their output lines are forwarded, prefixed with the worker's number.
/// </summary>
public static class LocalWorkers
{
    /// <summary>Runs <paramref name="count"/> workers to the end, giving each line they write (with the worker's number, from 1) to <paramref name="line"/>; returns their exit codes.</summary>
    public static IReadOnlyList<int> Run(string storage, string study, string folder, int count, string? zoo, Action<int, string> line)
    {
        var location = PostgresLocation.Parse(storage, "--storage");
        int threads = Math.Max(1, Environment.ProcessorCount / count);
        var processes = new List<Process>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var start = Start(location, study, folder, threads, zoo);
                var process = new Process { StartInfo = start };
                int k = i + 1;
                void Forward(object? _, DataReceivedEventArgs e)
                {
                    if (e.Data is not null) line(k, e.Data);
                }
                process.OutputDataReceived += Forward;
                process.ErrorDataReceived += Forward;
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add(process);
            }
            foreach (var p in processes) p.WaitForExit();
            return processes.Select(p => p.ExitCode).ToList();
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }

    /// <summary>How to start one worker: <c>dotnet zooforge.dll worker …</c> (or the apphost when zooforge runs as one).</summary>
    public static ProcessStartInfo Start(PostgresLocation location, string study, string folder, int? threads, string? zoo)
    {
        var start = Executable();
        foreach (string a in new[] { "worker", "--storage", location.WithoutPassword, "--study", study, "--out", folder }) start.ArgumentList.Add(a);
        if (threads is { } t) { start.ArgumentList.Add("--threads"); start.ArgumentList.Add(t.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        if (zoo is not null) { start.ArgumentList.Add("--zoo"); start.ArgumentList.Add(zoo); }
        if (location.Builder.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    /// <summary>The file name of the CLI's assembly, which sits beside this library in every output folder that runs workers.</summary>
    public const string CliAssembly = "zooforge.dll";

    // The CLI's assembly, whatever process hosts it (the test host runs it in-process).
    private static ProcessStartInfo Executable()
    {
        string dll = Path.Combine(Path.GetDirectoryName(typeof(LocalWorkers).Assembly.Location)!, CliAssembly);
        if (!File.Exists(dll)) throw new UserInputException($"--workers: the zooforge command ({dll}) is not beside {typeof(LocalWorkers).Assembly.GetName().Name}; run workers from the zooforge tool");
        string apphost = Path.ChangeExtension(dll, null);
        if (Environment.ProcessPath is { } self && Path.GetFullPath(self) == Path.GetFullPath(apphost)) return new ProcessStartInfo(apphost);
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
            ? p
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(dll);
        return start;
    }
}
