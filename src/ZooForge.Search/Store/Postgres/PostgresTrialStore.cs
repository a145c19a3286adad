using ZooForge.Core.Json;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// The trials of one study in a PostgreSQL database that many studies and workers share
/// (Optuna's RDB storage). As an <see cref="ITrialStore"/> it behaves like the SQLite
/// <see cref="TrialStore"/>: <see cref="Add"/> commits a completed trial at its index and
/// <see cref="Trials"/> returns the completed ones. For distributed workers it also queues
/// trials (<see cref="Enqueue"/>), hands each to exactly one worker (<see cref="ClaimNext"/>,
/// a row lock with <c>SKIP LOCKED</c>), records liveness (<see cref="Heartbeat"/>), completes
/// them (<see cref="Complete"/>) and fails the trials of silent workers, re-queueing them with the
/// same genes and seed (<see cref="FailStale"/>). Numbers are unique and gap-free per study: they
/// come from a counter in the study's row, updated in the inserting transaction. One store is one
/// connection: give each thread its own store. A broken connection is reopened with backoff
/// (<see cref="ReconnectPolicy"/>).
/// </summary>
public sealed class PostgresTrialStore : ITrialStore
{
    private const string Waiting = "waiting", Running = "running", Done = "done";

    private readonly PostgresConnector _connector;
    private readonly PostgresLocation _location;
    private readonly int _study;
    private readonly Lock _gate = new();

    private PostgresTrialStore(PostgresConnector connector, PostgresLocation location, string study, int studyId, int schemaVersion) =>
        (_connector, _location, Study, _study, SchemaVersion) = (connector, location, study, studyId, schemaVersion);

    /// <summary>The study's name.</summary>
    public string Study { get; }

    /// <summary>The schema version recorded in the database.</summary>
    public int SchemaVersion { get; }

    /// <summary>How often the store had to reconnect since it was opened.</summary>
    public int Reconnects => _connector.Reconnects;

    /// <inheritdoc />
    public string Path => $"study '{Study}' at postgresql://{_location.Display}";

    /// <summary>
    /// Opens study <paramref name="study"/> in the database at <paramref name="location"/> (a
    /// <c>postgresql://</c> URL or an Npgsql keyword string, given in <paramref name="field"/>),
    /// creating the schema and (unless <paramref name="create"/> is false) the study when missing.
    /// Many workers may do this at once. <paramref name="worker"/> names this process in the
    /// trials it adds (default: host name and process id).
    /// </summary>
    /// <exception cref="TrialStoreException">Malformed location, unreachable server, a schema newer than this build, or a missing study when <paramref name="create"/> is false.</exception>
    public static PostgresTrialStore Open(string location, string study, string field = "--storage", ReconnectPolicy? policy = null, bool create = true, string? worker = null)
    {
        if (string.IsNullOrWhiteSpace(study)) throw new TrialStoreException($"{field}: the study name is empty");
        var parsed = PostgresLocation.Parse(location, field);
        var connector = new PostgresConnector(parsed, policy ?? ReconnectPolicy.Default, field);
        try
        {
            int version = PostgresSchema.Ensure(connector, parsed, field);
            int? id = connector.InTransaction((c, t) => create ? EnsureStudy(c, t, study) : FindStudy(c, t, study));
            if (id is null)
            {
                var known = connector.InTransaction(StudyNames);
                throw new TrialStoreException($"{field}: no study '{study}' at {parsed.Display}; known: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
            }
            return new PostgresTrialStore(connector, parsed, study, id.Value, version) { Worker = worker ?? $"{Environment.MachineName}:{Environment.ProcessId}" };
        }
        catch
        {
            connector.Dispose();
            throw;
        }
    }

    /// <summary>The worker id stored with the trials this store adds with <see cref="Add"/>.</summary>
    public string Worker { get; private init; } = "";

    // Insert-or-nothing, then read: concurrent creators all end with the one row, none with an error.
    private static int EnsureStudy(NpgsqlConnection connection, NpgsqlTransaction transaction, string study)
    {
        using (var insert = new NpgsqlCommand("INSERT INTO studies (name) VALUES (@name) ON CONFLICT (name) DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue("name", study);
            insert.ExecuteNonQuery();
        }
        return FindStudy(connection, transaction, study)!.Value;
    }

    private static int? FindStudy(NpgsqlConnection connection, NpgsqlTransaction transaction, string study)
    {
        using var select = new NpgsqlCommand("SELECT id FROM studies WHERE name = @name", connection, transaction);
        select.Parameters.AddWithValue("name", study);
        return select.ExecuteScalar() as int?;
    }

    private static List<string> StudyNames(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var select = new NpgsqlCommand("SELECT name FROM studies ORDER BY name", connection, transaction);
        using var reader = select.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <inheritdoc />
    public string? GetMeta(string key) => Run((c, t) =>
        Command(c, t, "SELECT value FROM study_meta WHERE study_id = @study AND key = @key", ("key", key)).ExecuteScalar() as string);

    /// <inheritdoc />
    public void SetMeta(string key, string value) => Run((c, t) => Command(c, t,
        "INSERT INTO study_meta (study_id, key, value) VALUES (@study, @key, @value) ON CONFLICT (study_id, key) DO UPDATE SET value = excluded.value",
        ("key", key), ("value", value)).ExecuteNonQuery());

    /// <inheritdoc />
    public List<TrialRecord> Trials() => Run((c, t) =>
    {
        using var command = Command(c, t, $"SELECT number, {TrialRows.Columns} FROM trials WHERE study_id = @study AND state = '{Done}' ORDER BY number");
        using var reader = command.ExecuteReader();
        var list = new List<TrialRecord>();
        while (reader.Read()) list.Add(TrialRows.Read(reader));
        return list;
    });

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The study already holds another trial with this index.</exception>
    public void Add(TrialRecord trial)
    {
        bool stored = Run((c, t) =>
        {
            Command(c, t, "UPDATE studies SET next_number = GREATEST(next_number, @number + 1) WHERE id = @study", ("number", trial.Index)).ExecuteNonQuery();
            if (InsertDone(c, t, trial, Worker)) return true;
            // A retried insert whose first commit went through finds its own row: that is success.
            return Command(c, t, $"SELECT key FROM trials WHERE study_id = @study AND number = @number AND state = '{Done}'", ("number", trial.Index))
                .ExecuteScalar() as string == trial.Key;
        });
        if (!stored) throw new InvalidOperationException($"trial {trial.Index} of {Path} is already stored with another candidate");
    }

    /// <inheritdoc />
    public TrialRecord? GetBaseline(string model) => Run((c, t) =>
        Command(c, t, "SELECT record FROM baselines WHERE study_id = @study AND model = @model", ("model", model)).ExecuteScalar() is string text
            ? JsonSerializer.Deserialize<TrialRecord>(text, ZooForgeJson.Compact)
            : null);

    /// <inheritdoc />
    public void SetBaseline(string model, TrialRecord record) => Run((c, t) => Command(c, t,
        "INSERT INTO baselines (study_id, model, record) VALUES (@study, @model, @record) ON CONFLICT (study_id, model) DO UPDATE SET record = excluded.record",
        ("model", model), ("record", JsonSerializer.Serialize(record, ZooForgeJson.Compact))).ExecuteNonQuery());

    /// <summary>Queues a trial for any worker; returns its number (the next one of the study).</summary>
    public int Enqueue(string key, IReadOnlyList<int> choices, long seed) => Run((c, t) => EnqueueIn(c, t, key, choices, seed, 0, null));

    /// <summary>
    /// The coordination step of a distributed search (Optuna's "ask" against the database): with
    /// the study's row locked, so proposals of concurrent workers are made one after another,
    /// reads every trial of the study, and unless it already holds <paramref name="budget"/>
    /// proposals asks <paramref name="propose"/> for the next candidate (the caller replays its
    /// strategy over the trials) and queues it with seed <paramref name="seedOf"/>(key). A candidate
    /// already evaluated in the study is stored at once as a done, cached copy of that trial, as
    /// the sequential engine serves repeats. Retries of stale trials are not proposals, so they
    /// take no budget. Returns the new trial's number, or null when the budget is spent.
    /// </summary>
    public int? ProposeNext(int budget, Func<IReadOnlyList<StudyTrial>, Candidate> propose, Func<string, long> seedOf) => Run((c, t) =>
    {
        Command(c, t, "SELECT id FROM studies WHERE id = @study FOR UPDATE").ExecuteNonQuery();
        var trials = StudyTrialsIn(c, t);
        if (trials.Count(x => x.Attempt == 0) >= budget) return (int?)null;
        var candidate = propose(trials);
        var earlier = trials.Select(x => x.Outcome).FirstOrDefault(o => o is not null && o.Key == candidate.Key && o.FailureKind != TrialFailures.Stale);
        if (earlier is null) return EnqueueIn(c, t, candidate.Key, candidate.Choices, seedOf(candidate.Key), 0, null);
        int number = TakeNumber(c, t);
        InsertDone(c, t, earlier with { Index = number, Cached = true, FastSeconds = 0, SlowSeconds = 0 }, Worker);
        return number;
    });

    /// <summary>Every trial of the study in number order, queued and running ones included (what a coordinating worker replays).</summary>
    public IReadOnlyList<StudyTrial> StudyTrials() => Run(StudyTrialsIn);

    /// <summary>Server time from the first claim to the last completion in the study (null before any), for throughput figures that leave out workers' start-up.</summary>
    public TimeSpan? BusySpan() => Run((c, t) =>
        Command(c, t, "SELECT extract(epoch FROM max(completed_utc) - min(started_utc))::double precision FROM trials WHERE study_id = @study").ExecuteScalar() is double seconds
            ? TimeSpan.FromSeconds(seconds)
            : (TimeSpan?)null);

    /// <summary>Trials queued or running: work a distributed search still has to finish.</summary>
    public int Unfinished() => Run((c, t) =>
        (int)(long)Command(c, t, $"SELECT count(*) FROM trials WHERE study_id = @study AND state <> '{Done}'").ExecuteScalar()!);

    private List<StudyTrial> StudyTrialsIn(NpgsqlConnection c, NpgsqlTransaction t)
    {
        using var command = Command(c, t, $"SELECT number, {TrialRows.Columns}, state, attempt, retry_of, worker FROM trials WHERE study_id = @study ORDER BY number");
        using var reader = command.ExecuteReader();
        var list = new List<StudyTrial>();
        while (reader.Read())
        {
            var outcome = reader.GetString(15) == Done ? TrialRows.Read(reader) : null;
            list.Add(new StudyTrial(reader.GetInt32(0), reader.GetString(1), JsonSerializer.Deserialize<int[]>(reader.GetString(2), ZooForgeJson.Compact)!,
                reader.GetInt64(10), reader.GetInt32(16), reader.IsDBNull(17) ? null : reader.GetInt32(17), outcome, reader.IsDBNull(18) ? null : reader.GetString(18)));
        }
        return list;
    }

    // The study row's lock orders concurrent takers; a rolled-back one leaves no gap (a sequence would).
    private int TakeNumber(NpgsqlConnection c, NpgsqlTransaction t) =>
        (int)Command(c, t, "UPDATE studies SET next_number = next_number + 1 WHERE id = @study RETURNING next_number - 1").ExecuteScalar()!;

    private bool InsertDone(NpgsqlConnection c, NpgsqlTransaction t, TrialRecord trial, string worker)
    {
        using var insert = Command(c, t, $"""
            INSERT INTO trials (study_id, number, {TrialRows.Columns}, state, worker, completed_utc) VALUES (@study, @idx, {TrialRows.Parameters}, '{Done}', @worker, now())
            ON CONFLICT (study_id, number) DO NOTHING
            """, ("worker", worker));
        TrialRows.Bind(insert, trial, cached => cached);
        return insert.ExecuteNonQuery() == 1;
    }

    private int EnqueueIn(NpgsqlConnection c, NpgsqlTransaction t, string key, IReadOnlyList<int> choices, long seed, int attempt, int? retryOf)
    {
        int number = TakeNumber(c, t);
        Command(c, t, $"""
            INSERT INTO trials (study_id, number, key, choices, state, seed, attempt, retry_of)
            VALUES (@study, @number, @key, @choices, '{Waiting}', @seed, @attempt, @retry_of)
            """,
            ("number", number), ("key", key), ("choices", JsonSerializer.Serialize(choices, ZooForgeJson.Compact)), ("seed", seed), ("attempt", attempt),
            ("retry_of", (object?)retryOf ?? DBNull.Value)).ExecuteNonQuery();
        return number;
    }

    /// <summary>
    /// Gives the lowest-numbered waiting trial to <paramref name="worker"/> and marks it running
    /// with a first heartbeat; null when none is waiting. Trials other workers are claiming at the
    /// same moment are skipped, not waited for, so no two workers ever get the same trial.
    /// </summary>
    public ClaimedTrial? ClaimNext(string worker) => Run((c, t) =>
    {
        using var command = Command(c, t, $"""
            UPDATE trials SET state = '{Running}', worker = @worker, heartbeat_utc = now(), started_utc = now()
            WHERE study_id = @study AND number = (
                SELECT number FROM trials WHERE study_id = @study AND state = '{Waiting}' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING number, key, choices, seed, attempt
            """, ("worker", worker));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ClaimedTrial(reader.GetInt32(0), reader.GetString(1), JsonSerializer.Deserialize<int[]>(reader.GetString(2), ZooForgeJson.Compact)!,
                reader.GetInt64(3), reader.GetInt32(4), worker)
            : null;
    });

    /// <summary>
    /// Records that <paramref name="worker"/> is still evaluating trial <paramref name="number"/>
    /// (server time, so workers' clocks do not matter). False when the trial is no longer this
    /// worker's: it was failed as stale, and its result would be discarded.
    /// </summary>
    public bool Heartbeat(int number, string worker) => Run((c, t) => Command(c, t,
        $"UPDATE trials SET heartbeat_utc = now() WHERE study_id = @study AND number = @number AND state = '{Running}' AND worker = @worker",
        ("number", number), ("worker", worker)).ExecuteNonQuery() == 1);

    /// <summary>
    /// Stores the outcome of a claimed trial (<see cref="TrialRecord.Index"/> is its number; key
    /// and seed must match the claim). False when <paramref name="worker"/> no longer holds it
    /// (failed as stale meanwhile): the outcome is not stored.
    /// </summary>
    public bool Complete(TrialRecord trial, string worker) => Run((c, t) =>
    {
        using var update = Command(c, t, $"""
            UPDATE trials SET state = '{Done}', status = @status, cached = @cached, design = @design, metrics = @metrics, objective = @objective,
                reward = @reward, network_file = @network, fast_seconds = @fast, slow_seconds = @slow, note = @note, failure_kind = @failure, completed_utc = now()
            WHERE study_id = @study AND number = @idx AND key = @key AND choices = @choices AND seed = @seed AND state = '{Running}' AND worker = @worker
            """, ("worker", worker));
        TrialRows.Bind(update, trial, cached => cached);
        if (update.ExecuteNonQuery() == 1) return true;
        // A retried completion whose first commit went through finds the trial done by this worker.
        return Command(c, t, $"""
            SELECT count(*) FROM trials WHERE study_id = @study AND number = @number AND state = '{Done}' AND worker = @worker
                AND failure_kind IS DISTINCT FROM '{TrialFailures.Stale}'
            """, ("number", trial.Index), ("worker", worker)).ExecuteScalar() is 1L;
    });

    /// <summary>
    /// Fails every running trial of the study whose last heartbeat is older than
    /// <paramref name="grace"/> (kind <see cref="TrialFailures.Stale"/>, lowest reward) and
    /// re-queues each with the same genes and seed while it has been retried fewer than
    /// <paramref name="maxRetry"/> times. Safe to call from every worker at once: each stale
    /// trial is failed and re-queued once.
    /// </summary>
    public IReadOnlyList<StaleTrial> FailStale(TimeSpan grace, int maxRetry) => Run((c, t) =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetry);
        var stale = new List<(int Number, string Key, int[] Choices, long Seed, int Attempt, string Worker)>();
        using (var update = Command(c, t, $"""
            UPDATE trials SET state = '{Done}', status = '{TrialStatus.Failed}', failure_kind = '{TrialFailures.Stale}', reward = @reward, completed_utc = now(),
                note = 'no heartbeat from worker ' || worker || ' for more than ' || @grace_text || ' s'
            WHERE study_id = @study AND state = '{Running}' AND heartbeat_utc < now() - @grace
            RETURNING number, key, choices, seed, attempt, worker
            """, ("reward", HotNasReward.Failed), ("grace", grace), ("grace_text", grace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture))))
        using (var reader = update.ExecuteReader())
        {
            while (reader.Read())
                stale.Add((reader.GetInt32(0), reader.GetString(1), JsonSerializer.Deserialize<int[]>(reader.GetString(2), ZooForgeJson.Compact)!,
                    reader.GetInt64(3), reader.GetInt32(4), reader.GetString(5)));
        }
        return stale.OrderBy(s => s.Number).Select(s => new StaleTrial(s.Number, s.Worker, s.Attempt,
            s.Attempt < maxRetry ? EnqueueIn(c, t, s.Key, s.Choices, s.Seed, s.Attempt + 1, s.Number) : null)).ToList();
    });

    /// <summary>The study's trials per worker and state, workers in name order.</summary>
    public IReadOnlyList<WorkerCounts> Workers() => Run((c, t) =>
    {
        using var command = Command(c, t, $"""
            SELECT coalesce(worker, ''),
                count(*) FILTER (WHERE state = '{Waiting}'), count(*) FILTER (WHERE state = '{Running}'),
                count(*) FILTER (WHERE state = '{Done}' AND status <> '{TrialStatus.Failed}'), count(*) FILTER (WHERE state = '{Done}' AND status = '{TrialStatus.Failed}')
            FROM trials WHERE study_id = @study GROUP BY 1 ORDER BY 1
            """);
        using var reader = command.ExecuteReader();
        var list = new List<WorkerCounts>();
        while (reader.Read())
            list.Add(new WorkerCounts(reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4)));
        return list;
    });

    private T Run<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> operation)
    {
        lock (_gate) return _connector.InTransaction(operation);
    }

    // Every statement is scoped to this study through @study.
    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("study", _study);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _connector.Dispose();
    }
}
