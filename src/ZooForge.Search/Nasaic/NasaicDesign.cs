using ZooForge.Asic.Heterogeneous;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// One point of the NASAIC space, decoded: each task's architecture and sub-accelerator, and every
/// sub-accelerator slot's template and resources (a slot no task is assigned to is not built).
/// </summary>
/// <param name="Architectures">Per task (configuration order), its network.</param>
/// <param name="Assignment">Per task, the index of the sub-accelerator it runs on.</param>
/// <param name="SubAccelerators">Every slot's sub-accelerator (PEs and bandwidth already taken from the shares).</param>
/// <param name="PeShares">Every slot's share of the PEs.</param>
/// <param name="BandwidthShares">Every slot's share of the bandwidth.</param>
public sealed record NasaicDesign(
    IReadOnlyList<NasaicArchitecture> Architectures, IReadOnlyList<int> Assignment, IReadOnlyList<SubAccelerator> SubAccelerators,
    IReadOnlyList<double> PeShares, IReadOnlyList<double> BandwidthShares)
{
    /// <summary>Indices of the slots some task runs on, ascending.</summary>
    public IReadOnlyList<int> Built => Assignment.Distinct().Order().ToList();

    /// <summary>PE share the built slots take together.</summary>
    public double PeShareTotal => Built.Sum(i => PeShares[i]);

    /// <summary>Bandwidth share the built slots take together.</summary>
    public double BandwidthShareTotal => Built.Sum(i => BandwidthShares[i]);

    /// <summary>
    /// A text equal for equal designs (unbuilt slots and slot order left out, slots renumbered in
    /// order of first use), so designs that differ only there are costed and trained once.
    /// </summary>
    public string CanonicalKey
    {
        get
        {
            var order = Assignment.Distinct().ToList();
            var tasks = Architectures.Select((a, t) => $"{a.Task}:{a.Key}@{order.IndexOf(Assignment[t])}");
            var subs = order.Select(i => SubAccelerators[i].Key);
            return string.Join(";", tasks) + "|" + string.Join(";", subs);
        }
    }
}
