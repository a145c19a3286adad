using TorchSharp;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Search;

/// <summary>
/// HotNAS's REINFORCE controller: an LSTM cell unrolled once per gene, with one softmax head per
/// gene; the sampled value of each gene is embedded and fed to the next step. After each trial
/// the policy gradient −(R − b)·Σ log π(choice) is applied with Adam, against an
/// exponential-moving-average baseline b. Sampling uses its own seeded generator and the
/// parameters start from a seeded initialisation, so the same seed and rewards give the same
/// proposals (the trial store relies on it to resume).
/// </summary>
public sealed class ReinforceStrategy : ISearchStrategy, IDisposable
{
    private readonly SearchSpace _space;
    private readonly Controller _controller;
    private readonly optim.Optimizer _optimizer;
    private readonly Random _random;
    private readonly double _baselineDecay;
    private double? _baseline;
    private Candidate? _pending;

    /// <summary>Creates a controller for <paramref name="space"/>.</summary>
    /// <param name="space">The genes.</param>
    /// <param name="seed">Seed of the initial parameters and of sampling.</param>
    /// <param name="hidden">LSTM width.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <param name="baselineDecay">EMA decay of the reward baseline.</param>
    public ReinforceStrategy(SearchSpace space, long seed, int hidden = 32, double learningRate = 0.01, double baselineDecay = 0.9)
    {
        TorchRuntime.Configure();
        _space = space;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        _baselineDecay = baselineDecay;
        manual_seed(seed);
        _controller = new Controller(space.Genes.Select(g => g.Values.Count).ToArray(), hidden);
        _optimizer = optim.Adam(_controller.parameters(), learningRate);
    }

    /// <inheritdoc />
    public string Name => "rl";

    /// <summary>The current reward baseline (null before the first reward).</summary>
    public double? Baseline => _baseline;

    /// <inheritdoc />
    public Candidate Propose()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var choices = _controller.Sample(_random);
        return _pending = _space.Create(choices);
    }

    /// <inheritdoc />
    public void Observe(Candidate candidate, Observation observation)
    {
        double reward = observation.Reward;
        // The candidate may differ from the last proposal: a distributed search replays the stored
        // candidate of a proposal made while other trials were pending (StudyReplay).
        if (_pending is null) throw new InvalidOperationException("Observe must follow Propose");
        _pending = null;
        _baseline = _baseline is { } b ? _baselineDecay * b + (1 - _baselineDecay) * reward : reward;
        double advantage = reward - _baseline.Value;
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var logProbability = _controller.LogProbability(candidate.Choices);
        var loss = -advantage * logProbability;
        loss.backward();
        _optimizer.step();
    }

    /// <inheritdoc />
    public void Dispose() => _controller.Dispose();

    private sealed class Controller : nn.Module
    {
        private readonly int[] _sizes;
        private readonly int _hidden;
        private readonly TorchSharp.Modules.LSTMCell _cell;
        private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Linear> _heads;
        private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Embedding> _embeddings;
        private readonly TorchSharp.Modules.Parameter _start;

        public Controller(int[] sizes, int hidden) : base("reinforce_controller")
        {
            _sizes = sizes;
            _hidden = hidden;
            _cell = nn.LSTMCell(hidden, hidden);
            _heads = new TorchSharp.Modules.ModuleList<TorchSharp.Modules.Linear>(sizes.Select(n => nn.Linear(hidden, n)).ToArray());
            _embeddings = new TorchSharp.Modules.ModuleList<TorchSharp.Modules.Embedding>(sizes.Select(n => nn.Embedding(n, hidden)).ToArray());
            _start = nn.Parameter(zeros(1, hidden));
            RegisterComponents();
        }

        /// <summary>Samples one value per gene (inverse-CDF on the seeded generator).</summary>
        public int[] Sample(Random random)
        {
            var choices = new int[_sizes.Length];
            Unroll((i, logits) =>
            {
                var p = logits.softmax(-1).data<float>().ToArray();
                double u = random.NextDouble(), sum = 0;
                int pick = p.Length - 1;
                for (int j = 0; j < p.Length; j++)
                {
                    sum += p[j];
                    if (u < sum) { pick = j; break; }
                }
                choices[i] = pick;
                return pick;
            });
            return choices;
        }

        /// <summary>Σ log π(choice) over the genes, with gradient.</summary>
        public Tensor LogProbability(IReadOnlyList<int> choices)
        {
            Tensor total = zeros(1);
            Unroll((i, logits) =>
            {
                total = total + logits.log_softmax(-1)[0, choices[i]];
                return choices[i];
            });
            return total;
        }

        private void Unroll(Func<int, Tensor, int> decide)
        {
            Tensor input = _start;
            Tensor h = zeros(1, _hidden), c = zeros(1, _hidden);
            for (int i = 0; i < _sizes.Length; i++)
            {
                (h, c) = _cell.forward(input, (h, c));
                var logits = _heads[i].forward(h);
                int pick = decide(i, logits);
                input = _embeddings[i].forward(tensor(new long[] { pick }));
            }
        }

    }
}
