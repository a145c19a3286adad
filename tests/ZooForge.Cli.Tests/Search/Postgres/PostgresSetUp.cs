using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Cli.Tests.Search.Postgres;

/// <summary>One PostgreSQL server for every test of this folder (the server is linked from ZooForge.Search.Tests).</summary>
[SetUpFixture]
public sealed class PostgresSetUp : PostgresServerFixture;
