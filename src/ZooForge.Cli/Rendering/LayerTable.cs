using ZooForge.Graph.Model;
using Spectre.Console;
using ZooForge.Hardware.Performance;

namespace ZooForge.Cli.Rendering;

/// <summary>Per-layer latency table with the HotNAS breakdown.</summary>
internal static class LayerTable
{
    public static Table Create(NetworkLatency latency)
    {
        double total = latency.TotalCycles;
        var table = new Table().AddColumns("#", "layer", "kind", "unit", "M", "N", "R", "C", "K", "S", "P", "ones", "wbits",
            "cycles", "share", "bottleneck", "load IFM", "load W", "store OFM", "compute");
        int index = 0;
        foreach (var l in latency.Layers)
        {
            index++;
            if (!l.IsModelled) continue;
            var w = l.Layer;
            table.AddPlainRow(index.ToString(), w.Name, w.Kind.Tag(), Formats.Unit(l.Unit),
                w.M.ToString(), w.N.ToString(), w.R.ToString(), w.C.ToString(), w.K.ToString(), w.S.ToString(), w.P.ToString(),
                w.IsPatternPruned ? w.PatternOnes.ToString() : "-", w.WeightBits > 0 ? w.WeightBits.ToString() : "-",
                Formats.Cycles(l.Cycles), Formats.Percent(l.Cycles, total), Formats.Bottleneck(l.Bottleneck),
                Formats.Cycles(l.InputCycles), Formats.Cycles(l.WeightCycles), Formats.Cycles(l.OutputCycles), Formats.Cycles(l.ComputeCycles));
        }
        for (int c = 4; c < 20; c++) if (c != 15) table.Columns[c].RightAligned();
        table.Columns[0].RightAligned();
        return table;
    }
}
