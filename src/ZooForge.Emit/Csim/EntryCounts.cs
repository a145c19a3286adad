using System.Globalization;
using System.Text.RegularExpressions;

namespace ZooForge.Emit.Csim;

/// <summary>
/// What the instrumented csim (<c>-DZF_COUNT</c>, <c>templates/hls/kernels/zf_count.h</c>)
/// counted for one schedule entry on one image.
/// </summary>
/// <param name="Entry">Index in the schedule.</param>
/// <param name="Op">Index of the op the entry computes.</param>
/// <param name="InputBeats">Reads of the activation input port.</param>
/// <param name="WeightBeats">Words read on the weight port.</param>
/// <param name="OutputBeats">Writes of the activation output port.</param>
/// <param name="ParamReads">Reads of the parameter port.</param>
/// <param name="ComputeTrips">Trips of the pipelined MAC loop.</param>
/// <param name="Steps">Input-channel steps.</param>
/// <param name="Cycles">The trips folded into cycles by the performance model's schedule.</param>
public sealed record EntryCounts(int Entry, int Op, long InputBeats, long WeightBeats, long OutputBeats, long ParamReads, long ComputeTrips, long Steps, long Cycles)
{
    private static readonly Regex Line = new(
        @"^ZF_COUNT entry=(\d+) op=(\d+) input=(\d+) weight=(\d+) output=(\d+) params=(\d+) trips=(\d+) steps=(\d+) cycles=(\d+)$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Every entry's counts in the output of one instrumented run, in schedule order.</summary>
    /// <exception cref="EmitException">The output holds no counts (not an instrumented build).</exception>
    public static IReadOnlyList<EntryCounts> Parse(string stdout)
    {
        var result = Line.Matches(stdout).Select(m =>
        {
            long At(int group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
            return new EntryCounts((int)At(1), (int)At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9));
        }).ToArray();
        if (result.Length == 0) throw new EmitException("the csim output holds no ZF_COUNT lines: was it built with -DZF_COUNT?");
        return result;
    }
}
