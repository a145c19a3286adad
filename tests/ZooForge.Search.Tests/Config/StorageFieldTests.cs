using ZooForge.Search.Config;

namespace ZooForge.Search.Tests.Config;

public class StorageFieldTests
{
    [Test]
    public void Storage_is_absent_by_default_and_read_when_given()
    {
        Assert.That(TestSearch.Parse(TestSearch.Yaml()).Storage, Is.Null);
        Assert.That(TestSearch.Parse(TestSearch.Yaml(extra: "storage: postgresql://alice@dbhost:5432/zoo\n")).Storage, Is.EqualTo("postgresql://alice@dbhost:5432/zoo"));
    }

    [Test]
    public void A_malformed_storage_url_names_the_file_position_and_field()
    {
        var error = Assert.Throws<SearchConfigException>(() => TestSearch.Parse(TestSearch.Yaml(extra: "storage: postgresql://alice@dbhost\n")));
        Assert.That(error!.Message, Does.Match(@"^test\.yaml:\d+:\d+: field 'storage': storage 'postgresql://alice@dbhost': no database; expected postgresql://user@host:port/database$"));
    }
}
