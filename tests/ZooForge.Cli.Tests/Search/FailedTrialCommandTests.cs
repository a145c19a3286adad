using System.Runtime.InteropServices;
using System.Text.Json;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Flow.Search;
using ZooForge.Search.Engine;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Space;
using ZooForge.Search.Store;

namespace ZooForge.Cli.Tests.Search;

/// <summary>
/// Failed trials end to end, with the real TorchSharp evaluator: a diverging fine-tune fails its
/// trial and not the search, the store and report are written, and resume replays the failures.
/// </summary>
[Category("Data")]
public class FailedTrialCommandTests : ScratchFolderFixture
{
    // No pruning (every lenet5 candidate meets 1 ms), so every trial is trained.
    private string Config(string evaluation) => SearchConfigs.Write(ScratchFolder,
        SearchConfigs.Tiny("latency_ms <= 1").Replace("evaluation: {fine_tune_batches: 2, validation_images: 50, calibration_images: 32}", evaluation));

    private static List<TrialRecord> Stored(string folder)
    {
        using var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        return store.Trials();
    }

    [Test]
    public void A_learning_rate_of_1e6_fails_every_trial_with_a_non_finite_reason_and_resume_replays_them()
    {
        string config = Config("evaluation: {fine_tune_batches: 4, validation_images: 50, calibration_images: 32, learning_rate: 1e6}");
        string run = PathIn("run");
        var result = CliRunner.Run("search", "--config", config, "--budget", "3", "--strategy", "random", "--out", run);
        var first = Stored(run);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Code, Is.EqualTo(ErrorReporter.BadInput));
            Assert.That(result.ErrorLines.Last(), Does.StartWith("zooforge: error: every trial failed (3 of 3); commonest reason: non-finite value (3 trials)"));
            Assert.That(result.ErrorLines.Last(), Does.Contain("diverged"));
            Assert.That(first.Select(t => (t.Status, t.FailureKind)), Is.All.EqualTo((TrialStatus.Failed, TrialFailures.NonFinite)));
            Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("## Failed trials (3)"));
            Assert.That(File.Exists(Path.Combine(run, "design.yaml")), Is.False);
        }

        var resumed = CliRunner.Run("search", "--resume", run, "--budget", "4", "--json");
        var all = Stored(run);
        using var json = JsonDocument.Parse(resumed.Stdout);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resumed.Code, Is.EqualTo(ErrorReporter.BadInput));
            Assert.That(all, Has.Count.EqualTo(4));
            // Replayed, not rerun: the stored records of the first three are unchanged, wall times included.
            Assert.That(all.Take(3).Select(t => (t.Key, t.Note, t.SlowSeconds)), Is.EqualTo(first.Select(t => (t.Key, t.Note, t.SlowSeconds))));
            Assert.That(json.RootElement.GetProperty("failed").GetInt32(), Is.EqualTo(4));
            Assert.That(json.RootElement.GetProperty("failed_trials")[0].GetProperty("kind").GetString(), Is.EqualTo(TrialFailures.NonFinite));
        }
    }

    /// <summary>Throws a native-looking error on its <c>n</c>-th call, otherwise defers to the real evaluator.</summary>
    private sealed class ThrowOnCall(IAccuracyEvaluator inner, int n) : IAccuracyEvaluator
    {
        private int _calls;
        public AccuracyOutcome Evaluate(Candidate candidate, long seed) =>
            ++_calls == n ? throw new ExternalException("libtorch: simulated allocator failure") : inner.Evaluate(candidate, seed);
        public (int Correct, int Total) UncompressedAccuracy(string model) => inner.UncompressedAccuracy(model);
    }

    [Test]
    public void One_throwing_trial_is_in_the_store_the_report_and_the_json_and_the_search_completes()
    {
        string config = Config("evaluation: {fine_tune_batches: 2, validation_images: 50, calibration_images: 32}");
        using var session = SearchSession.Create(PathIn("run"), config, 1, "random", 5, null);
        session.WrapEvaluator = e => new ThrowOnCall(e, 2);
        SearchRun.CheckFeasible(session);
        var lines = new List<string>();
        var summary = SearchRun.Execute(session, progress: new LineCollector(lines));
        string json = JsonSerializer.Serialize(SearchJson.From(summary, session.Folder));
        var failed = Stored(session.Folder).Where(t => t.Status == TrialStatus.Failed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Trials, Has.Count.EqualTo(5));
            Assert.That(failed.Count(t => !t.Cached), Is.EqualTo(1));
            Assert.That(failed[0].FailureKind, Is.EqualTo(TrialFailures.Native));
            Assert.That(summary.Chosen, Is.Not.Null, "the other trials completed and one was chosen");
            Assert.That(summary.EveryTrialFailed, Is.Null);
            Assert.That(File.ReadAllText(Path.Combine(session.Folder, "report.md")), Does.Contain("libtorch: simulated allocator failure"));
            Assert.That(json, Does.Contain("\"failed_trials\":[{\"trial\":" + failed[0].Index));
            Assert.That(json, Does.Contain("libtorch: simulated allocator failure"));
            Assert.That(string.Join("\n", lines), Does.Contain("(native error: libtorch: simulated allocator failure)"));
        }
    }

    private sealed class LineCollector(List<string> lines) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => lines.Add(SearchProgressDisplay.Line(value));
    }
}
