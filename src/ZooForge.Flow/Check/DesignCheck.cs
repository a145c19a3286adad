using ZooForge.Flow.Check.HlsSteps;
using System.Globalization;
using ZooForge.Data.Mnist;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Serialization;
using ZooForge.Hardware.Designs;
using ZooForge.Hardware.Devices;
using ZooForge.Flow.Check;
using ZooForge.Rtl.Tools;

namespace ZooForge.Flow.Check;

/// <summary>What one <c>zooforge check</c> of a design runs on and where it writes.</summary>
public sealed record DesignCheckOptions
{
    /// <summary>Design file (design.yaml).</summary>
    public required string DesignPath { get; init; }
    /// <summary>Folder for the HLS project, RTL, builds and logs.</summary>
    public required string OutFolder { get; init; }
    /// <summary>Convolution to cut the RTL tile from; null chooses.</summary>
    public string? LayerName { get; init; }
    /// <summary>Validation digit the RTL tile is cut from.</summary>
    public int Image { get; init; }
    /// <summary>Validation digits the HLS csim runs on.</summary>
    public int CsimImages { get; init; } = DesignCheck.DefaultCsimImages;
    /// <summary>Lanes of the simulated engine (run once per lane group); null: the rule of <c>RtlCheck</c>.</summary>
    public int? SimulatedLanes { get; init; }
    /// <summary>Run the Yosys steps.</summary>
    public bool Synthesis { get; init; } = true;
    /// <summary>Record the synthesis figures as the design's baseline.</summary>
    public bool UpdateBaselines { get; init; }
    /// <summary>Also write an FST waveform of the tile simulation.</summary>
    public bool Trace { get; init; }
    /// <summary>Also write the results as JUnit XML here.</summary>
    public string? JUnitPath { get; init; }
}

/// <summary>
/// One check of a design, shared by <c>zooforge check</c> and <c>zooforge run</c>: bad input and
/// missing tools are refused before any step runs; then the HLS steps (emit, g++ csim) and the
/// RTL steps run in order.
/// </summary>
public static class DesignCheck
{
    /// <summary>Digits the csim runs on unless told otherwise.</summary>
    public const int DefaultCsimImages = 20;

    /// <summary>Runs every step; <paramref name="progress"/> hears each result as it completes.</summary>
    /// <exception cref="UserInputException">The design, its network, the layer, the digit indices or a tool is wrong or missing.</exception>
    public static CheckReport Run(DesignCheckOptions options, Action<CheckStepResult>? progress) =>
        Run(DesignFile.Load(options.DesignPath), options, progress);

    /// <summary>Runs every step on <paramref name="document"/>, already loaded from <see cref="DesignCheckOptions.DesignPath"/>.</summary>
    /// <exception cref="UserInputException">The network, the layer, the digit indices or a tool is wrong or missing.</exception>
    public static CheckReport Run(DesignDocument document, DesignCheckOptions options, Action<CheckStepResult>? progress)
    {
        if (!File.Exists(document.NetworkPath))
            throw new UserInputException($"{options.DesignPath}: field 'network': '{document.NetworkPath}' does not exist");
        var network = QuantizedNetworkFile.Load(document.NetworkPath);
        if (network.Bits != document.Accelerator.DataBits)
            throw new UserInputException($"{options.DesignPath}: field 'data_bits': {document.Accelerator.DataBits}, but network '{network.Name}' has {network.Bits}-bit data");
        // A wrong layer is bad input, reported before anything runs.
        ZooForge.Rtl.Model.LayerChoice.Choose(network, options.LayerName);
        if (options.SimulatedLanes is { } lanes && (lanes < 1 || lanes > document.Accelerator.Conv.Tm))
            throw new UserInputException($"--lanes must be in 1..{document.Accelerator.Conv.Tm} (the design's tm), got {lanes}");
        // Missing tools too, before the data is loaded and anything is written.
        ExternalTool[] tools = [new("g++", "g++"), new("make", "make"), ExternalTool.Verilator, .. options.Synthesis ? new[] { ExternalTool.Yosys } : []];
        if (tools.FirstOrDefault(t => !t.IsInstalled) is { } missing)
            throw new UserInputException(new ToolMissingException(missing.Executable, missing.Package).Message);
        var (_, validation) = MnistSplit.Default();
        if (options.Image < 0 || options.Image >= validation.Count)
            throw new UserInputException($"--image must be in 0..{validation.Count - 1}, got {options.Image}");
        if (options.CsimImages < 1 || options.CsimImages > validation.Count)
            throw new UserInputException($"--images must be in 1..{validation.Count}, got {options.CsimImages}");

        var context = new CheckContext
        {
            Design = document, DesignPath = options.DesignPath, Network = network,
            Input = Quantizer.QuantizeInput(validation.GetImage(options.Image), network),
            OutFolder = Path.GetFullPath(options.OutFolder),
            LayerName = options.LayerName, SimulatedLanes = options.SimulatedLanes, UpdateBaselines = options.UpdateBaselines, Trace = options.Trace,
            // An unknown device is reported by the emit step; synthesis then only skips the fit test.
            Device = DeviceCatalogue.BuiltIn().TryFind(document.Device, out var device) ? device : null,
        };
        // The HLS project first (emit, then g++ csim against the integer reference), then the RTL.
        var steps = new List<ICheckStep> { new HlsEmitStep(validation, options.CsimImages), new HlsCsimStep(), new HlsCountStep() };
        steps.AddRange(RtlCheck.Steps(options.Synthesis));
        Directory.CreateDirectory(context.OutFolder);
        var report = CheckRunner.Run(steps, context, progress);
        if (options.JUnitPath is { } junit) AtomicFile.WriteAllText(junit, JUnitReport.ToXml(report));
        return report;
    }

    /// <summary>The report as the JSON object <c>--json</c> prints.</summary>
    public static object ToJson(CheckReport report) => new
    {
        report.Design, report.Passed,
        Steps = report.Steps.Select(st => new
        {
            st.Name, Status = st.Status.ToString().ToLowerInvariant(), Seconds = Math.Round(st.Duration.TotalSeconds, 3), st.Message, st.Metrics,
        }),
    };

    /// <summary>One line per completed step, for progress on standard error.</summary>
    public static string ProgressLine(CheckStepResult r) =>
        $"check: {r.Name}: {r.Status.ToString().ToLowerInvariant()} ({r.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
}
