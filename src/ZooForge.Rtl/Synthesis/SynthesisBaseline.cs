using System.Text.Json;
using System.Text.Json.Nodes;
using ZooForge.Graph.Serialization;

namespace ZooForge.Rtl.Synthesis;

/// <summary>
/// Per-design synthesis baselines kept in the repository (<c>NAME.synth-baseline.json</c> beside
/// the design file), so CI notices when a change moves a block's resources: LUT and FF may drift
/// by <see cref="LogicTolerance"/>, DSP and BRAM must match exactly.
/// <code>
/// {"format": "zooforge-synth-baseline/1", "family": "xcup", "layer": "layer1.0.relu",
///  "blocks": {"zf_pe_array": {"lut": 1234, "ff": 2345, "dsp": 16, "bram18": 0}, ...}}
/// </code>
/// </summary>
public static class SynthesisBaseline
{
    /// <summary>The format tag.</summary>
    public const string Format = "zooforge-synth-baseline/1";

    /// <summary>Relative tolerance on LUT and FF counts.</summary>
    public const double LogicTolerance = 0.10;

    /// <summary>
    /// The baseline of <paramref name="block"/> in <paramref name="path"/>, or null when the file
    /// or the block is absent. The blocks are rendered for one layer's tile, so a baseline
    /// recorded for another layer is an error rather than a comparison of different circuits.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed or records another layer (names the file).</exception>
    public static BlockResources? Load(string path, string block, string layer)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("empty document");
            if ((string?)root["format"] != Format) throw new InvalidDataException($"field 'format' must be '{Format}'");
            if ((string?)root["family"] != BlockSynthesis.Family) throw new InvalidDataException($"field 'family' must be '{BlockSynthesis.Family}'");
            if ((string?)root["layer"] is { } recorded && recorded != layer)
                throw new InvalidDataException($"it was recorded for layer '{recorded}', this check cut layer '{layer}' (pass --layer {recorded}, or --update-baselines)");
            if (root["blocks"]?[block] is not JsonObject b) return null;
            int Field(string name) => (int?)b[name] ?? throw new InvalidDataException($"block '{block}' has no '{name}'");
            return new BlockResources(block, Field("lut"), Field("ff"), Field("dsp"), Field("bram18"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"synthesis baseline '{path}': {e.Message}");
        }
    }

    /// <summary>Records <paramref name="measured"/> as the baseline of its block for <paramref name="layer"/>'s tile in <paramref name="path"/> (other blocks of the same layer kept).</summary>
    public static void Save(string path, string layer, BlockResources measured)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject();
        // Blocks of another layer's tile are a different circuit: start afresh.
        var blocks = (string?)root["layer"] == layer ? root["blocks"] as JsonObject ?? new JsonObject() : new JsonObject();
        blocks[measured.Block] = new JsonObject
        {
            ["lut"] = measured.Lut, ["ff"] = measured.Ff, ["dsp"] = measured.Dsp, ["bram18"] = measured.Bram18,
        };
        var sorted = new JsonObject();
        foreach (var (name, value) in blocks.OrderBy(b => b.Key, StringComparer.Ordinal).ToList())
        {
            blocks.Remove(name);
            sorted[name] = value;
        }
        var document = new JsonObject { ["format"] = Format, ["family"] = BlockSynthesis.Family, ["layer"] = layer, ["blocks"] = sorted };
        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Every way <paramref name="measured"/> departs from <paramref name="baseline"/> beyond the tolerances; empty when within.</summary>
    public static IReadOnlyList<string> Compare(BlockResources measured, BlockResources baseline)
    {
        var problems = new List<string>();
        void Logic(string name, int now, int then)
        {
            double limit = LogicTolerance * Math.Max(then, 1);
            if (Math.Abs(now - then) > limit) problems.Add($"{name} {now} vs baseline {then} (beyond ±{LogicTolerance:P0})");
        }
        Logic("LUT", measured.Lut, baseline.Lut);
        Logic("FF", measured.Ff, baseline.Ff);
        if (measured.Dsp != baseline.Dsp) problems.Add($"DSP {measured.Dsp} vs baseline {baseline.Dsp} (must match)");
        if (measured.Bram18 != baseline.Bram18) problems.Add($"BRAM18 {measured.Bram18} vs baseline {baseline.Bram18} (must match)");
        return problems;
    }
}
