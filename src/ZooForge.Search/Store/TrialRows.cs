using ZooForge.Core.Json;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZooForge.Hardware.Accelerator;

namespace ZooForge.Search.Store;

/// <summary>
/// The trial columns every store shares, written and read the same way (JSON for genes, design
/// and metrics; NULL for a NaN objective), so a trial comes back from PostgreSQL exactly as it
/// does from SQLite. Parameters are named <c>@name</c>, which both providers accept.
/// </summary>
internal static class TrialRows
{
    /// <summary>JSON settings of the stored genes, designs, metrics and baselines.</summary>

    /// <summary>The columns <see cref="Read"/> expects, in its order (the index column is named by the caller).</summary>
    public const string Columns = "key, choices, status, cached, design, metrics, objective, reward, network_file, seed, fast_seconds, slow_seconds, note, failure_kind";

    /// <summary>The parameter list matching <see cref="Columns"/>, after <c>@idx</c>.</summary>
    public const string Parameters = "@key, @choices, @status, @cached, @design, @metrics, @objective, @reward, @network, @seed, @fast, @slow, @note, @failure";

    /// <summary>Reads one trial from a row of the index column followed by <see cref="Columns"/>.</summary>
    public static TrialRecord Read(DbDataReader reader) => new()
    {
        Index = reader.GetInt32(0),
        Key = reader.GetString(1),
        Choices = JsonSerializer.Deserialize<int[]>(reader.GetString(2), ZooForgeJson.Compact)!,
        Status = Enum.Parse<TrialStatus>(reader.GetString(3)),
        // SQLite has no boolean type and stores 0 or 1.
        Cached = reader.GetValue(4) is bool cached ? cached : reader.GetInt64(4) != 0,
        Design = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<AcceleratorDesign>(reader.GetString(5), ZooForgeJson.Compact),
        Metrics = JsonSerializer.Deserialize<SortedDictionary<string, double>>(reader.GetString(6), ZooForgeJson.Compact)!,
        Objective = reader.IsDBNull(7) ? double.NaN : reader.GetDouble(7),
        Reward = reader.GetDouble(8),
        NetworkFile = reader.IsDBNull(9) ? null : reader.GetString(9),
        Seed = reader.GetInt64(10),
        FastSeconds = reader.GetDouble(11),
        SlowSeconds = reader.GetDouble(12),
        Note = reader.IsDBNull(13) ? null : reader.GetString(13),
        FailureKind = reader.IsDBNull(14) ? null : reader.GetString(14),
    };

    /// <summary>Binds <c>@idx</c> and the parameters of <see cref="Parameters"/> to <paramref name="t"/>; <paramref name="cached"/> is the provider's value for the flag.</summary>
    public static void Bind(DbCommand command, TrialRecord t, Func<bool, object> cached)
    {
        Add(command, "@idx", t.Index);
        Add(command, "@key", t.Key);
        Add(command, "@choices", JsonSerializer.Serialize(t.Choices, ZooForgeJson.Compact));
        Add(command, "@status", t.Status.ToString());
        Add(command, "@cached", cached(t.Cached));
        Add(command, "@design", t.Design is null ? DBNull.Value : JsonSerializer.Serialize(t.Design, ZooForgeJson.Compact));
        Add(command, "@metrics", SerializeMetrics(t.Metrics));
        Add(command, "@objective", double.IsNaN(t.Objective) ? DBNull.Value : t.Objective);
        Add(command, "@reward", t.Reward);
        Add(command, "@network", (object?)t.NetworkFile ?? DBNull.Value);
        Add(command, "@seed", t.Seed);
        Add(command, "@fast", t.FastSeconds);
        Add(command, "@slow", t.SlowSeconds);
        Add(command, "@note", (object?)t.Note ?? DBNull.Value);
        Add(command, "@failure", (object?)t.FailureKind ?? DBNull.Value);
    }

    /// <summary>Metrics as JSON with their names in ordinal order, so equal metrics give equal text.</summary>
    public static string SerializeMetrics(IReadOnlyDictionary<string, double> metrics) =>
        JsonSerializer.Serialize(new SortedDictionary<string, double>(metrics.ToDictionary(), StringComparer.Ordinal), ZooForgeJson.Compact);

    /// <summary>Adds a named parameter.</summary>
    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
