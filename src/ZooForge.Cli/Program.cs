using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;

return ZooForgeApp.Run(args, Console.Out, Console.Error);
