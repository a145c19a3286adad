using ZooForge.TestSupport;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;

namespace ZooForge.Cli.Tests.App;

/// <summary>
/// The bad-input contract of every command: exit code 1, one line on standard error starting with
/// <c>zooforge: error:</c> that names the problem, and nothing on standard output.
/// </summary>
[TestFixture]
public class ErrorReporterTests
{
    private const string Design = CliRunner.HotNasDesign;

    /// <summary>Replaced in arguments and expected fragments by the fixture's scratch directory.</summary>
    private const string Dir = "{dir}";

    private TempFolder _dir = null!;

    [OneTimeSetUp]
    public void WriteFiles()
    {
        _dir = new TempFolder();
        _dir.Write("syntax/broken.yaml", Yaml.DeviceSyntaxError);
        _dir.Write("missing/no-dsp.yaml", Yaml.DeviceMissingDsp);
        _dir.Write("unknown/colourful.yaml", Yaml.DeviceUnknownField);
        _dir.Write("space/broken-space.yaml", Yaml.SpaceSyntaxError);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => _dir.Dispose();

    private static TestCaseData Case(string name, string[] args, params string[] fragments) =>
        new TestCaseData(args, fragments).SetArgDisplayNames(name);

    private static IEnumerable<TestCaseData> BadInputs()
    {
        yield return Case("unknown model", ["estimate", "--model", "resnet19", "--design", Design],
            "unknown model 'resnet19'", "resnet18");
        yield return Case("unknown model (dse)", ["dse", "--model", "resnet19"], "unknown model 'resnet19'");
        yield return Case("unknown device", ["estimate", "--device", "zcu999", "--design", Design],
            "unknown device 'zcu999'", "zcu102");
        yield return Case("design with 7 numbers", ["estimate", "--design", "70,36,64,64,7,18,6"],
            "design", "expected 8", "got 7", "'70,36,64,64,7,18,6'");
        yield return Case("design with a letter", ["estimate", "--design", "70,x,64,64,7,18,6,6"],
            "design", "Tn = 'x'");
        yield return Case("design with zero Tm", ["estimate", "--design", "0,36,64,64,7,18,6,6"],
            "design", "Tm must be positive, got 0");
        yield return Case("design over the DSPs", ["estimate", "--device", "pynq-z2", "--design", "100,30,32,32,7,6,6,6"],
            "does not fit PYNQ-Z2", "DSP 3,000 > 220 available", "over by 2,780");
        yield return Case("design over the BRAM18s", ["estimate", "--device", "pynq-z2", "--design", "10,20,256,256,7,4,4,4"],
            "does not fit PYNQ-Z2", "BRAM18 3,540 > 280 available", "over by 3,260");
        yield return Case("device YAML syntax error", ["devices", "--devices", $"{Dir}/syntax/broken.yaml"],
            $"{Dir}/syntax/broken.yaml:", "invalid YAML");
        yield return Case("device YAML missing field", ["estimate", "--devices", $"{Dir}/missing", "--design", Design],
            $"{Dir}/missing/no-dsp.yaml", "missing required field 'dsp'");
        yield return Case("device YAML unknown field", ["dse", "--devices", $"{Dir}/unknown/colourful.yaml"],
            $"{Dir}/unknown/colourful.yaml:", "unknown field 'colour'");
        yield return Case("unknown perf model", ["estimate", "--design", Design, "--perf-model", "fast"],
            "--perf-model", "'fast'", "zooforge, hotnas");
        yield return Case("unknown perf model (dse)", ["dse", "--perf-model", "fast"], "--perf-model", "'fast'");
        yield return Case("layer glob matching nothing", ["estimate", "--design", Design, "--layer", "layer9.*:bits=8"],
            "--layer", "'layer9.*'", "matches no layer of resnet18");
        yield return Case("layer rule without a colon", ["estimate", "--design", Design, "--layer", "layer4.*"],
            "--layer 'layer4.*'", "expected GLOB:ones=N,bits=B");
        yield return Case("layer rule with a non-integer", ["estimate", "--design", Design, "--layer", "layer4.*:bits=x"],
            "--layer", "'bits=x' is not KEY=INTEGER");
        yield return Case("layer rule with an unknown key", ["dse", "--layer", "layer4.*:size=8"],
            "--layer", "unknown key 'size'");
        yield return Case("pattern ones 10 on a 3x3", ["estimate", "--design", Design, "--pattern-ones", "10"],
            "pattern non-zeros 10", "1..9", "3x3");
        yield return Case("weight bits out of range", ["estimate", "--design", Design, "--weight-bits", "1"],
            "weight bits 1 is outside 2..16");
        yield return Case("dconv ports differ from the design",
            ["estimate", "--model", "mobilenet_v2", "--design", "220,10,32,32,3,10,10,10", "--dconv", "192,1,32,32,3,6,6,6"],
            "dconv", "ports 6,6,6 differ", "10,10,10");
        yield return Case("dconv with Tn other than 1",
            ["estimate", "--model", "mobilenet_v2", "--design", "220,10,32,32,3,10,10,10", "--dconv", "192,2,32,32,3"],
            "dconv", "Tn must be 1");
        // A kernel larger than Tk runs as Tk x Tk passes; the tile must still hold one pass's window.
        yield return Case("tile smaller than the kernel window", ["estimate", "--design", "70,36,2,64,3,18,6,6"],
            "'conv1'", "2x64", "3x3");
        yield return Case("clock out of range", ["estimate", "--design", Design, "--clock", "0"], "clock", "got 0");
        yield return Case("nonexistent devices path", ["estimate", "--devices", $"{Dir}/no-such-dir", "--design", Design],
            $"'{Dir}/no-such-dir'", "does not exist");
        yield return Case("nonexistent devices path (devices)", ["devices", "--devices", $"{Dir}/no-such.yaml"],
            $"'{Dir}/no-such.yaml'", "does not exist");
        yield return Case("nonexistent space file", ["dse", "--space", $"{Dir}/no-such-space.yaml"],
            $"'{Dir}/no-such-space.yaml'", "does not exist");
        yield return Case("malformed space file", ["dse", "--space", $"{Dir}/space/broken-space.yaml"],
            $"{Dir}/space/broken-space.yaml:");
        yield return Case("space that is neither built in nor a file", ["dse", "--space", "tiny"],
            "--space", "'tiny'", "hotnas");
        yield return Case("negative --top", ["dse", "--top", "-1"], "--top must not be negative");
        // Parse errors follow the same contract (no help text on standard output).
        yield return Case("missing --design", ["estimate"], "Option '--design' is required", "zooforge estimate --help");
        yield return Case("non-integer --bits", ["estimate", "--design", Design, "--bits", "x"], "'x'", "--bits");
        yield return Case("unknown option", ["estimate", "--design", Design, "--bogus"], "'--bogus'");
        yield return Case("unknown command", ["frobnicate"], "'frobnicate'", "zooforge --help");
        yield return Case("no command", [], "Required command was not provided", "zooforge --help");
    }

    [TestCaseSource(nameof(BadInputs))]
    public void BadInputIsOneLineOnStandardError(string[] args, string[] fragments)
    {
        string Expand(string s) => s.Replace(Dir, _dir.Path);
        var result = CliRunner.Run(args.Select(Expand).ToArray());
        string line = CliRunner.AssertBadInput(result, fragments.Select(Expand).ToArray());
        TestContext.Out.WriteLine(line.Replace(_dir.Path, Dir));
    }

    [Test]
    public void UserErrorBecomesOneLineAndExitCodeOne()
    {
        using var error = new StringWriter();
        int code = ErrorReporter.Guard(error, () => throw new DesignFormatException("first line\nsecond line\r\n"));
        Assert.That(code, Is.EqualTo(ErrorReporter.BadInput));
        Assert.That(error.ToString(), Is.EqualTo("zooforge: error: first line second line" + Environment.NewLine));
    }

    [TestCaseSource(nameof(UserExceptions))]
    public void EveryUserExceptionTypeIsBadInput(Exception exception)
    {
        using var error = new StringWriter();
        Assert.That(ErrorReporter.Guard(error, () => throw exception), Is.EqualTo(ErrorReporter.BadInput));
        Assert.That(error.ToString(), Does.StartWith("zooforge: error: "));
    }

    private static IEnumerable<TestCaseData> UserExceptions()
    {
        Exception[] all =
        [
            new ZooForge.Graph.Model.GraphException("graph"), new DeviceException("device"), new DesignFormatException("design"),
            new ZooForge.Hardware.Workloads.WorkloadException("workload"), new ZooForge.Hardware.Exploration.DseException("dse"),
            new UserInputException("user"), new ZooForge.Core.Errors.InvalidInputException("value"), new FileNotFoundException("file"),
            new DirectoryNotFoundException("directory"), new UnauthorizedAccessException("access"),
        ];
        return all.Select(e => new TestCaseData(e).SetArgDisplayNames(e.GetType().Name));
    }

    [Test]
    public void EveryExceptionTypeZooForgeDefinesIsAUserError()
    {
        // The CLI references every library, so every ZooForge assembly sits beside the tests.
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "ZooForge.*.dll").Where(f => !f.Contains(".Tests."))
            .Select(System.Reflection.Assembly.LoadFrom).Append(typeof(ErrorReporter).Assembly).Distinct().ToList();
        Assert.That(assemblies, Has.Count.GreaterThanOrEqualTo(11), "every library found");
        var exceptions = assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.That(exceptions, Has.Count.GreaterThanOrEqualTo(20));
        Assert.That(exceptions.Where(t => !typeof(ZooForge.Core.Errors.ZooForgeException).IsAssignableFrom(t)).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void OtherExceptionsAreInternalErrorsNamedInOneLine()
    {
        using var error = new StringWriter();
        int code = ErrorReporter.Guard(error, () => throw new ArgumentException("a programming mistake"));
        Assert.That(code, Is.EqualTo(ErrorReporter.InternalError));
        Assert.That(error.ToString().TrimEnd(), Is.EqualTo("zooforge: internal error: ArgumentException: a programming mistake (a bug in ZooForge; rerun with --debug for the stack trace)"));
    }

    [Test]
    public void Under_debug_an_internal_error_prints_its_stack_trace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The global option parses on any command.
        Assert.That(ZooForgeApp.Run(["devices", "--debug"], output, error), Is.Zero, error.ToString());
        Assert.That(ErrorReporter.Debug, Is.True, "--debug reached the reporter");
        try
        {
            int code = ErrorReporter.Guard(error, () => throw new InvalidOperationException("broken invariant"));
            Assert.That(code, Is.EqualTo(ErrorReporter.InternalError));
            Assert.That(error.ToString(), Does.StartWith("zooforge: internal error: System.InvalidOperationException: broken invariant").And.Contain(" at "));
        }
        finally
        {
            ErrorReporter.Debug = false;
        }
    }

    [Test]
    public void SuccessPassesTheExitCodeThroughAndWritesNothing()
    {
        using var error = new StringWriter();
        Assert.That(ErrorReporter.Guard(error, () => 0), Is.Zero);
        Assert.That(ErrorReporter.Guard(error, () => 3), Is.EqualTo(3));
        Assert.That(error.ToString(), Is.Empty);
    }
}
