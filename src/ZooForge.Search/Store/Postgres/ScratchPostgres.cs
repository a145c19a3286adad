using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster on this machine, for tests and benchmarks: <c>initdb</c> in a
/// temporary folder, <c>pg_ctl start</c> on a free loopback port (as the <c>postgres</c> user
/// when running as root, since the server refuses to run as root), with <c>fsync</c> off, which
/// makes it fast and not durable; stopped with <c>-m immediate</c> and deleted on
/// <see cref="Dispose"/>. The binaries come from the highest version under
/// <c>/usr/lib/postgresql</c> (Debian's package <c>postgresql</c>).
/// </summary>
public sealed class ScratchPostgres : IDisposable
{
    private readonly string _folder, _bin;
    private readonly int _port;
    private int _databases;
    private bool _stopped;

    private ScratchPostgres(string folder, string bin, int port) => (_folder, _bin, _port) = (folder, bin, port);

    private string DataFolder => Path.Combine(_folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates and starts a cluster, waiting until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL server is installed, or initdb or pg_ctl failed.</exception>
    public static ScratchPostgres Start()
    {
        string bin = FindBinaries();
        string folder = Directory.CreateTempSubdirectory("zooforge-pg-").FullName;
        var server = new ScratchPostgres(folder, bin, FreePort());
        try
        {
            if (IsRoot) Run("chown", "-R", "postgres:postgres", folder);
            server.RunAsServerUser(Path.Combine(bin, "initdb"), "-D", server.DataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
            server.PgCtl("-w", "start");
            return server;
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>A new, empty database; returns its URL.</summary>
    public string CreateDatabase()
    {
        string name = $"t{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return Url(name);
    }

    /// <summary>The URL of database <paramref name="database"/> on this server.</summary>
    public string Url(string database) => $"postgresql://postgres@127.0.0.1:{_port}/{database}";

    /// <summary>Restarts the server (fast shutdown: open sessions are terminated), waiting until it accepts connections again.</summary>
    public void Restart() => PgCtl("-m", "fast", "-w", "restart");

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            PgCtl("-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void PgCtl(params string[] arguments) =>
        RunAsServerUser(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"),
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", .. arguments]);

    private void RunAsServerUser(string program, params string[] arguments)
    {
        if (IsRoot) Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        else Run(program, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{error}");
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var best = (Directory.Exists(root) ? Directory.GetDirectories(root) : [])
            .Select(d => (Folder: d, Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : -1))
            .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Folder, "bin", "initdb")))
            .OrderByDescending(d => d.Version).FirstOrDefault();
        return best.Folder is null
            ? throw new InvalidOperationException($"no PostgreSQL server under {root}: install the Debian package postgresql (dotnet cake --target=Prerequisites)")
            : Path.Combine(best.Folder, "bin");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
