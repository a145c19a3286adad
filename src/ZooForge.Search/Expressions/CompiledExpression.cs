namespace ZooForge.Search.Expressions;

/// <summary>
/// An allowlisted expression turned into a delegate over metric values. Booleans are
/// represented as 1 and 0 internally; <see cref="IsCondition"/> says which kind the whole
/// expression is.
/// </summary>
public sealed class CompiledExpression
{
    private readonly Func<IReadOnlyDictionary<string, double>, double> _evaluate;

    internal CompiledExpression(string text, bool isCondition, IReadOnlySet<string> metrics, Func<IReadOnlyDictionary<string, double>, double> evaluate)
    {
        Text = text;
        IsCondition = isCondition;
        Metrics = metrics;
        _evaluate = evaluate;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>True for a comparison or logical expression (a constraint), false for a number (an objective).</summary>
    public bool IsCondition { get; }

    /// <summary>The metric names the expression reads.</summary>
    public IReadOnlySet<string> Metrics { get; }

    /// <summary>Whether every metric it reads is known after fast exploration.</summary>
    public bool IsHardwareOnly => Metrics.All(ZooForge.Search.Expressions.Metrics.IsHardware);

    /// <summary>The numeric value (1 or 0 for a condition).</summary>
    /// <exception cref="KeyNotFoundException">A metric it reads is missing from <paramref name="metrics"/>.</exception>
    public double Evaluate(IReadOnlyDictionary<string, double> metrics) => _evaluate(metrics);

    /// <summary>Whether a condition holds.</summary>
    public bool Holds(IReadOnlyDictionary<string, double> metrics) => _evaluate(metrics) != 0;

    /// <inheritdoc />
    public override string ToString() => Text;
}
