using Spectre.Console;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Resources;

namespace ZooForge.Cli.Rendering;

/// <summary>Resource use of a design against a device.</summary>
internal static class ResourceTable
{
    public static Table Create(ResourceUsage u, Device d)
    {
        var table = new Table().Title(Markup.Escape($"resources on {d.Board} ({d.Part})")).AddColumns("resource", "used", "available", "use");
        void Row(string name, long used, long available) =>
            table.AddPlainRow(name, $"{used:N0}", $"{available:N0}", Formats.Percent(used, available));
        Row("DSP", u.Dsp, d.Dsp);
        Row("BRAM18", u.Bram18, d.Bram18);
        Row("LUT (estimate)", u.Lut, d.Lut);
        Row("FF (estimate)", u.Ff, d.Ff);
        Row("AXI port bits", u.PortBits, d.AxiPortBits);
        table.AddPlainRow("BRAM18, HotNAS formula", $"{u.Bram18HotNas:N0}", $"{d.Bram18:N0}", "not enforced");
        for (int c = 1; c < 4; c++) table.Columns[c].RightAligned();
        return table;
    }
}
