using ZooForge.TestSupport;
using System.Text;
using System.Text.Json;
using ZooForge.Compression.Golden;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;
using ZooForge.Emit.Passes;
using ZooForge.Emit.Tests.Support;
using ZooForge.Hardware.Devices;

namespace ZooForge.Emit.Tests.Rendering;

/// <summary>
/// Golden files for every template (Scriban's own test style): <c>Cases/CASE.txt</c> is a
/// template model (JSON, snake_case, as the templates see it) and <c>Cases/CASE.out.txt</c> the
/// files every template renders from it, each under a <c>==== FILE (TEMPLATE) ====</c> line.
/// Each case's rendered project is also compiled with the strict flags through its own
/// Makefile, its C simulation is run on golden vectors of the case's synthetic network (bit
/// exact, every op), and its Tcl script is run by tclsh with the Vitis commands stubbed.
/// Set ZOOFORGE_UPDATE_GOLDEN=1 to regenerate the cases from the synthetic networks.
/// </summary>
[TestFixture]
public sealed class TemplateGoldenTests
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
    };

    private static string CasesFolder(bool source) => source
        ? Path.Combine(Repository.Root, "tests", "ZooForge.Emit.Tests", "Rendering", "Cases")
        : Path.Combine(AppContext.BaseDirectory, "Rendering", "Cases");

    private static bool Update => Environment.GetEnvironmentVariable("ZOOFORGE_UPDATE_GOLDEN") == "1";

    private static readonly string[] CaseNames = ["tiny_all_ops", "tiny_dense"];

    private static IEnumerable<TestCaseData> Cases(string test) => CaseNames.Select(c => new TestCaseData(c).SetName($"{test}({c})"));

    private static IEnumerable<TestCaseData> GoldenCases() => Cases(nameof(Template_golden));

    private static IEnumerable<TestCaseData> CurrentCases() => Cases(nameof(Case_model_is_current));

    // The synthetic network a case is rendered from, with the inputs its csim is run on.
    private static (QuantizedNetwork Network, IReadOnlyList<int[]> Inputs) CaseNetwork(string name) =>
        name == "tiny_all_ops" ? SyntheticNetworks.AllOps() : SyntheticNetworks.DenseOnly();

    private static EmitModel CaseModel(string name)
    {
        var network = CaseNetwork(name).Network;
        using var temp = new TempFolder();
        var (design, loaded, device) = HlsEmitter.Load(SyntheticNetworks.WriteDesign(temp.Path, network));
        return EmitPipeline.Build(design, loaded, device);
    }

    /// <summary>All rendered files of a model in one text, in template order.</summary>
    internal static string RenderAll(EmitModel model)
    {
        var renderer = new ZooForge.Emit.Rendering.TemplateRenderer();
        var text = new StringBuilder();
        foreach (var (template, file) in HlsEmitter.Templates)
            text.Append($"==== {file.Replace("NAME", model.Name, StringComparison.Ordinal)} ({template}) ====\n").Append(renderer.Render(template, model));
        return text.ToString();
    }

    [TestCaseSource(nameof(GoldenCases))]
    public void Template_golden(string name)
    {
        if (Update)
        {
            var fresh = CaseModel(name);
            File.WriteAllText(Path.Combine(CasesFolder(true), name + ".txt"), JsonSerializer.Serialize(fresh, Json) + "\n");
            File.WriteAllText(Path.Combine(CasesFolder(true), name + ".out.txt"), RenderAll(fresh));
        }
        string folder = CasesFolder(Update);
        var model = JsonSerializer.Deserialize<EmitModel>(File.ReadAllText(Path.Combine(folder, name + ".txt")), Json)!;
        string expected = File.ReadAllText(Path.Combine(folder, name + ".out.txt"));
        Assert.That(RenderAll(model), Is.EqualTo(expected), $"rendered output differs from {name}.out.txt (ZOOFORGE_UPDATE_GOLDEN=1 regenerates it)");

        using var temp = new TempFolder();
        foreach (var (path, text) in HlsEmitter.Render(model))
        {
            string file = temp.Combine(path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        Gxx.Make(temp.Path);
        Assert.That(File.Exists(temp.Combine(model.Name + "_csim")), "the Makefile built the csim program");
        RunCsim(temp.Path, name);
        CheckRunHlsScript(temp.Path, model);
    }

    /// <summary>The model is what the pipeline builds today: the committed case is not stale.</summary>
    [TestCaseSource(nameof(CurrentCases))]
    public void Case_model_is_current(string name)
    {
        string committed = File.ReadAllText(Path.Combine(CasesFolder(false), name + ".txt"));
        Assert.That(JsonSerializer.Serialize(CaseModel(name), Json) + "\n", Is.EqualTo(committed), "ZOOFORGE_UPDATE_GOLDEN=1 regenerates the case");
    }

    // Runs the rendered testbench through the Makefile's csim target (what the README tells users
    // to run) on the integer reference's golden vectors of the case's network: the rendered top
    // function must reproduce every op of every input.
    private static void RunCsim(string folder, string name)
    {
        var (network, inputs) = CaseNetwork(name);
        GoldenVectors.Write(Path.Combine(folder, "tb_data"), network, inputs);
        var run = Gxx.Execute("make", "-s csim", folder);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        Assert.That(run.Stdout, Does.Contain($"{inputs.Count} images, {network.Ops.Count} ops each").And.Contain(" 0 mismatches").And.Contain("PASS"));
    }

    // Runs run_hls.tcl in tclsh with every Vitis HLS command replaced by a logger, and checks the
    // script sets the part and clock from the model and adds files that exist; with `csynth` (what
    // make csynth passes) it synthesises without the C simulation.
    private static void CheckRunHlsScript(string folder, EmitModel model)
    {
        var log = RunTclWithStubs(folder, "cosim export");
        Assert.That(log, Does.Contain($"set_part {model.Part}").And.Contain($"create_clock -period {model.ClockPeriodNs}")
            .And.Contain($"set_top {model.Name}_top").And.Contain("csim_design").And.Contain("csynth_design")
            .And.Contain("cosim_design").And.Contain("export_design"));
        var synthesisOnly = RunTclWithStubs(folder, "csynth");
        Assert.That(synthesisOnly, Does.Contain("csynth_design").And.Not.Contain("csim_design").And.Not.Contain("cosim_design"));
    }

    private static string RunTclWithStubs(string folder, string arguments)
    {
        string stubs = """
            set log [open tcl.log w]
            foreach command {open_project set_top open_solution set_part create_clock csim_design csynth_design cosim_design export_design} {
                proc $command {args} "puts \$::log \"$command \$args\""
            }
            proc add_files {args} {
                puts $::log "add_files $args"
                set name [expr {[lindex $args 0] eq "-tb" ? [lindex $args 1] : [lindex $args 0]}]
                if {![file exists $name]} { error "add_files: $name does not exist" }
            }
            rename exit _exit
            proc exit {} { close $::log; _exit 0 }
            set argv {ARGUMENTS}
            source run_hls.tcl
            """.Replace("ARGUMENTS", arguments, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "stubbed.tcl"), stubs);
        Directory.CreateDirectory(Path.Combine(folder, "tb_data"));
        var run = Gxx.Execute("tclsh", "stubbed.tcl", folder);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        return File.ReadAllText(Path.Combine(folder, "tcl.log"));
    }
}
