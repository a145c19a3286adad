using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Resources;

namespace ZooForge.Hardware.Exploration;

/// <summary>A design point with its total latency and resources.</summary>
/// <param name="Design">The design.</param>
/// <param name="Cycles">Total cycles of the network under the chosen model.</param>
/// <param name="Resources">Estimated resources.</param>
public sealed record DesignEvaluation(AcceleratorDesign Design, double Cycles, ResourceUsage Resources)
{
    /// <summary>Latency in milliseconds at the design's clock.</summary>
    public double Milliseconds => Cycles / (Design.ClockMhz * 1000.0);

    /// <summary>True if this point is at least as good as <paramref name="other"/> in latency, DSP and BRAM18.</summary>
    public bool WeaklyDominates(DesignEvaluation other) =>
        Cycles <= other.Cycles && Resources.Dsp <= other.Resources.Dsp && Resources.Bram18 <= other.Resources.Bram18;

    /// <summary>
    /// Ordering for "best": lowest latency, then fewest DSPs, then fewest BRAM18, then
    /// <see cref="CompareDesigns"/>, so the best design is unique whatever the search order.
    /// </summary>
    public static int CompareForBest(DesignEvaluation a, DesignEvaluation b)
    {
        int c = a.Cycles.CompareTo(b.Cycles);
        if (c != 0) return c;
        c = a.Resources.Dsp.CompareTo(b.Resources.Dsp);
        if (c != 0) return c;
        c = a.Resources.Bram18.CompareTo(b.Resources.Bram18);
        return c != 0 ? c : CompareDesigns(a.Design, b.Design);
    }

    /// <summary>
    /// A total order on designs with equal objectives: smaller conv tiling first, then wider
    /// ports (so a design whose ports could not be widened wins ties), then smaller depthwise tiling, then the patterned engine before the dense one.
    /// </summary>
    public static int CompareDesigns(AcceleratorDesign a, AcceleratorDesign b)
    {
        int c = Compare(a.Conv, b.Conv);
        if (c != 0) return c;
        c = b.Ports.Weight.CompareTo(a.Ports.Weight);
        if (c != 0) return c;
        c = b.Ports.Input.CompareTo(a.Ports.Input);
        if (c != 0) return c;
        c = b.Ports.Output.CompareTo(a.Ports.Output);
        if (c != 0) return c;
        c = Compare(a.Depthwise ?? default, b.Depthwise ?? default);
        // The patterned engine first: it is the one that also exploits pattern sparsity.
        return c != 0 ? c : a.Dense.CompareTo(b.Dense);
    }

    private static int Compare(EngineTiling a, EngineTiling b)
    {
        int c = a.Tm.CompareTo(b.Tm);
        if (c != 0) return c;
        c = a.Tn.CompareTo(b.Tn);
        if (c != 0) return c;
        c = a.Tr.CompareTo(b.Tr);
        if (c != 0) return c;
        c = a.Tc.CompareTo(b.Tc);
        return c != 0 ? c : a.Tk.CompareTo(b.Tk);
    }
}
