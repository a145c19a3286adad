using ZooForge.Data.Mnist;
using ZooForge.Emit;
using ZooForge.Emit.Csim;

namespace ZooForge.Flow.Bench;

/// <summary>
/// Per default design: wall time of <c>zooforge emit</c> with 200 golden digits, of the g++
/// build of its csim, and of the csim run over those digits (which also checks every op bit for
/// bit; a mismatch is an error, not a figure). Printed, never asserted.
/// </summary>
public static class EmitBenchmark
{
    /// <summary>Golden digits per design.</summary>
    public const int Images = 200;

    /// <summary>The figures of every default design; <paramref name="progress"/> hears what is being measured.</summary>
    public static IEnumerable<BenchFigure> Run(Action<string>? progress = null)
    {
        var digits = MnistSplit.Default().Validation;
        foreach (var folder in Directory.GetDirectories(HlsEmitter.DefaultDesignsFolder).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            progress?.Invoke($"emit, build and csim, {name}");
            string output = Path.Combine(Path.GetTempPath(), $"zooforge-bench-{name}-{Environment.ProcessId}");
            try
            {
                var emitted = HlsEmitter.Emit(Path.Combine(folder, "design.yaml"), output, new EmitOptions { Force = true, Images = Images, Digits = digits });
                yield return new BenchFigure($"emit ({name})", emitted.Elapsed.TotalMilliseconds, "ms",
                    $"design to project, {emitted.Model.Layers.Count} layers, {Images} golden digits in tb_data/");
                var build = CsimRunner.Build(output);
                if (build.Code != 0) throw new EmitException($"{name}: make failed: {build.Stderr.Trim()}");
                yield return new BenchFigure($"g++ build ({name})", build.Elapsed.TotalMilliseconds, "ms", $"make with {CsimRunner.StrictFlags}");
                var csim = CsimRunner.Run(output, name);
                if (csim.Code != 0) throw new EmitException($"{name}: csim failed: {csim.Stdout.Trim()}");
                yield return new BenchFigure($"csim per digit ({name})", csim.Elapsed.TotalMilliseconds / Images, "ms",
                    $"g++ csim over {Images} digits, every op compared with the golden vectors");
            }
            finally
            {
                if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            }
        }
    }
}
