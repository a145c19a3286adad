namespace ZooForge.Cli.Tests.Search;

/// <summary>Small search configurations for the command tests.</summary>
internal static class SearchConfigs
{
    /// <summary>lenet5 only, a few genes, 50 validation digits and 2 fine-tuning batches: seconds per trial.</summary>
    public static string Tiny(string constraint = "latency_ms <= 0.13", int budget = 6) => $"""
        format: zooforge-search/1
        name: tiny
        device: zcu102
        clock_mhz: 200
        zoo: [mnist_lenet5]
        genes:
          patterns: [0, 4]
          zeros: [2, 4]
          bits: [8, 6, 4]
        objective: accuracy
        constraints: ["{constraint}"]
        reward: {"{"}alpha: 0.7, accuracy_low: 0.9, accuracy_high: 0.99, latency_low_ms: 0.09, latency_high_ms: 0.13{"}"}
        evaluation: {"{"}fine_tune_batches: 2, validation_images: 50, calibration_images: 32{"}"}
        budget: {budget}
        """;

    public static string Write(string folder, string text)
    {
        string path = Path.Combine(folder, "search.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
