namespace ZooForge.Graph.Model;

/// <summary>
/// A weight, statistic or training quantity holds a NaN or an infinity. Raised where the value is
/// found (weight validation, a diverging fine-tune), so that the search can record the trial that
/// produced it as failed instead of stopping; the message names the tensor or the step.
/// </summary>
public sealed class NonFiniteValueException(string message) : GraphException(message);
