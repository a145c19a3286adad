using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Process-wide TorchSharp settings that make training and evaluation repeatable: a fixed
/// thread count, because floating-point reductions split differently across thread counts.
/// (TorchSharp 0.107 does not implement <c>use_deterministic_algorithms</c>; the CPU kernels
/// used here are deterministic for a fixed thread count, which the tests check by training
/// twice.) Every entry point of this project calls <see cref="Configure"/>; it also turns off
/// libtorch's oneDNN convolutions, which are wrong for channel counts that are not a multiple of
/// the CPU's SIMD block (<see cref="OneDnnSwitch"/>). <see cref="EnsureCorrectKernels"/> does only
/// the latter, for code that must not change the thread count.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Threads used by default: the two cores of the reference machine.</summary>
    public const int DefaultThreads = 2;

    private static readonly object Gate = new();
    private static int _configuredThreads;

    private static int? _fixed;
    private static volatile bool _kernelsChecked;

    /// <summary>
    /// Fixes the thread count of this process (<c>zooforge worker --threads</c>): every later
    /// <see cref="Configure"/> keeps it, whatever count its caller asks for, so local workers
    /// share the cores instead of each taking the default.
    /// </summary>
    public static void Fix(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (Gate) _fixed = threads;
        Configure(threads);
    }

    /// <summary>Sets the thread count (unless <see cref="Fix"/> fixed it); cheap to call repeatedly.</summary>
    public static void Configure(int threads = DefaultThreads)
    {
        EnsureCorrectKernels();
        lock (Gate)
        {
            threads = _fixed ?? threads;
            if (_configuredThreads == threads) return;
            set_num_threads(threads);
            _configuredThreads = threads;
        }
    }

    /// <summary>Whether libtorch may use its oneDNN kernels (false once <see cref="EnsureCorrectKernels"/> ran).</summary>
    public static bool OneDnnEnabled => OneDnnSwitch.IsEnabled;

    /// <summary>Whether libtorch may probe its NNPACK kernels (false once <see cref="EnsureCorrectKernels"/> ran).</summary>
    public static bool NnpackEnabled => OneDnnSwitch.NnpackEnabled;

    /// <summary>
    /// Makes sure libtorch's oneDNN convolutions are off (<see cref="OneDnnSwitch"/>) before any
    /// convolution runs; cheap to call repeatedly. Called by <see cref="Configure"/> and by every
    /// class that runs a torch convolution.
    /// </summary>
    public static void EnsureCorrectKernels()
    {
        if (_kernelsChecked) return;
        lock (Gate)
        {
            if (_kernelsChecked) return;
            OneDnnSwitch.Disable();
            _kernelsChecked = true;
        }
    }
}
