using System.CommandLine;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge devices</c>: the device catalogue.</summary>
internal static class DevicesCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var json = CommonOptions.Json();
        var paths = CommonOptions.DevicePaths();
        var command = new Command("devices", "List the device catalogue (built-in plus --devices files)") { json, paths };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var catalogue = CommonOptions.LoadCatalogue(parse.GetValue(paths) ?? []);
            var o = output();
            if (parse.GetValue(json))
            {
                o.WriteJson(catalogue.Devices);
                return 0;
            }
            var table = new Table().AddColumns("name", "board", "part", "DSP", "BRAM18", "URAM", "LUT", "FF", "AXI bits", "clock MHz");
            foreach (var d in catalogue.Devices)
                table.AddPlainRow(d.Name, d.Board, d.Part, $"{d.Dsp:N0}", $"{d.Bram18:N0}", $"{d.Uram:N0}", $"{d.Lut:N0}",
                    $"{d.Ff:N0}", d.AxiPortBits.ToString(), $"{d.ClockMhz:0.###}");
            for (int c = 3; c < 10; c++) table.Columns[c].RightAligned();
            o.Console_.Write(table);
            return 0;
        }));
        return command;
    }
}
