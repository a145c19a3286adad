using ZooForge.Core.Yaml;
using System.Globalization;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Exploration;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;
using ZooForge.Torch.Search;

namespace ZooForge.Flow.Search;

/// <summary>
/// A search run folder and its settings: a new run records its config text, seed and strategy
/// in the trial store; a resumed run reads them back, so it continues the same search.
/// </summary>
public sealed class SearchSession : IDisposable
{
    /// <summary>Settings of a search in its trial store (a PostgreSQL study's workers read them too).</summary>
    internal const string ConfigKey = "config", SeedKey = "seed", StrategyKey = "strategy", BudgetKey = "budget", SourceKey = "config_source";

    private SearchSession(string folder, Func<ITrialStore> openStore, string source, SearchConfig config, long seed, string strategy, int budget, ZooCatalogue zoo)
    {
        (Folder, _openStore, Source, Config, Seed, Strategy, Budget, Zoo) = (folder, openStore, source, config, seed, strategy, budget, zoo);
    }

    private readonly Func<ITrialStore> _openStore;
    private ITrialStore? _store;
    private FastExplorer? _explorer;

    /// <summary>The search's run folder.</summary>
    public string Folder { get; }

    /// <summary>Where the configuration came from (its file, or the built-in default), for messages.</summary>
    public string Source { get; }

    /// <summary>
    /// The trial store. A new run creates its folder and store only here, on first use, so a
    /// search refused while it is being set up (unknown device, infeasible specification) leaves
    /// nothing on disk.
    /// </summary>
    public ITrialStore Store => _store ??= _openStore();
    /// <summary>The parsed configuration.</summary>
    public SearchConfig Config { get; }
    /// <summary>The search seed.</summary>
    public long Seed { get; }
    /// <summary>The strategy's name.</summary>
    public string Strategy { get; }
    /// <summary>Trials in total.</summary>
    public int Budget { get; }
    /// <summary>The zoo the search starts from.</summary>
    public ZooCatalogue Zoo { get; }

    /// <summary>The PostgreSQL location of the run's study, or null when its trials are in SQLite (so it cannot have several workers).</summary>
    public string? Storage { get; private set; }

    private readonly Dictionary<string, (Network, NetworkWeights)> _models = new(StringComparer.Ordinal);

    /// <summary>A zoo model's network and trained weights (loaded and verified once).</summary>
    public (Network Network, NetworkWeights Weights) Model(string name)
    {
        lock (_models)
        {
            if (_models.TryGetValue(name, out var cached)) return cached;
            var contents = Zoo.Load(name);
            return _models[name] = (contents.Network, contents.Weights);
        }
    }

    /// <summary>Whether <paramref name="folder"/> holds a search to resume: a SQLite store, or the location of a PostgreSQL study.</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, TrialStore.FileName)) || StudyLocationFile.Exists(folder);

    /// <summary>
    /// Starts a new run in <paramref name="folder"/>, refusing to overwrite an existing one. Trials
    /// go to SQLite in the folder unless <paramref name="storage"/> (<c>--storage</c>) or the
    /// configuration's <c>storage</c> names a PostgreSQL database; the study is
    /// <paramref name="study"/> or the configuration's name.
    /// </summary>
    public static SearchSession Create(string folder, string? configPath, long seed, string strategy, int? budget, string? zooFolder,
        string? storage = null, string? study = null)
    {
        string database = Path.Combine(folder, TrialStore.FileName);
        if (Exists(folder))
            throw new UserInputException($"--out '{folder}' already holds a search; pass --resume {folder} to continue it, or choose another --out");
        var zoo = ZooCatalogue.Open(zooFolder);
        string text = configPath is null ? SearchConfigFile.DefaultText : ReadConfig(configPath);
        string source = configPath ?? "(built-in default config)";
        var config = ParseConfig(text, source, zoo);
        int planned = budget ?? config.Budget;
        string? location = storage ?? config.Storage;
        string field = storage is not null ? "--storage" : $"{source}: field 'storage'";
        if (location is not null) PostgresLocation.Parse(location, field);
        string studyName = study ?? config.Name;
        ITrialStore Open()
        {
            ITrialStore store = location is null ? OpenNewFile(folder, database) : OpenNewStudy(folder, location, studyName, field);
            store.SetMeta(ConfigKey, text);
            store.SetMeta(SourceKey, source);
            store.SetMeta(SeedKey, seed.ToString(CultureInfo.InvariantCulture));
            store.SetMeta(StrategyKey, strategy);
            store.SetMeta(BudgetKey, planned.ToString(CultureInfo.InvariantCulture));
            return store;
        }
        return new SearchSession(folder, Open, source, config, seed, strategy, planned, zoo) { Storage = location };
    }

    private static TrialStore OpenNewFile(string folder, string database)
    {
        Directory.CreateDirectory(folder);
        return TrialStore.Open(database);
    }

    // The run folder is created only once the server has answered, so an unreachable or refused
    // study leaves nothing on disk.
    private static PostgresTrialStore OpenNewStudy(string folder, string location, string study, string field)
    {
        var store = PostgresTrialStore.Open(location, study, field);
        if (store.GetMeta(ConfigKey) is not null)
        {
            store.Dispose();
            throw new UserInputException($"{field}: {store.Path} already holds a search; choose another --study, or resume the run folder that started it");
        }
        Directory.CreateDirectory(folder);
        StudyLocationFile.Write(folder, PostgresLocation.Parse(location, field), study);
        return store;
    }

    /// <summary>
    /// Opens (or creates) the built-in default search's evaluation cache for <c>bench-search</c> in
    /// <paramref name="folder"/>: an existing store is reused (that is the point: trained candidates
    /// are shared), but only if it was made with the same configuration.
    /// </summary>
    public static SearchSession ForBenchmark(string folder, string? zooFolder)
    {
        var zoo = ZooCatalogue.Open(zooFolder);
        string text = SearchConfigFile.DefaultText;
        var config = SearchConfigFile.Parse(text, "(built-in default config)", name => Architecture(zoo, name));
        Directory.CreateDirectory(folder);
        var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        if (store.GetMeta(ConfigKey) is { } stored && stored != text)
        {
            store.Dispose();
            throw new UserInputException($"'{folder}' holds an evaluation cache made with another configuration; choose another --out");
        }
        store.SetMeta(ConfigKey, text);
        store.SetMeta(StrategyKey, "bench-search");
        var session = new SearchSession(folder, () => store, "(built-in default config)", config, 0, "bench-search", config.Budget, zoo);
        _ = session.Store; // already open: from here the session owns (and disposes) it
        return session;
    }

    /// <summary>Reopens the run in <paramref name="folder"/>; settings given again must match the stored ones.</summary>
    public static SearchSession Resume(string folder, string? configPath, long? seed, string? strategy, int? budget, string? zooFolder,
        string? storage = null, string? study = null)
    {
        var store = OpenExisting(folder, storage, study);
        try
        {
            string text = store.GetMeta(ConfigKey) ?? throw new UserInputException($"--resume '{folder}': the trial store has no configuration");
            long storedSeed = long.Parse(store.GetMeta(SeedKey)!, CultureInfo.InvariantCulture);
            string storedStrategy = store.GetMeta(StrategyKey)!;
            if (configPath is not null && ReadConfig(configPath) != text)
                throw new UserInputException($"--config '{configPath}' differs from the configuration the search in '{folder}' started with");
            if (seed is { } s && s != storedSeed) throw new UserInputException($"--seed {s} differs from the search's seed {storedSeed}");
            if (strategy is not null && strategy != storedStrategy) throw new UserInputException($"--strategy {strategy} differs from the search's strategy {storedStrategy}");
            var session = FromStore(folder, store, text, zooFolder, budget);
            if (store is PostgresTrialStore) session.Storage = storage ?? StudyLocationFile.Read(folder).Storage;
            return session;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The search kept in <paramref name="store"/>, for a worker of a distributed search: its
    /// settings come from the study, its trained networks go to <paramref name="folder"/>. The
    /// session owns the store from here.
    /// </summary>
    public static SearchSession ForWorker(PostgresTrialStore store, string folder, string? zooFolder)
    {
        string text = store.GetMeta(ConfigKey) ?? throw new UserInputException($"--study: {store.Path} holds no search; start one with zooforge search --storage");
        return FromStore(folder, store, text, zooFolder, budget: null);
    }

    private static SearchSession FromStore(string folder, ITrialStore store, string text, string? zooFolder, int? budget)
    {
        long storedSeed = long.Parse(store.GetMeta(SeedKey)!, CultureInfo.InvariantCulture);
        var zoo = ZooCatalogue.Open(zooFolder);
        string source = store.GetMeta(SourceKey) ?? folder;
        var config = ParseConfig(text, source, zoo);
        int planned = budget ?? int.Parse(store.GetMeta(BudgetKey)!, CultureInfo.InvariantCulture);
        if (budget is not null) store.SetMeta(BudgetKey, planned.ToString(CultureInfo.InvariantCulture));
        var session = new SearchSession(folder, () => store, source, config, storedSeed, store.GetMeta(StrategyKey)!, planned, zoo);
        _ = session.Store; // already open: from here the session owns (and disposes) it
        return session;
    }

    // The folder's SQLite store, or the PostgreSQL study it records (at --storage when given, e.g. with the password).
    private static ITrialStore OpenExisting(string folder, string? storage, string? study)
    {
        string database = Path.Combine(folder, TrialStore.FileName);
        if (File.Exists(database))
        {
            if (storage is not null) throw new UserInputException($"--storage: the search in '{folder}' keeps its trials in {TrialStore.FileName}");
            return TrialStore.Open(database);
        }
        if (!StudyLocationFile.Exists(folder))
            throw new UserInputException($"--resume '{folder}': no search there ({TrialStore.FileName} and {StudyLocationFile.FileName} are missing)");
        var (saved, savedStudy) = StudyLocationFile.Read(folder);
        if (study is not null && study != savedStudy) throw new UserInputException($"--study {study} differs from the search's study {savedStudy}");
        return PostgresTrialStore.Open(storage ?? saved, savedStudy, storage is null ? Path.Combine(folder, StudyLocationFile.FileName) : "--storage", create: false);
    }

    /// <summary>
    /// The fast explorer for this run's device, clock, hardware space and latency model; one per
    /// session, so the search, its strategy and the report share its cache of structures.
    /// </summary>
    public FastExplorer Explorer() => _explorer ??= CreateExplorer();

    private FastExplorer CreateExplorer()
    {
        return new FastExplorer(Model, Config.Device, Config.HardwareSpace, Config.PerfModel, Config.ClockMhz, Config.MaxLogicUtilisation);
    }

    /// <summary>
    /// The strategy named by the run. BO samples only candidates whose fast exploration meets the
    /// hardware-only constraints; evolution scales channels toward the reward's latency ceiling L_hi.
    /// </summary>
    public ISearchStrategy CreateStrategy()
    {
        var explorer = Explorer();
        return SearchStrategies.Create(Strategy, Config.Space, Seed, c => SearchEngine.MeetsHardwareConstraints(Config, explorer, c), Config.Reward.LatencyHighMs);
    }

    /// <summary>Slow exploration on the project's MNIST split.</summary>
    public IAccuracyEvaluator Evaluator()
    {
        var (train, validation) = MnistSplit.Default();
        var evaluator = new CompressionAccuracyEvaluator(Model, train, validation, Config.Evaluation);
        return WrapEvaluator is null ? evaluator : WrapEvaluator(evaluator);
    }

    /// <summary>Tests only: wraps the real evaluator, e.g. to make one chosen trial throw.</summary>
    internal Func<IAccuracyEvaluator, IAccuracyEvaluator>? WrapEvaluator { get; set; }

    /// <summary>Closes the trial store.</summary>
    public void Dispose() => _store?.Dispose();

    private static string ReadConfig(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new UserInputException($"--config: file '{path}' does not exist");

    private static SearchConfig ParseConfig(string text, string source, ZooCatalogue zoo) =>
        YamlReading.Read(text, source, () => SearchConfigFile.Parse(text, source, name => Architecture(zoo, name)), (message, _) => new UserInputException(message));

    private static Network Architecture(ZooCatalogue zoo, string name)
    {
        zoo.Entry(name);
        return MnistModels.Contains(name) ? MnistModels.Create(name) : zoo.Load(name).Network;
    }
}
