using ZooForge.TestSupport;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Kernels;

/// <summary>
/// The committed projects' csim against Xilinx's own ap_int headers instead of the project's
/// stand-in: their open-source HLS_arbitrary_Precision_Types (which ships no hls_stream.h) or a
/// Vitis include folder, named by ZOOFORGE_XILINX_AP_INCLUDE. The headers are not in the tree
/// and not fetched at run time, so without the variable the test is reported as ignored.
/// </summary>
[TestFixture]
public sealed class VendorHeaderCsimTests
{
    private const string Variable = "ZOOFORGE_XILINX_AP_INCLUDE";

    private static IEnumerable<TestCaseData> Designs() =>
        Repository.DefaultDesigns().Select(d => new TestCaseData(d).SetName($"Csim_passes_with_the_vendor_headers({d})"));

    [TestCaseSource(nameof(Designs))]
    public void Csim_passes_with_the_vendor_headers(string design) =>
        AssertCsimPassesWithTheVendorHeaders(Path.Combine(Repository.Root, "hls-out", design));

    /// <summary>
    /// Copies the generated project in <paramref name="project"/> to a scratch folder (the original
    /// keeps its stand-in build), rebuilds its csim there against the headers named by
    /// ZOOFORGE_XILINX_AP_INCLUDE with the strict flags and asserts it runs bit-exact; ignored
    /// without the variable.
    /// </summary>
    internal static void AssertCsimPassesWithTheVendorHeaders(string project)
    {
        string? include = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(include)) Assert.Ignore($"set {Variable} to the folder holding Xilinx's ap_int.h to run this check");
        Assert.That(File.Exists(Path.Combine(include, "ap_int.h")), $"{Variable}={include} holds no ap_int.h");
        using var temp = new TempFolder();
        string folder = temp.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(project)));
        CopyFolder(project, folder);
        // -B: a csim binary built against the stand-in may have been copied along and look up to date.
        var run = CsimRunner.Execute("make", ["-s", "-B", $"CXXFLAGS={CsimRunner.StrictFlags}", $"AP_INCLUDE={include}", "csim"], folder);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        Assert.That(run.Stdout, Does.Contain(" 0 mismatches").And.Contain("PASS"));
        TestContext.Out.WriteLine(run.Stdout.TrimEnd());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
