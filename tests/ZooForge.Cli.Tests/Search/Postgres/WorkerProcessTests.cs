using System.Diagnostics;
using ZooForge.Flow.Search;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Cli.Tests.Search.Postgres;

/// <summary>
/// Real <c>zooforge worker</c> processes on a real server, one of them killed with SIGKILL in the
/// middle of a trial. The study is the hardware-only EDP problem with a simulated evaluation
/// time, so a trial lasts long enough to be killed in and nothing needs MNIST.
/// </summary>
[Category("Postgres")]
public class WorkerProcessTests : ScratchFolderFixture
{
    private const int Budget = 8;

    // A stale grace many heartbeats long, so a live worker on a loaded machine is never taken for dead.
    private static readonly WorkerSettings Settings = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), MaxRetry: 2);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private Process StartWorker(string url, string study)
    {
        var process = Process.Start(LocalWorkers.Start(PostgresLocation.Parse(url, "test"), study, PathIn("worker"), null, null))!;
        // Drained so a full pipe never blocks the worker.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string WorkerId(Process process) => $"{Environment.MachineName}:{process.Id}";

    private static void Poll(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout) Assert.Fail($"timed out after {Timeout.TotalSeconds:0} s waiting for {what}");
            Thread.Sleep(50);
        }
    }

    [Test]
    public void A_worker_killed_mid_trial_loses_nothing_its_trial_is_failed_as_stale_and_retried_and_a_new_worker_finishes_the_study()
    {
        string url = PostgresServer.Current.CreateDatabase();
        using var store = PostgresTrialStore.Open(url, "killed");
        StudyWorkers.CreateEdp(store, "random", 3, Budget, TimeSpan.FromMilliseconds(1500), Settings);

        using var victim = StartWorker(url, "killed");
        using var survivor = StartWorker(url, "killed");
        Poll(() => store.Workers().Any(w => w.Worker == WorkerId(victim) && w.Running == 1), "the victim to hold a running trial");
        int killedTrial = store.StudyTrials().Single(t => t.Outcome is null && t.Worker == WorkerId(victim)).Number;
        victim.Kill(); // SIGKILL: no clean-up, no last heartbeat
        victim.WaitForExit();
        using var newcomer = StartWorker(url, "killed");

        Assert.That(survivor.WaitForExit(Timeout) && newcomer.WaitForExit(Timeout), Is.True, "the workers finished");
        Assert.That((survivor.ExitCode, newcomer.ExitCode), Is.EqualTo((0, 0)));

        var trials = store.StudyTrials();
        var proposals = StudyReplay.Proposals(trials);
        var killed = trials.Single(t => t.Number == killedTrial);
        var retry = trials.Single(t => t.RetryOf == killedTrial);
        Assert.That(trials.Select(t => t.Number), Is.EqualTo(Enumerable.Range(0, trials.Count)), "gap-free numbers");
        Assert.That(proposals, Has.Count.EqualTo(Budget), "the retry took no budget");
        Assert.That(proposals.All(p => p.Outcome is not null), Is.True, "every proposal has its final outcome");
        Assert.That(store.Unfinished(), Is.Zero);
        Assert.That((killed.Outcome!.Status, killed.Outcome.FailureKind), Is.EqualTo((TrialStatus.Failed, (string?)TrialFailures.Stale)));
        Assert.That(killed.Outcome.Note, Does.Contain(WorkerId(victim)));
        Assert.That((retry.Key, retry.Seed, retry.Attempt), Is.EqualTo((killed.Key, killed.Seed, 1)), "retried with the same genes and seed");
        Assert.That(retry.Outcome!.Status, Is.Not.EqualTo(TrialStatus.Failed));
        // Every stale failure (a loaded machine could make more than the killed one) was retried.
        Assert.That(trials.Where(t => t.Outcome?.FailureKind == TrialFailures.Stale).All(t => trials.Any(r => r.RetryOf == t.Number)), Is.True);
        Assert.That(retry.Worker, Is.AnyOf(WorkerId(survivor), WorkerId(newcomer)), "a live worker ran the retry");
        Assert.That(store.Workers().Single(w => w.Worker == WorkerId(victim)).Running, Is.Zero, "nothing is left running under the dead worker");
    }
}
