using System.Runtime.InteropServices;

namespace ZooForge.Torch.Training;

/// <summary>
/// Turns off libtorch's oneDNN (MKL-DNN) convolutions for the process, as PyTorch's
/// <c>torch.backends.mkldnn.enabled = False</c> does; TorchSharp 0.107 has no binding for it, so
/// this calls libtorch's exported <c>at::globalContext().setUserEnabledMkldnn(bool)</c> directly.
/// </summary>
/// <remarks>
/// Why: the oneDNN v3.7.1 inside libtorch-cpu 2.10 computes float32 convolutions wrongly when a
/// channel count is not a multiple of its SIMD block and must be padded to it (16 channels with
/// AVX-512, 8 with AVX2): outputs are off by up to about 1 for values of order 1 and some batches come
/// out NaN, in the forward pass (input channels) and in the backward pass (output channels), so
/// the error changes from run to run. mnist_vgg with a quarter of
/// <c>features.7</c> cut has 24 channels there, and on an AVX-512 machine the batch-norm
/// re-estimation recorded NaN statistics and the first fine-tuning steps had losses above the
/// guard's ceiling. Without oneDNN, libtorch falls back to its own im2col + GEMM convolution,
/// which matches a float64 computation to float32 rounding for every channel count.
/// </remarks>
internal static class OneDnnSwitch
{
    private const string Library = "libtorch_cpu";

    [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledNnpack(IntPtr context);

    /// <summary>Whether libtorch may currently use oneDNN kernels.</summary>
    public static bool IsEnabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>Whether libtorch may currently try NNPACK kernels.</summary>
    public static bool NnpackEnabled => UserEnabledNnpack(GlobalContext());

    /// <summary>
    /// Disables oneDNN and checks that libtorch took the setting. NNPACK goes too: without oneDNN it
    /// is the next convolution backend libtorch probes, and on a CPU it does not support the probe
    /// prints "Could not initialize NNPACK" on every convolution (it never computes there, so no
    /// result changes).
    /// </summary>
    /// <exception cref="InvalidOperationException">libtorch still reports oneDNN or NNPACK enabled.</exception>
    public static void Disable()
    {
        var context = GlobalContext();
        SetUserEnabledMkldnn(context, false);
        SetUserEnabledNnpack(context, false);
        if (UserEnabledMkldnn(context) || UserEnabledNnpack(context))
            throw new InvalidOperationException("libtorch ignored the request to disable its oneDNN and NNPACK convolutions");
    }
}
