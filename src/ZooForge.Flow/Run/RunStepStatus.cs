namespace ZooForge.Flow.Run;

/// <summary>The steps of a run, in order; <c>run.json</c> records them by these names.</summary>
public enum RunStepName
{
    /// <summary>The co-search.</summary>
    Search,
    /// <summary>The check of the chosen design (HLS csim, RTL simulation, synthesis).</summary>
    Check,
    /// <summary>The Markdown and HTML report.</summary>
    Report,
}

/// <summary>How a finished step of a run ended.</summary>
public enum RunStepStatus
{
    /// <summary>It produced what it should (a chosen design, a passing check).</summary>
    Passed,
    /// <summary>It ran but did not (nothing feasible, a failing check step).</summary>
    Failed,
}
