using ZooForge.Core.Errors;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Serialization;
using ZooForge.Cli.Rendering;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Tasks;
using ZooForge.Torch.Training;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge zoo list | train | eval</c>: the pretrained zoos (MNIST, Fashion-MNIST) the searches hot-start from.</summary>
internal static class ZooCommand
{
    public static Command Create(Func<CliOutput> output) =>
        new("zoo", "The pretrained model zoos (1x28x28 MNIST digits, Fashion-MNIST clothes)") { List(output), Train(output), Eval(output) };

    private static Option<string?> ZooFolder() => new("--zoo")
    {
        Description = "Zoo folder holding manifest.json and checkpoints. Default: the zoo shipped with zooforge for --dataset",
    };

    private static Option<string> Dataset() => new("--dataset")
    {
        Description = $"Task whose zoo and data split to use: {string.Join(", ", ZooTask.All.Select(t => t.Name))}. Default: mnist",
        DefaultValueFactory = _ => ZooTask.Mnist.Name,
    };

    private static ZooTask TaskOf(ParseResult parse, Option<string> dataset)
    {
        try { return ZooTask.Find(parse.GetValue(dataset)!); }
        catch (ZooForge.Graph.Model.GraphException e) { throw new UserInputException("--dataset: " + e.Message); }
    }

    private static Command List(Func<CliOutput> output)
    {
        var json = CommonOptions.Json();
        var folder = ZooFolder();
        var dataset = Dataset();
        var command = new Command("list", "Architectures and trained checkpoints with their validation accuracy") { folder, dataset, json };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var task = TaskOf(parse, dataset);
            var zoo = ZooCatalogue.Open(parse.GetValue(folder) ?? task.DefaultFolder);
            var o = output();
            if (parse.GetValue(json))
            {
                o.WriteJson(zoo.Manifest);
                return 0;
            }
            var table = new Table().Title(Markup.Escape($"zoo in {zoo.Folder} — {zoo.Manifest.Dataset}"))
                .AddColumns("model", "family", "parameters", "MACs", "validation", "seed", "epochs", "reproduce with");
            foreach (var name in task.Names)
            {
                var e = zoo.Manifest.Models.FirstOrDefault(m => m.Name == name);
                table.AddPlainRow(name, task.FamilyOf(name),
                    e is null ? "-" : $"{e.Parameters:N0}", e is null ? "-" : $"{e.Macs:N0}",
                    e is null ? "not trained" : $"{100.0 * e.ValidationAccuracy:0.00}% ({e.ValidationCorrect}/{e.ValidationTotal})",
                    e?.Seed.ToString(CultureInfo.InvariantCulture) ?? "-", e?.Epochs.ToString(CultureInfo.InvariantCulture) ?? "-", e?.Command ?? "-");
            }
            o.Console_.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Train(Func<CliOutput> output)
    {
        var model = new Option<string>("--model", "-m") { Description = $"Architecture: {string.Join(", ", ZooTask.All.SelectMany(t => t.Names))}", Required = true };
        var dataset = Dataset();
        var outDir = new Option<string>("--out") { Description = "Zoo folder to write the checkpoint and update manifest.json in", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Epochs. Default: 15", DefaultValueFactory = _ => 15 };
        var batch = new Option<int>("--batch-size") { Description = "Batch size. Default: 64", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Initial SGD learning rate (cosine-annealed). Default: 0.05", DefaultValueFactory = _ => 0.05 };
        var seed = new Option<long>("--seed") { Description = "Seed of initial weights and batch order. Default: 1", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "CPU threads (results repeat for a fixed count). Default: 2", DefaultValueFactory = _ => TorchRuntime.DefaultThreads };
        var force = new Option<bool>("--force") { Description = "Replace an existing checkpoint of the same model" };
        var trainImages = new Option<int?>("--train-images") { Description = "Train on N images of the training split, drawn with --seed. Default: all of it" };
        var command = new Command("train", "Train a zoo architecture on its task's split and record it in the zoo manifest")
        {
            model, dataset, outDir, epochs, batch, lr, seed, threads, trainImages, force,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            var task = TaskOf(parse, dataset);
            var network = task.Create(parse.GetValue(model)!);
            string name = network.Name;
            string folder = parse.GetValue(outDir)!;
            string file = name + ModelFile.Extension;
            string checkpoint = Path.Combine(folder, file);
            if (File.Exists(checkpoint) && !parse.GetValue(force))
                throw new UserInputException($"'{checkpoint}' exists; pass --force to replace it");
            string manifestPath = Path.Combine(folder, ZooManifest.FileName);
            var manifest = File.Exists(manifestPath) ? ZooManifest.Load(manifestPath) : new ZooManifest { Dataset = TaskData.Description(task), Models = [] };
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed), Threads = parse.GetValue(threads),
            };
            try { options.Validate(); }
            catch (InvalidInputException e) { throw new UserInputException(e.Message); }

            var (train, validation) = TaskData.Split(task);
            if (parse.GetValue(trainImages) is { } subset)
            {
                if (subset < 1 || subset > train.Count) throw new UserInputException($"--train-images must be between 1 and {train.Count}, got {subset}");
                // A seeded draw, not the first N: the split keeps the dataset's order, which is by class.
                var picked = ZooForge.Data.Splits.SeededSplit.Permutation(train.Count, (ulong)options.Seed)[..subset];
                Array.Sort(picked);
                train = train.Subset(picked, train.Name + $"[{subset} drawn with seed {options.Seed}]");
            }
            var result = Trainer.Train(network, null, train, validation, options, report =>
                o.Error.WriteLine($"{name} epoch {report.Epoch}/{options.Epochs}: loss {report.MeanLoss:0.0000}, validation {report.Validation}, {report.Elapsed.TotalSeconds:0.0} s"));
            var accuracy = result.Epochs[^1].Validation!.Value;

            ModelFile.Save(checkpoint, network, result.Weights, new Dictionary<string, string> { ["zoo.model"] = name });
            string command = string.Create(CultureInfo.InvariantCulture,
                $"zooforge zoo train --model {name}{(task == ZooTask.Mnist ? "" : " --dataset " + task.Name)} --epochs {options.Epochs} --batch-size {options.BatchSize} --lr {options.LearningRate} --seed {options.Seed} --threads {options.Threads}{(parse.GetValue(trainImages) is { } n ? $" --train-images {n}" : "")} --out {folder} --force");
            var entry = new ZooEntry
            {
                Name = name, Family = task.FamilyOf(name), File = file,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(checkpoint))),
                Parameters = network.ParameterCount, Macs = network.MacCount,
                ValidationCorrect = accuracy.Correct, ValidationTotal = accuracy.Total,
                Seed = options.Seed, Epochs = options.Epochs, BatchSize = options.BatchSize, LearningRate = options.LearningRate,
                Threads = options.Threads, Command = command,
            };
            AtomicFile.WriteAllText(manifestPath, manifest.With(entry).ToJson());
            o.Writer.WriteLine($"{name}: validation {accuracy}, {result.ImagesPerSecond:0} images/s; wrote {checkpoint}");
            return 0;
        }));
        return command;
    }

    private static Command Eval(Func<CliOutput> output)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Checkpoint to evaluate. Default: every checkpoint in the zoo" };
        var folder = ZooFolder();
        var dataset = Dataset();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Evaluate checkpoints on the validation split and compare with the manifest (exit 1 on any difference)")
        {
            model, dataset, folder, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var task = TaskOf(parse, dataset);
            var zoo = ZooCatalogue.Open(parse.GetValue(folder) ?? task.DefaultFolder);
            var names = parse.GetValue(model) is { } one ? [zoo.Entry(one).Name] : zoo.Manifest.Models.Select(m => m.Name).ToList();
            var (_, validation) = TaskData.Split(task);
            var rows = new List<EvalRow>();
            foreach (var name in names)
            {
                var entry = zoo.Entry(name);
                var contents = zoo.Load(name);
                var accuracy = Evaluator.Evaluate(contents.Network, contents.Weights, validation, threads: entry.Threads);
                rows.Add(new EvalRow(name, accuracy.Correct, accuracy.Total, entry.ValidationCorrect, accuracy.Correct == entry.ValidationCorrect && accuracy.Total == entry.ValidationTotal));
            }
            var o = output();
            if (parse.GetValue(json)) o.WriteJson(rows);
            else
            {
                var table = new Table().AddColumns("model", "validation", "manifest", "reproduced");
                foreach (var r in rows)
                    table.AddPlainRow(r.Model, $"{100.0 * r.Correct / r.Total:0.00}% ({r.Correct}/{r.Total})", $"{r.ManifestCorrect}/{r.Total}", r.Reproduced ? "yes" : "NO");
                o.Console_.Write(table);
            }
            if (rows.All(r => r.Reproduced)) return 0;
            o.Error.WriteLine($"zooforge: error: accuracy differs from the manifest for {string.Join(", ", rows.Where(r => !r.Reproduced).Select(r => r.Model))}");
            return ErrorReporter.BadInput;
        }));
        return command;
    }

    private sealed record EvalRow(string Model, int Correct, int Total, int ManifestCorrect, bool Reproduced);
}
