using System.Text.Json;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;

namespace ZooForge.Cli.Tests;

/// <summary>What one in-process run of <c>zooforge</c> returned and wrote.</summary>
internal sealed record CliResult(int Code, string Stdout, string Stderr)
{
    /// <summary>Non-empty lines written to standard error.</summary>
    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs <see cref="ZooForgeApp.Run"/> with string writers, as the process would with redirected output.</summary>
internal static class CliRunner
{
    /// <summary>Prefix of every bad-input message.</summary>
    public const string ErrorPrefix = "zooforge: error: ";

    /// <summary>HotNAS's published ZCU102 design for resnet18.</summary>
    public const string HotNasDesign = "70,36,64,64,7,18,6,6";

    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = ZooForgeApp.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command that must succeed and parses its standard output as JSON.</summary>
    public static JsonElement RunJson(params string[] args)
    {
        var result = Run(args);
        Assert.That(result.Code, Is.Zero, $"zooforge {string.Join(' ', args)} failed: {result.Stderr}");
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts the bad-input contract: a non-zero exit code, exactly one line on standard error,
    /// starting with <c>zooforge: error: </c> and containing every fragment, and nothing on standard output.
    /// Returns the line.
    /// </summary>
    public static string AssertBadInput(CliResult result, params string[] fragments)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Code, Is.EqualTo(ErrorReporter.BadInput), "exit code");
            Assert.That(result.Stdout, Is.Empty, "standard output");
            Assert.That(result.ErrorLines, Has.Count.EqualTo(1), $"standard error: {result.Stderr}");
            Assert.That(result.Stderr, Does.StartWith(ErrorPrefix));
            Assert.That(result.Stderr.TrimEnd().Length, Is.GreaterThan(ErrorPrefix.Length), "message is empty");
            foreach (var fragment in fragments)
                Assert.That(result.Stderr, Does.Contain(fragment));
        }
        return result.Stderr.TrimEnd();
    }

    /// <summary>Rows of a plain-text Spectre table in <paramref name="text"/>, as trimmed cells.</summary>
    public static IReadOnlyList<string[]> TableRows(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('│'))
            .Select(line => line.Trim('│').Split('│').Select(cell => cell.Trim()).ToArray())
            .ToList();
}


/// <summary>Texts of device and design-space files used by several fixtures.</summary>
internal static class Yaml
{
    public const string CustomDevice = """
        name: my-board
        board: My Board
        part: xc7z020clg400-1
        dsp: 220
        bram18: 280
        lut: 53200
        ff: 106400
        axi_port_bits: 256
        clock_mhz: 125
        source: "test fixture"
        """;

    public const string DeviceSyntaxError = """
        name: broken
        board: [unclosed
        """;

    public const string DeviceMissingDsp = """
        name: no-dsp
        board: No DSP
        part: xc7z020clg400-1
        bram18: 280
        lut: 53200
        ff: 106400
        axi_port_bits: 256
        clock_mhz: 100
        """;

    public const string DeviceUnknownField = """
        name: colourful
        board: Colourful
        part: xc7z020clg400-1
        dsp: 220
        bram18: 280
        lut: 53200
        ff: 106400
        axi_port_bits: 256
        clock_mhz: 100
        colour: red
        """;

    public const string SmallSpace = """
        name: small
        tm: [40, 70, 100]
        tr: [32, 64]
        tc: [32, 64]
        weight_lanes: [6, 18]
        input_lanes: [6, 10]
        output_lanes: [6]
        """;

    public const string SpaceSyntaxError = """
        name: broken
        tm: [8, 16
        """;
}

/// <summary>Keeps the environment from adding devices to every run.</summary>
[SetUpFixture]
public sealed class CliTestEnvironment
{
    [OneTimeSetUp]
    public void ClearDevicePath() => Environment.SetEnvironmentVariable("ZOOFORGE_DEVICES", null);
}
