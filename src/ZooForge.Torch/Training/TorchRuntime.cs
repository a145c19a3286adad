using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Process-wide TorchSharp settings that make training and evaluation repeatable: a fixed
/// thread count, because floating-point reductions split differently across thread counts.
/// (TorchSharp 0.107 does not implement <c>use_deterministic_algorithms</c>; the CPU kernels
/// used here are deterministic for a fixed thread count, which the tests check by training
/// twice.) Every entry point of this project calls <see cref="Configure"/>.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Threads used by default: the two cores of the reference machine.</summary>
    public const int DefaultThreads = 2;

    private static readonly object Gate = new();
    private static int _configuredThreads;

    /// <summary>Sets the thread count; cheap to call repeatedly.</summary>
    public static void Configure(int threads = DefaultThreads)
    {
        lock (Gate)
        {
            if (_configuredThreads == threads) return;
            set_num_threads(threads);
            _configuredThreads = threads;
        }
    }
}
