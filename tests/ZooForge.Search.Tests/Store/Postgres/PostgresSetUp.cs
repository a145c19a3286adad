namespace ZooForge.Search.Tests.Store.Postgres;

/// <summary>One PostgreSQL server for every test of this folder.</summary>
[SetUpFixture]
public sealed class PostgresSetUp : PostgresServerFixture;
