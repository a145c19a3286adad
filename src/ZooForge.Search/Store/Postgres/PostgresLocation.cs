using Npgsql;

namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// Where a PostgreSQL trial store lives: parsed from a URL <c>postgresql://user[:password]@host[:port]/database[?keyword=value&amp;…]</c>
/// (also <c>postgres://</c>) or from an Npgsql keyword string (<c>Host=…;Port=…;Username=…;Database=…</c>).
/// Query keywords are Npgsql's (e.g. <c>?timeout=5</c>, or <c>?host=/run/postgresql</c> for a
/// socket folder). Every error names the field the text came from.
/// </summary>
public sealed record PostgresLocation
{
    private PostgresLocation(NpgsqlConnectionStringBuilder builder) => Builder = builder;

    /// <summary>The connection settings in Npgsql's keyword form.</summary>
    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Host, port and database, without credentials, for messages.</summary>
    public string Display => $"{Builder.Host}:{Builder.Port}/{Builder.Database}";

    /// <summary>The settings as an Npgsql keyword string without the password, to keep in a file (give the password again, or through a passfile).</summary>
    public string WithoutPassword => new NpgsqlConnectionStringBuilder(Builder.ConnectionString) { Password = null }.ConnectionString;

    /// <summary>Whether <paramref name="text"/> names a PostgreSQL store (a <c>postgresql://</c> or <c>postgres://</c> URL).</summary>
    public static bool IsUrl(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a URL or an Npgsql keyword string given in <paramref name="field"/>.</summary>
    /// <exception cref="TrialStoreException">The text is malformed or lacks the host or database.</exception>
    public static PostgresLocation Parse(string text, string field)
    {
        var builder = IsUrl(text) ? FromUrl(text, field) : FromKeywords(text, field);
        if (string.IsNullOrEmpty(builder.Host)) throw Malformed(field, text, "no host");
        if (string.IsNullOrEmpty(builder.Database)) throw Malformed(field, text, "no database");
        // One long-lived connection per store: a pooled connection would outlive a server restart unnoticed.
        builder.Pooling = false;
        return new PostgresLocation(builder);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text, string field)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw Malformed(field, text, "not a valid URL");
        var builder = new NpgsqlConnectionStringBuilder();
        if (uri.Host.Length > 0) builder.Host = uri.Host.Trim('[', ']');
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/')) throw Malformed(field, text, $"'{database}' is not a database name");
        if (database.Length > 0) builder.Database = database;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0) throw Malformed(field, text, $"query part '{pair}' is not keyword=value");
            string keyword = Uri.UnescapeDataString(pair[..equals]), value = Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[keyword] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw Malformed(field, text, $"query keyword '{keyword}': {e.Message}");
            }
        }
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text, string field)
    {
        if (!text.Contains('='))
            throw Malformed(field, text, "neither a postgresql:// URL nor a keyword string (Host=…;Database=…)");
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw Malformed(field, text, e.Message);
        }
    }

    private static TrialStoreException Malformed(string field, string text, string problem) =>
        new($"{field} '{Redact(text)}': {problem}; expected postgresql://user@host:port/database");

    // A password in a message would end up in logs.
    private static string Redact(string text)
    {
        if (!IsUrl(text))
            return System.Text.RegularExpressions.Regex.Replace(text, "(?i)(password|pwd)\\s*=[^;]*", "$1=***");
        int scheme = text.IndexOf("://", StringComparison.Ordinal) + 3, at = text.IndexOf('@', scheme), colon = text.IndexOf(':', scheme);
        return at > 0 && colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}
