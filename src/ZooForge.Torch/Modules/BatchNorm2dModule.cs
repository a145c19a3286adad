using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZooForge.Torch.Modules;

/// <summary>
/// Batch normalization over channels with torch's semantics (momentum 0.1, epsilon 1e-5,
/// biased batch variance for normalising, unbiased for the running estimate), built on the
/// functional <c>batch_norm</c>. TorchSharp's own module also counts batches in an int64
/// buffer that it updates with a scalar add; under a per-batch dispose scope that buffer was
/// corrupted after a few hundred batches ("argument alpha must not be a floating point
/// number"). The count is only used when momentum is unset, so this module omits it.
/// </summary>
internal sealed class BatchNorm2dModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Torch's default epsilon, which the IR assumes.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>Torch's default running-average momentum.</summary>
    public const double Momentum = 0.1;

    public BatchNorm2dModule(long channels) : base(nameof(BatchNorm2dModule))
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
    }

    // Field names follow torch's state_dict keys.
#pragma warning disable IDE1006
    public Parameter weight { get; }
    public Parameter bias { get; }
    public Tensor running_mean { get; }
    public Tensor running_var { get; }
#pragma warning restore IDE1006

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
}
