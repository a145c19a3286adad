using System.Diagnostics;

namespace ZooForge.Flow.Check;

/// <summary>Runs check steps in order, timing each and skipping those whose prerequisites did not pass.</summary>
public static class CheckRunner
{
    /// <summary>Runs <paramref name="steps"/>; <paramref name="progress"/> hears each result as it finishes.</summary>
    public static CheckReport Run(IReadOnlyList<ICheckStep> steps, CheckContext context, Action<CheckStepResult>? progress = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
            if (!names.Add(step.Name)) throw new ArgumentException($"two check steps are named '{step.Name}'");
        var results = new List<CheckStepResult>();
        var passed = new HashSet<Type>();
        // A prerequisite is named in a skip message by the step of that kind in this list.
        var nameOfKind = steps.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.First().Name);
        foreach (var step in steps)
        {
            CheckStepResult result;
            var missing = step.Prerequisites.Where(p => !passed.Contains(p)).Select(p => nameOfKind.GetValueOrDefault(p, p.Name)).ToList();
            if (missing.Count > 0)
            {
                result = new CheckStepResult(step.Name, CheckStatus.Skipped, TimeSpan.Zero,
                    $"not run: {string.Join(", ", missing)} did not pass", new SortedDictionary<string, double>(StringComparer.Ordinal));
            }
            else
            {
                var clock = Stopwatch.StartNew();
                CheckOutcome outcome;
                try
                {
                    outcome = step.Run(context);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    outcome = CheckOutcome.Fail(e.Message.ReplaceLineEndings(" "));
                }
                result = new CheckStepResult(step.Name, outcome.Passed ? CheckStatus.Passed : CheckStatus.Failed, clock.Elapsed,
                    outcome.Message, outcome.Metrics);
                if (outcome.Passed) passed.Add(step.Kind);
            }
            results.Add(result);
            progress?.Invoke(result);
        }
        return new CheckReport(context.Design.Name, results);
    }
}
