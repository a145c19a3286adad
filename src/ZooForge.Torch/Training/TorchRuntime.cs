using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Process-wide TorchSharp settings that make training and evaluation repeatable: a fixed
/// thread count (floating-point reductions split differently across thread counts) and
/// deterministic kernels. Every entry point of this project calls <see cref="Configure"/>.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Threads used by default: the two cores of the reference machine.</summary>
    public const int DefaultThreads = 2;

    private static readonly object Gate = new();
    private static int _configuredThreads;

    /// <summary>Sets the thread count and deterministic algorithms; cheap to call repeatedly.</summary>
    public static void Configure(int threads = DefaultThreads)
    {
        lock (Gate)
        {
            if (_configuredThreads == threads) return;
            set_num_threads(threads);
            use_deterministic_algorithms(true);
            _configuredThreads = threads;
        }
    }
}
