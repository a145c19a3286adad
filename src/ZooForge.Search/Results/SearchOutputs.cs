using ZooForge.Core.Json;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZooForge.Graph.Serialization;
using ZooForge.Hardware.Designs;
using ZooForge.Search.Expressions;
using ZooForge.Search.Store;

namespace ZooForge.Search.Results;

/// <summary>
/// Writes a finished search's outputs into its run folder, each file whole or not at all:
/// <c>pareto.csv</c>, <c>pareto.json</c>, <c>pareto.png</c>, <c>report.md</c>, and the chosen
/// design as <c>design.yaml</c> (<see cref="DesignFile"/>) beside its compressed network
/// <c>&lt;name&gt;.zfq.safetensors</c>.
/// </summary>
public static class SearchOutputs
{

    private static readonly string[] CsvMetrics = [Metrics.Accuracy, Metrics.LatencyMs, Metrics.Dsp, Metrics.Bram18, Metrics.Lut, Metrics.EnergyMj, Metrics.MegaMacs, Metrics.WeightKib];

    /// <summary>Writes every output; returns the paths written.</summary>
    public static List<string> Write(string folder, SearchSummary summary, string device)
    {
        var written = new List<string>();
        void Text(string name, string text)
        {
            string path = Path.Combine(folder, name);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }
        Text("pareto.csv", Csv(summary.Pareto));
        Text("pareto.json", JsonSerializer.Serialize(summary.Pareto.Select(Row).ToList(), ZooForgeJson.Indented) + "\n");
        if (summary.Chosen is { } chosen) written.AddRange(WriteDesign(folder, summary, chosen, device));
        Text("report.md", SearchReport.Render(summary));
        return written;
    }

    /// <summary>The design name of a run: the run name plus the trial index, a C identifier.</summary>
    public static string DesignName(SearchSummary summary, TrialRecord chosen) => $"{summary.Name}_t{chosen.Index}";

    private static List<string> WriteDesign(string folder, SearchSummary summary, TrialRecord chosen, string device)
    {
        string name = DesignName(summary, chosen);
        string network = Path.Combine(folder, name + ".zfq.safetensors");
        AtomicFile.WriteAllBytes(network, File.ReadAllBytes(Path.Combine(folder, chosen.NetworkFile!)));
        var provenance = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["search"] = summary.Name,
            ["strategy"] = summary.Strategy,
            ["seed"] = summary.Seed.ToString(CultureInfo.InvariantCulture),
            ["trial"] = chosen.Index.ToString(CultureInfo.InvariantCulture),
            ["candidate"] = chosen.Key,
            ["accuracy"] = chosen.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture),
            ["latency_ms"] = chosen.LatencyMs.ToString("0.######", CultureInfo.InvariantCulture),
        };
        string yaml = Path.Combine(folder, "design.yaml");
        DesignFile.Save(new DesignDocument { Name = name, NetworkPath = Path.GetFullPath(network), Device = device, Accelerator = chosen.Design!, Provenance = provenance }, yaml);
        return [network, yaml];
    }

    /// <summary>One Pareto row as a flat record (also the JSON shape).</summary>
    public static SortedDictionary<string, object> Row(TrialRecord t)
    {
        var row = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["trial"] = t.Index, ["candidate"] = t.Key, ["objective"] = t.Objective, ["design"] = t.Design?.ToString() ?? "",
        };
        foreach (var m in CsvMetrics) row[m] = t.Metrics.TryGetValue(m, out double v) ? v : double.NaN;
        return row;
    }

    /// <summary>The front as CSV (invariant culture, fixed column order).</summary>
    public static string Csv(IEnumerable<TrialRecord> pareto)
    {
        var s = new StringBuilder();
        s.Append("trial,candidate,").Append(string.Join(",", CsvMetrics)).Append(",objective,design\n");
        foreach (var t in pareto)
        {
            s.Append(t.Index).Append(',').Append(Quote(t.Key));
            foreach (var m in CsvMetrics) s.Append(',').Append(t.Metrics[m].ToString("R", CultureInfo.InvariantCulture));
            s.Append(',').Append(t.Objective.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(Quote(t.Design?.ToString() ?? "")).Append('\n');
        }
        return s.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
