using System.Globalization;
using TorchSharp.Modules;
using ZooForge.Graph.Model;
using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Keeps one training run finite: after each backward pass it clips the gradients' global L2 norm
/// (when a limit is set) and tells the caller to skip the step when the loss or the gradient norm is
/// NaN or infinite, or the loss is above <see cref="LossCeiling"/>, so one bad batch never reaches
/// the weights. A run in which more than half of the steps had to be skipped has diverged: <see cref="Finish"/> then throws, naming the phase,
/// the first bad batch and the count, so the search records the trial as failed.
/// </summary>
internal sealed class StepGuard
{
    private readonly List<Parameter> _parameters;
    private readonly double _clipNorm;
    private readonly string _phase;
    private int _firstSkipped = -1;

    /// <summary>
    /// A cross-entropy above this many nats means the true class's probability is below e^−1000:
    /// only weights that have blown up (while still finite, e.g. under clipped steps at a huge
    /// learning rate) produce it, and stepping from there only overflows later.
    /// </summary>
    public const float LossCeiling = 1000;

    /// <summary>
    /// A fine-tune whose weights' global L2 norm grows beyond this factor of the pretrained norm has
    /// left the hot start behind: healthy fine-tunes of the zoo move it by a few percent. Under the
    /// fake-quant forward the logits are clamped to calibrated ranges, so such a run never shows a
    /// non-finite loss; its weights are what blows up.
    /// </summary>
    public const double WeightGrowthLimit = 10;

    private readonly double _initialNorm;

    /// <summary>
    /// Guards the steps of <paramref name="phase"/> over <paramref name="parameters"/>;
    /// <paramref name="clipNorm"/> null leaves gradients unclipped. With
    /// <paramref name="fineTune"/> the weights' norm is also held to <see cref="WeightGrowthLimit"/>
    /// times its starting value.
    /// </summary>
    public StepGuard(IEnumerable<Parameter> parameters, double? clipNorm, string phase, bool fineTune)
    {
        _parameters = parameters.ToList();
        _initialNorm = fineTune ? WeightNorm() : double.NaN;
        // An infinite limit still yields the norm (and multiplies by at most 1, which changes nothing).
        _clipNorm = clipNorm ?? double.PositiveInfinity;
        _phase = phase;
    }

    /// <summary>Steps seen.</summary>
    public int Steps { get; private set; }

    /// <summary>Steps skipped because the loss or the gradients were not finite.</summary>
    public int Skipped { get; private set; }

    /// <summary>Steps whose gradients were scaled down to the clipping limit.</summary>
    public int Clipped { get; private set; }

    /// <summary>Largest finite gradient norm seen (before clipping).</summary>
    public double MaxGradientNorm { get; private set; }

    /// <summary>
    /// Call after <c>loss.backward()</c>: clips the gradients and returns whether the optimizer
    /// may step. When it returns false the gradients have been zeroed.
    /// </summary>
    public bool AllowStep(float loss, int batch)
    {
        Steps++;
        double norm = IsUsable(loss) ? nn.utils.clip_grad_norm_(_parameters, _clipNorm) : double.NaN;
        if (double.IsFinite(norm))
        {
            MaxGradientNorm = Math.Max(MaxGradientNorm, norm);
            if (norm > _clipNorm) Clipped++;
            return true;
        }
        Skipped++;
        if (_firstSkipped < 0) _firstSkipped = batch;
        using var noGrad = no_grad();
        foreach (var p in _parameters)
            if (p.grad is { } g) g.zero_();
        return false;
    }

    /// <summary>
    /// Call after an optimizer step of a fine-tune: throws a <see cref="NonFiniteValueException"/>
    /// when the weights' norm is no longer finite or has grown beyond <see cref="WeightGrowthLimit"/>.
    /// </summary>
    public void CheckWeights(int batch)
    {
        if (double.IsNaN(_initialNorm)) return;
        double norm = WeightNorm();
        if (double.IsFinite(norm) && norm <= WeightGrowthLimit * Math.Max(_initialNorm, 1e-12)) return;
        throw new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"{_phase} diverged: the weights' L2 norm grew from {_initialNorm:G4} to {norm:G4} (more than {WeightGrowthLimit}x) at batch {batch}; lower evaluation.learning_rate or set evaluation.gradient_clip"));
    }

    private double WeightNorm()
    {
        using var noGrad = no_grad();
        double sum = 0;
        foreach (var p in _parameters)
        {
            using var n = p.detach().to_type(ScalarType.Float64).square().sum();
            sum += n.item<double>();
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Whether a step with this loss may be back-propagated at all.</summary>
    public static bool IsUsable(float loss) => float.IsFinite(loss) && loss <= LossCeiling;

    /// <summary>Throws a <see cref="NonFiniteValueException"/> when more than half of the steps were skipped.</summary>
    public void Finish()
    {
        if (Skipped * 2 <= Steps) return;
        throw new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"{_phase} diverged: {Skipped} of {Steps} steps had a non-finite gradient or a loss that was non-finite or above {LossCeiling} (first at batch {_firstSkipped}); lower evaluation.learning_rate or set evaluation.gradient_clip"));
    }
}
