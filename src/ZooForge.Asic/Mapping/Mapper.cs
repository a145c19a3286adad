using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Mapping;

/// <summary>
/// Finds the best mapping of one layer on one hardware point under one dataflow: exhaustively
/// when the space is small, otherwise by seeded random sampling followed by hill climbing over
/// one-axis moves. This is the inner loop a hardware search calls for every layer.
/// </summary>
public sealed class Mapper
{
    private readonly CostEvaluator _evaluator = new();

    /// <summary>The best mapping, or a <see cref="MappingException"/> when none fits the buffers.</summary>
    public MappingResult Map(in AsicLayer layer, SpatialAccelerator hw, Dataflow dataflow, MapperOptions? options = null)
    {
        options ??= new MapperOptions();
        layer.Validate();
        var space = new MappingSpace(dataflow, layer, hw.Pes, Math.Max(1, hw.SimdUnits), hw.ComputeLanes > 0 ? hw.ComputeLanes : Math.Max(1, hw.MacsPerPe));
        int axes = space.Axes.Count;
        var state = new Search(this, layer, hw, space, options.Objective);
        // The template's own tiles first: the baseline every search must match, and the refusal
        // worth reporting when nothing fits.
        string? defaultRefusal = state.TryDefault();
        var point = new int[axes];
        bool exhaustive = space.Size <= options.ExhaustiveLimit;
        if (exhaustive)
        {
            do state.Try(point); while (Next(point, space));
        }
        else
        {
            var random = new Random(options.Seed);
            int starts = Math.Max(1, options.Budget / 3);
            for (int s = 0; s < starts; s++)
            {
                for (int a = 0; a < axes; a++) point[a] = random.Next(space.Choices(a));
                state.Try(point);
            }
            // Hill climbing: move one axis one step (or to a random choice) while that improves.
            var current = state.BestSampledPoint?.ToArray();
            while (current is not null && state.Evaluated < options.Budget)
            {
                bool improved = false;
                for (int a = 0; a < axes && state.Evaluated < options.Budget; a++)
                {
                    foreach (int delta in (ReadOnlySpan<int>)[-1, 1, 0])
                    {
                        var next = current.ToArray();
                        next[a] = delta == 0 ? random.Next(space.Choices(a)) : next[a] + delta;
                        if (next[a] < 0 || next[a] >= space.Choices(a)) continue;
                        if (state.Try(next)) { current = next; improved = true; }
                    }
                }
                if (!improved) break;
            }
        }
        if (state.Best is null)
        {
            throw new MappingException(
                $"no {dataflow.ShortName()} mapping of layer '{layer.Name}' fits '{hw.Name}' ({hw.L1Bytes} B L1 per PE, {hw.L2Bytes} B L2; {state.Refused} mappings tried): the template's default {defaultRefusal ?? state.LastRefusal}");
        }
        return new MappingResult
        {
            Mapping = state.Best.Value.Mapping,
            Tiles = state.Best.Value.Tiles,
            Cost = state.Best.Value.Cost,
            Objective = options.Objective,
            SpaceSize = space.Size,
            Evaluated = state.Evaluated,
            Refused = state.Refused,
            Exhaustive = exhaustive,
        };
    }

    private static bool Next(int[] point, MappingSpace space)
    {
        for (int a = point.Length - 1; a >= 0; a--)
        {
            if (++point[a] < space.Choices(a)) return true;
            point[a] = 0;
        }
        return false;
    }

    private sealed class Search(Mapper mapper, AsicLayer layer, SpatialAccelerator hw, MappingSpace space, Objective objective)
    {
        public (LoopNest Mapping, TemplateTiles Tiles, LayerCost Cost, double Score)? Best;
        public int[]? BestSampledPoint;
        private double _bestSampledScore = double.PositiveInfinity;
        public int Evaluated;
        public int Refused;
        public string? LastRefusal;
        private readonly HashSet<long> _seen = [];

        /// <summary>Evaluates the template's default tiles; the refusal when they do not fit.</summary>
        public string? TryDefault()
        {
            LoopNest mapping;
            try
            {
                mapping = DataflowTemplates.Create(space.Dataflow, layer, hw, TemplateTiles.Default);
                mapping.Validate(space.Pes);
            }
            catch (MappingException e)
            {
                return e.Message;
            }
            if (!mapper._evaluator.TryEvaluate(layer, hw, mapping, out var cost, out var refusal))
                return $"mapping {mapping} {refusal}";
            double score = objective.Score(cost!);
            Best = (mapping, TemplateTiles.Default, cost!, score);
            return null;
        }

        /// <summary>Evaluates a point once; true when it beat every point sampled before it (the climb's step).</summary>
        public bool Try(int[] point)
        {
            long key = 0;
            for (int a = 0; a < point.Length; a++) key = key * 1024 + point[a];
            if (!_seen.Add(key)) return false;
            Evaluated++;
            var tiles = space.At(point);
            LoopNest mapping;
            try
            {
                mapping = DataflowTemplates.Create(space.Dataflow, layer, hw, tiles);
                mapping.Validate(space.Pes);
            }
            catch (MappingException e)
            {
                Refused++;
                LastRefusal = e.Message;
                return false;
            }
            if (!mapper._evaluator.TryEvaluate(layer, hw, mapping, out var cost, out var refusal))
            {
                Refused++;
                LastRefusal = $"mapping {mapping} {refusal}";
                return false;
            }
            double score = objective.Score(cost!);
            bool improvedSample = score < _bestSampledScore;
            if (improvedSample)
            {
                _bestSampledScore = score;
                BestSampledPoint = point.ToArray();
            }
            // Ties on the objective go to fewer cycles, then less energy, so the choice is deterministic.
            if (Best is null || score < Best.Value.Score
                || (score == Best.Value.Score && (cost!.Cycles, cost.EnergyPj).CompareTo((Best.Value.Cost.Cycles, Best.Value.Cost.EnergyPj)) < 0))
            {
                Best = (mapping, tiles, cost!, score);
            }
            return improvedSample;
        }
    }
}
