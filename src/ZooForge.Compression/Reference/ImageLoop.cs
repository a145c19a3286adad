using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;

namespace ZooForge.Compression.Reference;

/// <summary>Runs a body over the first N images of a dataset in parallel, reporting failures deterministically.</summary>
internal static class ImageLoop
{
    /// <summary>
    /// Calls <paramref name="body"/> for images [0, <paramref name="count"/>) in parallel. If any
    /// image fails, the failure of the lowest image index is rethrown; a
    /// <see cref="QuantizationException"/> is prefixed with the dataset and image index.
    /// </summary>
    public static void Run(ImageDataset data, int count, Action<int> body)
    {
        var failures = new ConcurrentBag<(int Index, Exception Error)>();
        Parallel.For(0, count, (i, state) =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures.Add((i, e));
                state.Stop();
            }
        });
        if (failures.IsEmpty) return;
        var (index, error) = failures.MinBy(f => f.Index);
        if (error is QuantizationException q) throw new QuantizationException($"dataset '{data.Name}', image {index}: {q.Message}", q);
        ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>As <see cref="Run(ImageDataset, int, Action{int})"/> with per-thread state merged at the end.</summary>
    public static void Run<TLocal>(ImageDataset data, int count, Func<TLocal> create, Action<int, TLocal> body, Action<TLocal> merge)
    {
        var locals = new ConcurrentBag<TLocal>();
        var local = new ThreadLocal<TLocal>(() =>
        {
            var l = create();
            locals.Add(l);
            return l;
        });
        try
        {
            Run(data, count, i => body(i, local.Value!));
        }
        finally
        {
            local.Dispose();
        }
        foreach (var l in locals) merge(l);
    }
}
