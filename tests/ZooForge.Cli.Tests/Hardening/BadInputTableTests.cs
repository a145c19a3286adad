using ZooForge.TestSupport;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>
/// Keeps <c>src/ZooForge.Cli/BAD-INPUT.md</c> and the hardening tests together: every row names
/// an existing test, and every hardening test has its row.
/// </summary>
[TestFixture]
public sealed partial class BadInputTableTests
{
    /// <summary>The issue asks for at least 20 kinds of bad input; the lead's brief for 24.</summary>
    private const int MinimumRows = 24;

    private sealed record Row(int Number, string[] Cells, string Test);

    private static string TablePath() => Path.Combine(Repository.Root, "src", "ZooForge.Cli", "BAD-INPUT.md");

    private static List<Row> Rows() =>
        File.ReadAllLines(TablePath())
            .Where(line => RowStart().IsMatch(line))
            .Select(line =>
            {
                var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                var test = TestCell().Match(cells[^1]);
                Assert.That(test.Success, Is.True, $"last cell of row '{cells[0]}' names a test as `Class.Method`: {line}");
                return new Row(int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), cells, test.Groups[1].Value);
            })
            .ToList();

    /// <summary>Class.Method of every test in the hardening namespace, this fixture excepted.</summary>
    private static IEnumerable<string> HardeningTests() =>
        typeof(BadInputTableTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(BadInputTableTests).Namespace && t != typeof(BadInputTableTests) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttributes().Any(a => a is TestAttribute or TestCaseAttribute or TestCaseSourceAttribute))
                .Select(m => $"{t.Name}.{m.Name}"));

    [Test]
    public void Table_has_enough_numbered_complete_rows()
    {
        var rows = Rows();
        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(MinimumRows));
        Assert.That(rows.Select(r => r.Number), Is.EqualTo(Enumerable.Range(1, rows.Count)), "rows numbered 1, 2, 3, …");
        foreach (var row in rows)
        {
            Assert.That(row.Cells, Has.Length.EqualTo(6), $"row {row.Number}: # | kind | example | command | behaviour | test");
            Assert.That(row.Cells, Has.None.Empty, $"row {row.Number} has an empty cell");
        }
    }

    [Test]
    public void Every_row_names_an_existing_test()
    {
        var tests = HardeningTests().ToHashSet(StringComparer.Ordinal);
        var missing = Rows().Where(r => !tests.Contains(r.Test)).Select(r => $"row {r.Number}: {r.Test}").ToList();
        Assert.That(missing, Is.Empty, "rows whose test does not exist in ZooForge.Cli.Tests.Hardening");
    }

    [Test]
    public void Every_hardening_test_has_exactly_one_row()
    {
        var named = Rows().GroupBy(r => r.Test).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(named.Where(p => p.Value > 1).Select(p => p.Key), Is.Empty, "tests named by more than one row");
        Assert.That(HardeningTests().Where(t => !named.ContainsKey(t)), Is.Empty, "hardening tests missing from BAD-INPUT.md");
    }

    [GeneratedRegex(@"^\|\s*\d+\s*\|")]
    private static partial Regex RowStart();

    [GeneratedRegex(@"^`(\w+\.\w+)`$")]
    private static partial Regex TestCell();
}
