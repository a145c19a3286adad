using ZooForge.Emit.Csim;
using ZooForge.Emit.Rendering;
using ZooForge.Emit.Tests.Support;
using ZooForge.TestSupport;

namespace ZooForge.Emit.Tests.Scripts;

/// <summary>
/// <c>scripts/zf_check_ii.tcl</c>, the check <c>make csynth</c> runs on Vitis HLS's log: golden
/// cases (<c>IiCheckCases/*.txt</c> logs in the formats Vitis HLS and Vivado HLS print, their
/// verdicts in <c>*.out.txt</c>) run by the real tclsh, and the Makefile target wired to it.
/// Vitis HLS itself is not installed here, so the Makefile test puts a stand-in on PATH that
/// replays a recorded log; the II figures themselves come only from a real synthesis.
/// Set ZOOFORGE_UPDATE_GOLDEN=1 to rewrite the verdicts (review the diff).
/// </summary>
[TestFixture]
public sealed class IiCheckScriptTests
{
    private static string Script => Path.Combine(new TemplateRenderer().Folder, "scripts", "zf_check_ii.tcl");

    private static string CasesFolder(bool source) => source
        ? Path.Combine(Repository.Root, "tests", "ZooForge.Emit.Tests", "Scripts", "IiCheckCases")
        : Path.Combine(AppContext.BaseDirectory, "Scripts", "IiCheckCases");

    private static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(CasesFolder(source: false), "*.txt")
            .Where(f => !f.EndsWith(".out.txt", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"Ii_check_verdict({name})"));

    [TestCaseSource(nameof(Cases))]
    public void Ii_check_verdict(string name)
    {
        string log = Path.Combine(CasesFolder(source: false), name + ".txt");
        var run = CsimRunner.Execute("tclsh", [Script, log], Path.GetDirectoryName(log)!);
        string verdict = $"exit {run.Code}\n--- stdout\n{run.Stdout}--- stderr\n{run.Stderr.Replace(log, name + ".txt", StringComparison.Ordinal)}";
        string expectedPath = Path.Combine(CasesFolder(source: true), name + ".out.txt");
        if (Environment.GetEnvironmentVariable("ZOOFORGE_UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, verdict);
        Assert.That(verdict, Is.EqualTo(File.ReadAllText(expectedPath)), $"verdict differs from {name}.out.txt");
    }

    [Test]
    public void A_log_that_cannot_be_read_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var run = CsimRunner.Execute("tclsh", [Script, temp.Combine("missing.log")], temp.Path);
        Assert.That(run.Code, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("cannot read the log").And.Contain("missing.log"));
    }

    [TestCase("dense_engine_meets_ii", 0)]
    [TestCase("patterned_engine_misses_ii", 2)]
    public void Make_csynth_synthesises_only_and_fails_unless_the_compute_loops_reach_ii_1(string recordedLog, int makeExit)
    {
        using var temp = new TempFolder();
        string project = EmitTinyProject(temp);
        string bin = Directory.CreateDirectory(temp.Combine("bin")).FullName;
        string standIn = Path.Combine(bin, "vitis_hls");
        File.WriteAllText(standIn, """
            #!/bin/sh
            # Stand-in for vitis_hls: records its arguments and writes the log given with -l.
            echo "$@" > vitis_args.txt
            while [ $# -gt 0 ]; do
              if [ "$1" = "-l" ]; then cp "$ZF_RECORDED_LOG" "$2"; fi
              shift
            done
            """.Replace("\r", ""));
        Assert.That(CsimRunner.Execute("chmod", ["+x", standIn], bin).Code, Is.Zero);

        var run = CsimRunner.Execute("env",
            [$"PATH={bin}:/usr/bin:/bin", $"ZF_RECORDED_LOG={Path.Combine(CasesFolder(source: false), recordedLog + ".txt")}", "make", "-s", "csynth"], project);

        Assert.That(run.Code, Is.EqualTo(makeExit), run.Stdout + run.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(project, "vitis_args.txt")).Trim(), Is.EqualTo("-l csynth.log -f run_hls.tcl -tclargs csynth"));
        Assert.That(run.Stdout, Does.Contain("zf_compute_mac"));
    }

    [Test]
    public void Make_csynth_without_vitis_hls_says_so_and_fails()
    {
        Assume.That(File.Exists("/usr/bin/vitis_hls") || File.Exists("/bin/vitis_hls"), Is.False, "this machine has vitis_hls in /usr/bin");
        using var temp = new TempFolder();
        string project = EmitTinyProject(temp);
        var run = CsimRunner.Execute("env", ["PATH=/usr/bin:/bin", "make", "-s", "csynth"], project);
        Assert.That(run.Code, Is.Not.Zero);
        Assert.That(run.Stderr, Does.Contain("vitis_hls is not on PATH"));
    }

    private static string EmitTinyProject(TempFolder temp)
    {
        var (network, inputs) = SyntheticNetworks.DenseOnly(images: 1);
        string design = SyntheticNetworks.WriteDesign(temp.Combine("design"), network);
        return HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = inputs }).Folder;
    }
}
