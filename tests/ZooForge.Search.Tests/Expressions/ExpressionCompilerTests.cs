using ZooForge.Search.Expressions;

namespace ZooForge.Search.Tests.Expressions;

public class ExpressionCompilerTests
{
    private static readonly Dictionary<string, double> M = new()
    {
        ["accuracy"] = 0.98, ["latency_ms"] = 4, ["energy_mj"] = 2, ["dsp"] = 2000, ["bram18"] = 100, ["lut"] = 1e5, ["mmacs"] = 3, ["weight_kib"] = 40,
    };

    [TestCase("latency_ms <= 5", 1)]
    [TestCase("latency_ms <= 3", 0)]
    [TestCase("accuracy - 0.3 * energy_mj", 0.98 - 0.6)]
    [TestCase("max(latency_ms, 2 * energy_mj) / 2", 2)]
    [TestCase("min(1, abs(-3)) + log(exp(2))", 3)]
    [TestCase("latency_ms <= 5 && !(dsp > 2520) || accuracy < 0.5", 1)]
    [TestCase("-(accuracy) + +1e-2", -0.97)]
    [TestCase("(latency_ms == 4) && (mmacs != 2)", 1)]
    public void Evaluates_the_allowed_subset(string text, double expected) =>
        Assert.That(ExpressionCompiler.Compile(text).Evaluate(M), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Reports_the_metrics_it_reads_and_whether_they_are_hardware_only()
    {
        var hardware = ExpressionCompiler.Compile("latency_ms <= 5 && dsp < 100");
        var withAccuracy = ExpressionCompiler.Compile("accuracy - energy_mj");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hardware.Metrics, Is.EquivalentTo(new[] { "dsp", "latency_ms" }));
            Assert.That(hardware.IsHardwareOnly, Is.True);
            Assert.That(withAccuracy.IsHardwareOnly, Is.False);
        }
    }

    // The column is 1-based and points at the offending token.
    [TestCase("latency_ms <= System.IO.File.Delete(\"x\")", 15, "'System'")]
    [TestCase("latncy_ms <= 5", 1, "unknown name 'latncy_ms'")]
    [TestCase("accuracy + \"a\"", 12, "'\"a\"'")]
    [TestCase("sqrt(accuracy)", 1, "'sqrt' is not an allowed function")]
    [TestCase("latency_ms << 2", 12, "'<<'")]
    [TestCase("max(accuracy)", 1, "takes 2 argument(s)")]
    [TestCase("accuracy ? 1 : 0", 10, "'?'")]
    [TestCase("new object()", 1, "'new'")]
    [TestCase("x => x", 1, "'x'")]
    [TestCase("accuracy + (latency_ms < 3)", 10, "'+' needs numbers")]
    [TestCase("latency_ms = 3", 12, "'='")]
    [TestCase("typeof(int)", 1, "'typeof'")]
    public void Rejects_anything_else_naming_the_token_and_its_column(string text, int column, string fragment)
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionCompiler.Compile(text));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e!.Column, Is.EqualTo(column), e.Message);
            Assert.That(e.Message, Does.Contain(fragment));
            Assert.That(e.Message, Does.Contain($"column {column}"));
        }
    }

    [TestCase("latency_ms <=")]
    [TestCase("(accuracy")]
    [TestCase("accuracy accuracy")]
    public void Syntax_errors_name_their_column(string text)
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionCompiler.Compile(text));
        Assert.That(e!.Message, Does.Contain("syntax error at column"));
    }

    [Test]
    public void Constraints_must_be_conditions_and_objectives_numbers()
    {
        Assert.Throws<ExpressionException>(() => ExpressionCompiler.CompileCondition("accuracy"));
        Assert.Throws<ExpressionException>(() => ExpressionCompiler.CompileNumber("accuracy > 0.9"));
    }
}
