namespace ZooForge.Flow.Check;

/// <summary>
/// One named step of <c>zooforge check</c> (render, lint, a simulation, a synthesis, ...). Steps
/// run in list order; a step whose prerequisites did not pass is reported as skipped, which
/// fails the check. New kinds of steps (HLS emit, g++ csim) implement this interface and are
/// added to the list.
/// </summary>
public interface ICheckStep
{
    /// <summary>Unique name, e.g. <c>rtl.lint</c>; also the JUnit test-case name.</summary>
    string Name { get; }

    /// <summary>The kinds of step (<see cref="Kind"/>) that must have passed before this one can run.</summary>
    IReadOnlyList<Type> Prerequisites { get; }

    /// <summary>
    /// The kind of step this is, for other steps' <see cref="Prerequisites"/>: its own type, unless
    /// it stands in for another step (a test's corrupting render is still the render).
    /// </summary>
    Type Kind => GetType();

    /// <summary>Runs the step. Throwing is a failure whose message is the exception's.</summary>
    CheckOutcome Run(CheckContext context);
}

/// <summary>What a step found.</summary>
/// <param name="Passed">Whether the step passed.</param>
/// <param name="Message">One line for people.</param>
/// <param name="Metrics">Figures (cycles, LUTs, ...), by name.</param>
public sealed record CheckOutcome(bool Passed, string Message, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>A pass.</summary>
    public static CheckOutcome Pass(string message, IReadOnlyDictionary<string, double>? metrics = null) =>
        new(true, message, metrics ?? new SortedDictionary<string, double>(StringComparer.Ordinal));

    /// <summary>A failure.</summary>
    public static CheckOutcome Fail(string message, IReadOnlyDictionary<string, double>? metrics = null) =>
        new(false, message, metrics ?? new SortedDictionary<string, double>(StringComparer.Ordinal));
}

/// <summary>Status of a step in the report.</summary>
public enum CheckStatus
{
    /// <summary>Ran and passed.</summary>
    Passed,
    /// <summary>Ran and failed (or threw).</summary>
    Failed,
    /// <summary>Not run because a prerequisite did not pass; counts as a failure.</summary>
    Skipped,
}

/// <summary>One step's line in the report.</summary>
/// <param name="Name">Step name.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="Message">One line.</param>
/// <param name="Metrics">Figures by name.</param>
public sealed record CheckStepResult(string Name, CheckStatus Status, TimeSpan Duration, string Message, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The whole check.</summary>
/// <param name="Design">Design name.</param>
/// <param name="Steps">Every step, in order.</param>
public sealed record CheckReport(string Design, IReadOnlyList<CheckStepResult> Steps)
{
    /// <summary>True when every step passed.</summary>
    public bool Passed => Steps.All(s => s.Status == CheckStatus.Passed);
}
