using Npgsql;

namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// The database layout of the PostgreSQL trial store, versioned in <c>schema_version</c>. A
/// database at a newer version than <see cref="Current"/> is refused (an older build must not
/// write into a layout it does not know); an older one would be migrated here, step by step.
/// Creation runs under an advisory lock, because concurrent <c>CREATE TABLE IF NOT EXISTS</c>
/// from many workers can still collide in PostgreSQL's catalogue.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The layout this build writes.</summary>
    public const int Current = 1;

    // Any fixed number: it only has to be the same in every worker.
    private const long CreationLock = 0x5A4F4F46_4F524745;

    // Version 1. Trials: the same outcome columns as SQLite's store, plus the claiming columns:
    // state waiting → running → done, the worker holding it, its last heartbeat (server time),
    // and the attempt of a trial re-queued after its worker went silent. status is the outcome
    // (TrialStatus), set when the trial is done.
    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS studies (
            id serial PRIMARY KEY, name text NOT NULL UNIQUE, next_number integer NOT NULL DEFAULT 0,
            created_utc timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS study_meta (
            study_id integer NOT NULL REFERENCES studies (id), key text NOT NULL, value text NOT NULL, PRIMARY KEY (study_id, key));
        CREATE TABLE IF NOT EXISTS trials (
            study_id integer NOT NULL REFERENCES studies (id), number integer NOT NULL CHECK (number >= 0),
            key text NOT NULL, choices text NOT NULL, state text NOT NULL CHECK (state IN ('waiting', 'running', 'done')),
            status text, cached boolean NOT NULL DEFAULT false, design text, metrics text NOT NULL DEFAULT '{}', objective double precision,
            reward double precision NOT NULL DEFAULT 0, network_file text, seed bigint NOT NULL,
            fast_seconds double precision NOT NULL DEFAULT 0, slow_seconds double precision NOT NULL DEFAULT 0, note text, failure_kind text,
            worker text, heartbeat_utc timestamptz, started_utc timestamptz, completed_utc timestamptz,
            attempt integer NOT NULL DEFAULT 0, retry_of integer,
            PRIMARY KEY (study_id, number));
        CREATE INDEX IF NOT EXISTS trials_key ON trials (study_id, key);
        CREATE INDEX IF NOT EXISTS trials_state ON trials (study_id, state, number);
        CREATE TABLE IF NOT EXISTS baselines (
            study_id integer NOT NULL REFERENCES studies (id), model text NOT NULL, record text NOT NULL, PRIMARY KEY (study_id, model));
        """;

    /// <summary>Creates the tables when missing and checks the recorded version; returns it.</summary>
    /// <exception cref="TrialStoreException">The database was written by a newer layout.</exception>
    /// <exception cref="TrialStoreException">The user lacks a privilege the store needs.</exception>
    public static int Ensure(PostgresConnector connector, PostgresLocation location, string field)
    {
        try
        {
            return connector.InTransaction((connection, transaction) =>
            {
                Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({CreationLock})");
                using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection, transaction);
                int? found = null;
                if (exists.ExecuteScalar() is true)
                {
                    using var read = new NpgsqlCommand("SELECT max(version) FROM schema_version", connection, transaction);
                    found = read.ExecuteScalar() is int v ? v : null;
                }
                if (found > Current)
                    throw new TrialStoreException(
                        $"{field}: the database {location.Display} has trial store schema version {found}, newer than this zooforge's {Current}; use a newer zooforge or another database");
                // DDL only when the layout is missing: a role that does not own the tables (granted
                // SELECT, INSERT, UPDATE) could not run even CREATE … IF NOT EXISTS on them.
                if (found == Current) return Current;
                Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_utc timestamptz NOT NULL DEFAULT now())");
                Execute(connection, transaction, Version1);
                Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({Current})");
                return Current;
            });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new TrialStoreException($"{field}: the user {location.Builder.Username} lacks a privilege on {location.Display}: {e.MessageText} (see the grants in the Search README)");
        }
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
