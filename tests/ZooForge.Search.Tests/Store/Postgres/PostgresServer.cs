using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Tests.Store.Postgres;

/// <summary>
/// The throw-away PostgreSQL cluster of a test run (<see cref="ScratchPostgres"/>: initdb and
/// pg_ctl on a free port in a temporary folder, as <c>postgres</c> when the tests run as root;
/// <c>dotnet cake --target=Prerequisites</c> installs the server). Test folders that need it hold
/// a <c>[SetUpFixture]</c> derived from <see cref="PostgresServerFixture"/>; this file is linked
/// into every such test project.
/// </summary>
public static class PostgresServer
{
    private static ScratchPostgres? _current;

    /// <summary>The running server of this test run.</summary>
    public static ScratchPostgres Current => _current ?? throw new InvalidOperationException("the PostgreSQL test server is not running");

    /// <summary>Starts the server of this test run.</summary>
    public static void Start() => _current = ScratchPostgres.Start();

    /// <summary>Stops and deletes the server of this test run.</summary>
    public static void Stop()
    {
        var server = _current;
        _current = null;
        server?.Dispose();
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
