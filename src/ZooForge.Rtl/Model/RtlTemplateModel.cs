using ZooForge.Core.Errors;
using ZooForge.Compression.Golden;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;

namespace ZooForge.Rtl.Model;

/// <summary>One pattern of the decoder: its id and kept positions r·K+c in step order.</summary>
/// <param name="Id">Pattern id.</param>
/// <param name="Offsets">Kept positions, ascending.</param>
public sealed record RtlPattern(int Id, IReadOnlyList<int> Offsets);

/// <summary>One registered level of an adder tree.</summary>
/// <param name="Index">Level, 1 = the adders of the products.</param>
/// <param name="Nodes">Adders in the level.</param>
public sealed record RtlTreeLevel(int Index, int Nodes);

/// <summary>The vector files a testbench reads with <c>$readmemh</c>.</summary>
public sealed record RtlVectorFiles
{
    /// <summary>Input tile.</summary>
    public string Input { get; init; } = "input.hex";
    /// <summary>Compressed weights.</summary>
    public string Weights { get; init; } = "weights.hex";
    /// <summary>Pattern id per kernel.</summary>
    public string PatternIds { get; init; } = "pattern_ids.hex";
    /// <summary>Bias per lane.</summary>
    public string Bias { get; init; } = "bias.hex";
    /// <summary>Requantization multiplier per lane.</summary>
    public string Multiplier { get; init; } = "multiplier.hex";
    /// <summary>Requantization shift per lane.</summary>
    public string Shift { get; init; } = "shift.hex";
    /// <summary>Reference outputs.</summary>
    public string Expected { get; init; } = "expected.hex";
}

/// <summary>
/// What the SystemVerilog templates see (snake_case in the templates): the engine's sizes, the
/// datapath's derived widths and the tile's geometry. Every number the RTL needs is computed
/// here, once, so the templates only place them.
/// </summary>
public sealed record RtlTemplateModel
{
    /// <summary>Design name.</summary>
    public required string DesignName { get; init; }
    /// <summary>Network name.</summary>
    public required string NetworkName { get; init; }
    /// <summary>Layer the tile comes from.</summary>
    public required string LayerName { get; init; }
    /// <summary>Data bits.</summary>
    public required int Bits { get; init; }
    /// <summary>Output lanes.</summary>
    public required int Tm { get; init; }
    /// <summary>Input channels per step.</summary>
    public required int Tn { get; init; }
    /// <summary>Lanes of the simulated engine (a slice of the Tm identical lanes, see <see cref="SimulatedLanes"/>).</summary>
    public required int Lanes { get; init; }
    /// <summary>Simulation runs of the tile, one per group of <see cref="Lanes"/> active output lanes: ⌈active / Lanes⌉.</summary>
    public required int LaneGroups { get; init; }
    /// <summary>Pixels per multiplier: 2 with WP487 DSP packing (data of 8 bits or fewer), else 1.</summary>
    public required int Pack { get; init; }
    /// <summary>Input channels multiplied per cycle: Tn / Pack.</summary>
    public required int Ch { get; init; }
    /// <summary>Field width of the packed pixel: 2·bits.</summary>
    public required int FieldBits { get; init; }
    /// <summary>Kernel size K.</summary>
    public required int Kernel { get; init; }
    /// <summary>K².</summary>
    public required int Kk { get; init; }
    /// <summary>Stride.</summary>
    public required int Stride { get; init; }
    /// <summary>Non-zeros per window.</summary>
    public required int Ones { get; init; }
    /// <summary>Width of the non-zero index.</summary>
    public required int StepBits { get; init; }
    /// <summary>Width of a kernel-window offset.</summary>
    public required int OffsetBits { get; init; }
    /// <summary>Width of a signed pattern id (−1 = pruned).</summary>
    public required int IdBits { get; init; }
    /// <summary>Width of a product, 2·bits.</summary>
    public required int ProductBits { get; init; }
    /// <summary>Width of the adder-tree nodes: 2·bits + ⌈log2 Tn⌉ + 1, as the resource model.</summary>
    public required int TreeBits { get; init; }
    /// <summary>Adder-tree leaves: Ch rounded up to a power of two.</summary>
    public required int TreeLeaves { get; init; }
    /// <summary>Registered adder-tree levels, log2(leaves).</summary>
    public required int TreeLevels { get; init; }
    /// <summary>The tree's levels.</summary>
    public required IReadOnlyList<RtlTreeLevel> Tree { get; init; }
    /// <summary>Cycles from issue to the adder-tree output.</summary>
    public required int FlagLatency { get; init; }
    /// <summary>Cycles from the last issue to the sums: the performance model's pipeline fill.</summary>
    public required int PipelineDepth { get; init; }
    /// <summary>Width of the active input-channel count (0..Tn).</summary>
    public required int InCountBits { get; init; }
    /// <summary>Width of the active output-lane count (0..Tm).</summary>
    public required int OutCountBits { get; init; }
    /// <summary>The decoder's patterns.</summary>
    public required IReadOnlyList<RtlPattern> Patterns { get; init; }
    /// <summary>Input-channel steps.</summary>
    public required int Steps { get; init; }
    /// <summary>Pixel groups issued per step: ⌈pixels / Pack⌉.</summary>
    public required int Groups { get; init; }
    /// <summary>Output pixels of the tile.</summary>
    public required int Pixels { get; init; }
    /// <summary>Output pixels the engine's accumulators hold: Tr·Tc, the outputs of a 1×1 stride-1 tile.</summary>
    public required int MaxPixels { get; init; }
    /// <summary>Pixel groups the accumulators hold: ⌈<see cref="MaxPixels"/> / Pack⌉, the depth of each accumulator bank.</summary>
    public required int MaxGroups { get; init; }
    /// <summary>Width of an accumulator bank address: ⌈log2 <see cref="MaxGroups"/>⌉ (at least 1).</summary>
    public required int GroupBits { get; init; }
    /// <summary>Output rows of the tile.</summary>
    public required int OutRows { get; init; }
    /// <summary>Output columns of the tile.</summary>
    public required int OutCols { get; init; }
    /// <summary>Input tile rows (halo included).</summary>
    public required int InRows { get; init; }
    /// <summary>Input tile columns (halo included).</summary>
    public required int InCols { get; init; }
    /// <summary>Input channels of the layer.</summary>
    public required int InChannels { get; init; }
    /// <summary>Active output lanes of the tile.</summary>
    public required int OutActive { get; init; }
    /// <summary>Clamp bounds as two's-complement hex of <see cref="Bits"/> bits.</summary>
    public required string LoHex { get; init; }
    /// <summary>Upper clamp bound, hex.</summary>
    public required string HiHex { get; init; }
    /// <summary>Simulation cycle limit.</summary>
    public required long TimeoutCycles { get; init; }
    /// <summary>Vector file names.</summary>
    public RtlVectorFiles Files { get; init; } = new();

    /// <summary>
    /// Multipliers (lanes × Tn) a simulated engine may hold. Verilator's build time grows with the
    /// PE count (Tm 32 × Tn 16 = 512 PEs took minutes), so larger arrays are simulated as a slice
    /// of lanes run once per lane group.
    /// </summary>
    public const int SimulatedPeBudget = 256;

    /// <summary>
    /// The simulated lane slice: all Tm lanes when Tm·Tn ≤ <see cref="SimulatedPeBudget"/>, else
    /// ⌊budget / Tn⌋ lanes (at least one). The lanes are identical instances of one module, so a
    /// slice computes exactly what the same lanes compute in the full array, in the same cycles.
    /// </summary>
    public static int SimulatedLanes(EngineTiling engine) => Math.Clamp(SimulatedPeBudget / engine.Tn, 1, engine.Tm);

    /// <summary>
    /// The model of <paramref name="tile"/> on <paramref name="design"/>'s conv engine, simulated
    /// with <paramref name="lanes"/> lanes (default <see cref="SimulatedLanes"/>).
    /// </summary>
    public static RtlTemplateModel Create(string designName, string networkName, AcceleratorDesign design, RtlTile tile, int? lanes = null)
    {
        var e = design.Conv;
        int bits = design.DataBits;
        int pack = design.MacsPerDsp;
        if (pack == 2 && e.Tn % 2 != 0)
            throw new InvalidInputException($"design '{designName}': a {bits}-bit engine packs two MACs per DSP over channel halves, so tn must be even, got {e.Tn}");
        int ch = e.Tn / pack;
        int levels = CeilLog2(ch), leaves = 1 << levels;
        int depth = ZooForgeLatencyModel.ComputePipelineDepth(e.Tn);
        int flagLatency = depth - 2;
        // The PE array's registers: select, multiply, (unpack,) the tree levels; then accumulate and output.
        if (2 + (pack == 2 ? 1 : 0) + levels != flagLatency)
            throw new InvalidOperationException($"PE array pipeline ({2 + (pack == 2 ? 1 : 0) + levels} + 2 stages) differs from the model's fill {depth}");
        int simulated = lanes ?? SimulatedLanes(e);
        if (simulated < 1 || simulated > e.Tm)
            throw new InvalidInputException($"design '{designName}': the simulated lane slice must be 1..Tm = {e.Tm}, got {simulated}");
        int ones = tile.Ones, kk = tile.Layer.Kernel * tile.Layer.Kernel;
        int digits = (bits + 3) / 4;
        int maxPixels = e.Tr * e.Tc, maxGroups = (maxPixels + pack - 1) / pack;
        if (tile.Pixels > maxPixels)
            throw new InvalidInputException($"design '{designName}': the tile of {tile.Pixels} pixels exceeds the Tr x Tc = {maxPixels} the accumulators hold");
        return new RtlTemplateModel
        {
            DesignName = designName, NetworkName = networkName, LayerName = tile.Layer.Name,
            Bits = bits, Tm = e.Tm, Tn = e.Tn,
            Lanes = simulated, LaneGroups = Math.Max(1, (tile.ActiveOutChannels + simulated - 1) / simulated), Pack = pack, Ch = ch, FieldBits = 2 * bits,
            Kernel = tile.Layer.Kernel, Kk = kk, Stride = tile.Layer.Stride, Ones = ones,
            StepBits = Math.Max(1, CeilLog2(ones)), OffsetBits = Math.Max(1, CeilLog2(kk)),
            IdBits = Math.Max(2, CeilLog2(tile.Patterns.Count) + 1),
            ProductBits = 2 * bits, TreeBits = 2 * bits + CeilLog2(e.Tn) + 1,
            TreeLeaves = leaves, TreeLevels = levels,
            Tree = Enumerable.Range(1, levels).Select(l => new RtlTreeLevel(l, leaves >> l)).ToList(),
            FlagLatency = flagLatency, PipelineDepth = depth,
            InCountBits = CeilLog2(e.Tn + 1), OutCountBits = CeilLog2(e.Tm + 1),
            Patterns = Enumerable.Range(0, tile.Patterns.Count).Select(i => new RtlPattern(i, tile.Patterns.Offsets(i))).ToList(),
            Steps = tile.Steps, Groups = (tile.Pixels + pack - 1) / pack, Pixels = tile.Pixels,
            MaxPixels = maxPixels, MaxGroups = maxGroups, GroupBits = Math.Max(1, CeilLog2(maxGroups)),
            OutRows = tile.OutRows, OutCols = tile.OutCols, InRows = tile.InRows, InCols = tile.InCols,
            InChannels = tile.Layer.InChannels, OutActive = tile.ActiveOutChannels,
            LoHex = GoldenVectors.Hex(tile.Layer.Lo, bits, digits), HiHex = GoldenVectors.Hex(tile.Layer.Hi, bits, digits),
            TimeoutCycles = 4 * tile.ModelComputeCycles(design) + 4L * tile.Pixels + 1000,
        };
    }

    /// <summary>⌈log2 n⌉ for n ≥ 1.</summary>
    public static int CeilLog2(int n) => n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
}
