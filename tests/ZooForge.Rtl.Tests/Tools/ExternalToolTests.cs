using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Tests.Tools;

public class ExternalToolTests
{
    [Test]
    public void A_missing_tool_names_its_debian_package()
    {
        var tool = new ExternalTool("zooforge-no-such-simulator", "zooforge-sim-package");
        Assert.That(tool.IsInstalled, Is.False);
        var e = Assert.Throws<ToolMissingException>(() => tool.Run(["--version"], Path.GetTempPath(), TimeSpan.FromSeconds(5)));
        Assert.That(e!.Message, Does.Contain("'zooforge-no-such-simulator' is not installed").And.Contain("apt-get install -y zooforge-sim-package"));
    }

    [Test]
    public void The_real_tools_are_installed_by_the_prerequisites()
    {
        Assert.That(ExternalTool.Verilator.IsInstalled, Is.True, "verilator: run 'dotnet cake --target=Prerequisites'");
        Assert.That(ExternalTool.Yosys.IsInstalled, Is.True, "yosys: run 'dotnet cake --target=Prerequisites'");
        var run = ExternalTool.Verilator.Run(["--version"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.That(run.Output, Does.StartWith("Verilator 5"));
    }
}
