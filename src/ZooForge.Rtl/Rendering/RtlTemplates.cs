using System.Reflection;
using ZooForge.Core.Templates;
using ZooForge.Rtl.Model;

namespace ZooForge.Rtl.Rendering;

/// <summary>
/// The SystemVerilog templates (<c>templates/rtl/*.sv.scriban</c>, embedded) rendered in Scriban's
/// strict mode: an unknown variable or member is an error naming the template and line, never
/// empty text.
/// </summary>
public static class RtlTemplates
{
    /// <summary>The synthesizable datapath blocks (each one Yosys run); the PE array's run includes its lanes and their decoders.</summary>
    public static IReadOnlyList<string> Blocks { get; } = ["zf_pattern_decoder", "zf_channel_mask", "zf_requantizer", PeArray, TileEngine];

    /// <summary>Every module in dependency order (the lane instantiates the decoder, the array the lanes), then the tile engine, the layer engine (which instantiates it) and the tile testbench (its top).</summary>
    public static IReadOnlyList<string> Modules { get; } = ["zf_pattern_decoder", "zf_channel_mask", "zf_requantizer", PeLane, PeArray, TileEngine, LayerEngine, TestbenchTop];

    /// <summary>The synthesizable modules <paramref name="block"/> is made of, itself last, in dependency order.</summary>
    public static IReadOnlyList<string> SourcesOf(string block) => block switch
    {
        PeArray => ["zf_pattern_decoder", PeLane, PeArray],
        TileEngine => ["zf_pattern_decoder", "zf_channel_mask", "zf_requantizer", PeLane, PeArray, TileEngine],
        LayerEngine => ["zf_pattern_decoder", "zf_channel_mask", "zf_requantizer", PeLane, PeArray, TileEngine, LayerEngine],
        _ => [block],
    };

    /// <summary>The layer engine: the controller walking a convolution's tiles, its buffers and the tile engine.</summary>
    public const string LayerEngine = "zf_layer_engine";

    /// <summary>The tile engine: the PE array, the accumulator banks, the requantizers and the tile sequencer.</summary>
    public const string TileEngine = "zf_tile_engine";

    /// <summary>The PE array: Tm instances of <see cref="PeLane"/>.</summary>
    public const string PeArray = "zf_pe_array";

    /// <summary>One output lane of the PE array (Tn PEs, adder tree(s), accumulator).</summary>
    public const string PeLane = "zf_pe_lane";

    /// <summary>The testbench's top module.</summary>
    public const string TestbenchTop = "tb_tile";

    private const string ResourcePrefix = "ZooForge.Rtl.Templates.";

    /// <summary>Renders module <paramref name="module"/> (file <c>module.sv</c>; a name with an extension, such as <c>tb_layer.cpp</c>, is that file) for <paramref name="model"/>.</summary>
    /// <exception cref="TemplateException">The template is missing, invalid or uses an unknown name.</exception>
    public static string Render(string module, RtlTemplateModel model) =>
        module.Contains('.') ? Render(module + ".scriban", Load(module + ".scriban"), model) : Render(module + ".sv.scriban", Load(module + ".sv.scriban"), model);

    /// <summary>Renders template <paramref name="text"/> named <paramref name="fileName"/> (for messages) in strict mode.</summary>
    /// <exception cref="TemplateException">The template is invalid or uses an unknown name.</exception>
    public static string Render(string fileName, string text, RtlTemplateModel model) => StrictTemplate.Render($"templates/rtl/{fileName}", text, model);

    private static string Load(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new TemplateException($"template {fileName} is not embedded in {typeof(RtlTemplates).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
