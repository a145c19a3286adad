using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ZooForge.Search.Tests.Store.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for tests: <c>initdb</c> in a temporary folder, <c>pg_ctl
/// start</c> on a free port (as the <c>postgres</c> user when the tests run as root, since the
/// server refuses to run as root), stopped with <c>-m immediate</c> and deleted at the end. The
/// binaries come from the highest version under <c>/usr/lib/postgresql</c> (Debian's package
/// <c>postgresql</c>, installed by <c>dotnet cake --target=Prerequisites</c>). Test folders
/// that need it hold a <c>[SetUpFixture]</c> derived from <see cref="PostgresServerFixture"/>;
/// this file is linked into every such test project.
/// </summary>
public sealed class PostgresServer
{
    private static PostgresServer? _current;
    private string _folder = "", _bin = "";
    private int _port;
    private int _databases;

    /// <summary>The running server of this test run.</summary>
    public static PostgresServer Current => _current ?? throw new InvalidOperationException("the PostgreSQL test server is not running");

    private string DataFolder => Path.Combine(_folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Starts the server of this test run.</summary>
    public static void Start()
    {
        var server = new PostgresServer();
        server.Launch();
        _current = server;
    }

    /// <summary>Stops and deletes the server of this test run.</summary>
    public static void Stop()
    {
        var server = _current;
        _current = null;
        server?.Shutdown();
    }

    private void Launch()
    {
        _bin = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("zooforge-pg-").FullName;
        if (IsRoot) Run("chown", "-R", "postgres:postgres", _folder);
        _port = FreePort();
        RunAsServerUser(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
        PgCtl("-w", "start");
    }

    private void Shutdown()
    {
        try
        {
            PgCtl("-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
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

    private void PgCtl(params string[] arguments) =>
        RunAsServerUser(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"),
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", .. arguments]);

    private static void RunAsServerUser(string program, params string[] arguments)
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

/// <summary>
/// Runs <see cref="PostgresServer"/> around every test of a namespace: derive a
/// <c>[SetUpFixture]</c> from it in the folder of the tests that need the server.
/// </summary>
public abstract class PostgresServerFixture
{
    /// <summary>Starts the server before the namespace's first test.</summary>
    [OneTimeSetUp]
    public void StartServer() => PostgresServer.Start();

    /// <summary>Stops it after the last.</summary>
    [OneTimeTearDown]
    public void StopServer() => PostgresServer.Stop();
}
