using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Search.Tests.Engine.Distributed;

/// <summary>One PostgreSQL server for the distributed engine's tests.</summary>
[SetUpFixture]
public sealed class PostgresSetUp : PostgresServerFixture;
