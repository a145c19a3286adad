using ZooForge.Core.Json;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ZooForge.Search.Store;

/// <summary>
/// The trials of one search in SQLite (<c>trials.db</c> in the run folder). Each trial is
/// written in its own transaction when it completes, so a killed search loses at most the trial
/// in progress. The run's settings (config text, seed, strategy) are kept in a <c>meta</c>
/// table so <c>--resume</c> continues the same search. Columns: the candidate key and gene
/// choices, status, the hardware design and metrics as JSON, objective, reward, the network
/// file, fine-tuning seed, fast and slow wall times, the failure kind of a failed trial, completion time.
/// </summary>
public sealed class TrialStore : ITrialStore
{
    /// <summary>File name inside the run folder.</summary>
    public const string FileName = "trials.db";

    private readonly SqliteConnection _connection;

    private TrialStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Path of the database file.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static TrialStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = DELETE;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                    idx INTEGER PRIMARY KEY, key TEXT NOT NULL, choices TEXT NOT NULL, status TEXT NOT NULL, cached INTEGER NOT NULL,
                    design TEXT, metrics TEXT NOT NULL, objective REAL, reward REAL NOT NULL, network_file TEXT, seed INTEGER NOT NULL,
                    fast_seconds REAL NOT NULL, slow_seconds REAL NOT NULL, note TEXT, completed_utc TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS trials_key ON trials (key);
                CREATE TABLE IF NOT EXISTS baseline (model TEXT PRIMARY KEY, record TEXT NOT NULL);
                """;
            command.ExecuteNonQuery();
        }
        AddFailureColumn(connection);
        return new TrialStore(connection) { Path = path };
    }

    // Stores written before failed trials existed lack the column; they are read and resumed as they are.
    private static void AddFailureColumn(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info('trials') WHERE name = 'failure_kind'";
        if ((long)probe.ExecuteScalar()! > 0) return;
        using var alter = connection.CreateCommand();
        alter.CommandText = "ALTER TABLE trials ADD COLUMN failure_kind TEXT";
        alter.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public string? GetMeta(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    /// <inheritdoc />
    public void SetMeta(string key, string value)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public List<TrialRecord> Trials()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT idx, {TrialRows.Columns} FROM trials ORDER BY idx";
        using var reader = command.ExecuteReader();
        var list = new List<TrialRecord>();
        while (reader.Read()) list.Add(TrialRows.Read(reader));
        return list;
    }

    /// <inheritdoc />
    public void Add(TrialRecord t)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO trials (idx, {TrialRows.Columns}, completed_utc) VALUES (@idx, {TrialRows.Parameters}, @at)";
        TrialRows.Bind(command, t, cached => cached ? 1 : 0);
        command.Parameters.AddWithValue("@at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <inheritdoc />
    public TrialRecord? GetBaseline(string model)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record FROM baseline WHERE model = $m";
        command.Parameters.AddWithValue("$m", model);
        return command.ExecuteScalar() is string text ? JsonSerializer.Deserialize<TrialRecord>(text, ZooForgeJson.Compact) : null;
    }

    /// <inheritdoc />
    public void SetBaseline(string model, TrialRecord record)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO baseline (model, record) VALUES ($m, $r)";
        command.Parameters.AddWithValue("$m", model);
        command.Parameters.AddWithValue("$r", JsonSerializer.Serialize(record, ZooForgeJson.Compact));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
