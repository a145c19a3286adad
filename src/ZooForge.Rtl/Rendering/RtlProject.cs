using System.Globalization;
using System.Text;
using ZooForge.Compression.Golden;
using ZooForge.Graph.Serialization;
using ZooForge.Rtl.Model;

namespace ZooForge.Rtl.Rendering;

/// <summary>
/// A rendered RTL folder: one <c>.sv</c> file per module and the tile's <c>$readmemh</c> vector
/// files. Writing is whole-folder: it is assembled beside the target and moved into place.
/// </summary>
public sealed record RtlProject(string Folder, RtlTemplateModel Model)
{
    /// <summary>The <c>.sv</c> files in compile order.</summary>
    public IReadOnlyList<string> Sources => RtlTemplates.Modules.Select(m => Path.Combine(Folder, m + ".sv")).ToList();

    /// <summary>The source file of <paramref name="module"/>.</summary>
    public string Source(string module) => Path.Combine(Folder, module + ".sv");

    /// <summary>Every file's text by name: the modules and the vectors (deterministic).</summary>
    public static SortedDictionary<string, string> Files(RtlTemplateModel model, RtlTile tile)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var module in RtlTemplates.Modules) files[module + ".sv"] = RtlTemplates.Render(module, model);
        int bits = model.Bits, digits = (bits + 3) / 4;
        files[model.Files.Input] = Hex(tile.Input, bits, digits);
        files[model.Files.Weights] = Hex(tile.Weights, bits, digits);
        files[model.Files.PatternIds] = Hex(tile.PatternIds, model.IdBits, (model.IdBits + 3) / 4);
        files[model.Files.Bias] = Hex(tile.Bias, 32, 8);
        files[model.Files.Multiplier] = Hex(tile.Multiplier, 32, 8);
        files[model.Files.Shift] = Hex(tile.Shift, 6, 2);
        files[model.Files.Expected] = Hex(tile.Expected, bits, digits);
        return files;
    }

    /// <summary>Renders <paramref name="model"/> and <paramref name="tile"/> into <paramref name="folder"/>, replacing it.</summary>
    public static RtlProject Write(string folder, RtlTemplateModel model, RtlTile tile)
    {
        var files = Files(model, tile);
        string target = AtomicFolder.Replace(folder, temp =>
        {
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(temp, name), text, new UTF8Encoding(false));
        });
        return new RtlProject(target, model);
    }

    private static string Hex(int[] values, int bits, int digits)
    {
        var s = new StringBuilder(values.Length * (digits + 1));
        foreach (int v in values) s.Append(GoldenVectors.Hex(v, bits, digits)).Append('\n');
        return s.ToString();
    }
}
