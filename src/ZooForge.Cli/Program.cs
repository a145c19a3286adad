using ZooForge.Cli.App;

return ZooForgeApp.Run(args, Console.Out, Console.Error);
