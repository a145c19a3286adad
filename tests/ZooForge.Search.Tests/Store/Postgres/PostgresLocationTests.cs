using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Tests.Store.Postgres;

[Category("Postgres")]
public class PostgresLocationTests
{
    [Test]
    public void A_url_becomes_npgsql_settings()
    {
        var b = PostgresLocation.Parse("postgresql://alice:p%40ss@dbhost:6543/zoo?timeout=7", "--storage").Builder;
        Assert.That((b.Host, b.Port, b.Username, b.Password, b.Database, b.Timeout), Is.EqualTo(("dbhost", 6543, "alice", "p@ss", "zoo", 7)));
        var plain = PostgresLocation.Parse("postgres://bob@dbhost/zoo", "--storage").Builder;
        Assert.That((plain.Host, plain.Port, plain.Username, plain.Database), Is.EqualTo(("dbhost", 5432, "bob", "zoo")));
    }

    [Test]
    public void A_keyword_string_is_accepted()
    {
        var b = PostgresLocation.Parse("Host=dbhost;Port=6000;Username=carol;Database=zoo", "storage").Builder;
        Assert.That((b.Host, b.Port, b.Username, b.Database), Is.EqualTo(("dbhost", 6000, "carol", "zoo")));
    }

    [TestCase("postgresql://alice@dbhost:port/zoo", "--storage 'postgresql://alice@dbhost:port/zoo': not a valid URL; expected postgresql://user@host:port/database")]
    [TestCase("postgresql://alice:secret@dbhost:5432/", "--storage 'postgresql://alice:***@dbhost:5432/': no database; expected postgresql://user@host:port/database")]
    [TestCase("postgresql://alice@dbhost/zoo?colour=blue", "--storage 'postgresql://alice@dbhost/zoo?colour=blue': query keyword 'colour': ")]
    [TestCase("Host=dbhost;Password=secret;Colour=blue", "--storage 'Host=dbhost;Password=***;Colour=blue': ")]
    [TestCase("trials.db", "--storage 'trials.db': neither a postgresql:// URL nor a keyword string (Host=…;Database=…)")]
    public void Malformed_text_gives_one_error_naming_the_field(string text, string message)
    {
        var error = Assert.Throws<TrialStoreException>(() => PostgresLocation.Parse(text, "--storage"));
        Assert.That(error!.Message, Does.StartWith(message));
        Assert.That(error.Message, Does.Not.Contain("secret"));
    }

    [Test]
    public void An_unreachable_server_gives_one_error_naming_the_field()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        var error = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.Open("postgresql://postgres@127.0.0.1:1/zoo", "s", "--storage", policy));
        Assert.That(error!.Message, Does.StartWith("--storage: cannot connect to PostgreSQL at 127.0.0.1:1/zoo: "));
    }
}
