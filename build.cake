// ZooForge build script. Run through the pinned local tool:
//   dotnet tool restore && dotnet cake --target=<Target>
// Targets: Build, Test, Bench, Dse (the main job on the built-in default), Default (= Build).

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var solution = "./toolchain.sln";
var cli = "./src/ZooForge.Cli/bin/" + configuration + "/net10.0/zooforge.dll";

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = new[] { "console;verbosity=normal", "trx" },
        ResultsDirectory = "./artifacts/test-results",
    }));

// Prints figures; never fails on them. Single-threaded by construction.
Task("Bench")
    .IsDependentOn("Build")
    .Does(() => DotNetExecute(cli, "bench"));

// The main job: hardware DSE of the built-in default (resnet18 on ZCU102, HotNAS space).
Task("Dse")
    .IsDependentOn("Build")
    .Does(() => DotNetExecute(cli, "dse"));

Task("Default").IsDependentOn("Build");

RunTarget(target);
